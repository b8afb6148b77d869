/** Public API of the claim checker. */
export {
  blocksGate,
  type ClaimResult,
  type ClaimSummary,
  checkClaim,
  checkClaims,
  type PanelOutcome,
  type RoleCounts,
  type Runner,
  summarize,
  VERDICTS,
  type Verdict,
} from "./check.js";
export { describeExpected, describeTolerance } from "./describe.js";
export { checkKind } from "./kinds/index.js";
export {
  type ClaimReport,
  type ClaimRow,
  formatMarkdown,
  formatText,
  roleCountsText,
  rolePassCounts,
  summaryLine,
  type TextOptions,
  toReport,
  toRow,
  verdictLabel,
} from "./table.js";
export type { ClaimOf, KindOutcome, XRange } from "./types.js";
