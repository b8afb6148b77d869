/** How a row's verdict reads and looks in a table. */
import type { Verdict } from "../../claims/check.js";
import { MISSING } from "./number-text.js";

/** Same words as the claim report (src/claims/table.ts). */
export function verdictText(verdict: Verdict | undefined): string {
  switch (verdict) {
    case "pass":
      return "PASS";
    case "fail":
      return "FAIL";
    case "not-reproduced":
      return "NOT REPRODUCED";
    case undefined:
      return MISSING;
  }
}

/** Cell fill and text colour: pass green, fail red, not reproduced amber. */
export const VERDICT_COLORS: Record<Verdict, { fill: string; text: string }> = {
  pass: { fill: "#d4edda", text: "#1b5e20" },
  fail: { fill: "#f8d0d0", text: "#b71c1c" },
  "not-reproduced": { fill: "#ffe5a8", text: "#7a4f00" },
};
