/** Public API of the claim checker. */
export {
  type ClaimResult,
  type ClaimSummary,
  checkClaim,
  checkClaims,
  type PanelOutcome,
  type RoleCounts,
  type Runner,
  summarize,
  type Verdict,
} from "./check.js";
export { describeExpected, describeTolerance } from "./describe.js";
export { checkKind } from "./kinds/index.js";
export {
  type ClaimReport,
  type ClaimRow,
  formatMarkdown,
  formatText,
  type TextOptions,
  toReport,
  toRow,
  verdictLabel,
} from "./table.js";
export type { ClaimOf, KindOutcome, XRange } from "./types.js";
