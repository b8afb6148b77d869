/** How a row's verdict reads and looks in a table. */
import type { Verdict } from "../../claims/check.js";
import { VERDICT_WORDS } from "../../claims/table.js";
import { MISSING } from "./number-text.js";

/** Same words as the claim report. */
export function verdictText(verdict: Verdict | undefined): string {
  return verdict === undefined ? MISSING : VERDICT_WORDS[verdict];
}

/** Cell fill and text colour: pass green, fail red, no data violet, not reproduced amber. */
export const VERDICT_COLORS: Record<Verdict, { fill: string; text: string }> = {
  pass: { fill: "#d4edda", text: "#1b5e20" },
  fail: { fill: "#f8d0d0", text: "#b71c1c" },
  "no-data": { fill: "#e0d4f5", text: "#4a1d8f" },
  "not-reproduced": { fill: "#ffe5a8", text: "#7a4f00" },
};
