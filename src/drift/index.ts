/** Public API of the drift gate: accepted baseline vs current results. */
export {
  type Baseline,
  BaselineError,
  type BaselinePaths,
  baselinePaths,
  formatVerdicts,
  readBaseline,
  writeBaseline,
} from "./baseline.js";
export {
  compareRuns,
  type DriftRow,
  type DriftStatus,
  type DriftTolerances,
  describeTolerance,
  type MetricTolerance,
  pointLabel,
  withinTolerance,
} from "./compare.js";
export {
  type DriftSummary,
  type ExperimentDrift,
  experimentDrift,
  summarizeDrift,
} from "./gate.js";
export {
  changeText,
  DEFAULT_ROW_LIMIT,
  DRIFT_COLUMNS,
  type DriftReportOptions,
  driftCells,
  driftSummaryLine,
  formatDriftMarkdown,
  formatDriftReportMarkdown,
  formatDriftReportText,
  formatDriftText,
  formatVerdictChangesMarkdown,
  formatVerdictChangesText,
  VERDICT_COLUMNS,
  verdictCells,
} from "./table.js";
export {
  compareVerdicts,
  VERDICTS,
  type VerdictChange,
  type VerdictComparison,
  type VerdictMap,
  verdictsOf,
} from "./verdicts.js";
