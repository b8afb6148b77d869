/**
 * `data/<id>/<runner>.csv`: one row per run (point × seed). The columns do not
 * depend on the experiment, so every CSV can be read by the same code and
 * compared across runners. An unmeasured metric is an empty cell, never 0.
 * Hardware results (hw.csv) add three columns after the shared ones:
 * `valid` (true/false: could the clients deliver the load?), `invalid_reason`
 * and `server_cpu_pct` (the server process's own CPU, beside cpu_pct's whole
 * CPU 0), and a fourth, `point_valid_repetitions`: how many of the point's
 * repetitions are valid (fewer than 3 give no 95% interval: the chart draws
 * the point hollow). Then, in this order and only when a row has one:
 * `queue_limit` (the RT signal queue limit of a point that sets it) and
 * `variant` (a rule-variant series id of the simulator, empty for the
 * default series).
 */
import { readFileSync } from "node:fs";
import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import { MECHANISMS, METRICS, PARAMETERS, WORKLOADS } from "../manifest/schema.js";
import { writeFileAtomic } from "./atomic-write.js";
import { formatNumber } from "./number-format.js";
import { compareRunPosition, runPositionKey, runPositionOf } from "./run-order.js";
import type { HwFields, Metrics, PointSpec, RunRow } from "./types.js";

/** Numeric PointSpec fields, in column order. */
const SPEC_NUMBER_COLUMNS = PARAMETERS satisfies readonly (keyof PointSpec)[];

const INTEGER_COLUMNS = new Set<string>([
  "connections",
  "idle",
  "reply_bytes",
  "seed",
  "queue_limit",
]);

export const RUN_COLUMNS: readonly string[] = [
  "panel",
  "mechanism",
  "workload",
  "x",
  ...SPEC_NUMBER_COLUMNS,
  "seed",
  ...METRICS,
];

/** The hw runner's columns, after RUN_COLUMNS. */
export const HW_COLUMNS: readonly string[] = ["valid", "invalid_reason", "server_cpu_pct"];

/** After HW_COLUMNS: the point's valid repetitions (hw results written before issue 13 lack it). */
export const VALID_REPETITIONS_COLUMN = "point_valid_repetitions";

/** The RT signal queue limit, after those (written only when a row has one). */
export const QUEUE_LIMIT_COLUMN = "queue_limit";

/** The column of rule-variant series, last (written only when a row has one). */
export const VARIANT_COLUMN = "variant";

/** A results file's columns, from what its rows carry. */
function columnsFor(hw: boolean, validRepetitions: boolean, queueLimit: boolean, variant: boolean) {
  return [
    ...RUN_COLUMNS,
    ...(hw ? HW_COLUMNS : []),
    ...(hw && validRepetitions ? [VALID_REPETITIONS_COLUMN] : []),
    ...(queueLimit ? [QUEUE_LIMIT_COLUMN] : []),
    ...(variant ? [VARIANT_COLUMN] : []),
  ];
}

/** Every header a results file may have. */
const KNOWN_HEADERS: readonly (readonly string[])[] = (() => {
  const headers: string[][] = [];
  for (const hw of [false, true])
    for (const validRepetitions of hw ? [false, true] : [false])
      for (const queueLimit of [false, true])
        for (const variant of [false, true])
          headers.push(columnsFor(hw, validRepetitions, queueLimit, variant));
  return headers;
})();

export interface RunsCsvOptions {
  /** Write the hw columns (every row must carry `hw`). */
  hw?: boolean;
}

/**
 * A results CSV that cannot be read (truncated, edited, from another
 * version). Its message is one line: the first problem with file and line,
 * how many more, and the fix — the cache rewrites a results file, git
 * restores a baseline.
 */
export class RunsCsvError extends Error {
  override readonly name = "RunsCsvError";
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem(s))` : "";
    super(
      `${problems[0] ?? "unreadable results file"}${more}: the file is damaged — ` +
        "'dispatch-repro run' rewrites a results CSV from the cache; restore a committed one with git checkout",
    );
    this.problems = problems;
  }
}

function compareRows(a: RunRow, b: RunRow): number {
  return compareRunPosition(runPositionOf(a), runPositionOf(b)) || a.spec.seed - b.spec.seed;
}

function hwCells(row: RunRow): string[] {
  const hw = row.hw;
  if (hw === undefined) {
    throw new Error(
      `hw results: row ${row.panel}/${row.spec.mechanism}/x=${row.x}/seed=${row.spec.seed} has no hw fields`,
    );
  }
  return [
    String(hw.valid),
    hw.valid ? "" : hw.invalid_reason,
    hw.server_cpu_pct === null ? "" : formatNumber(hw.server_cpu_pct),
  ];
}

/** Valid repetitions of each point (hw rows). */
function validRepetitionsByPoint(rows: readonly RunRow[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const row of rows) {
    const key = runPositionKey(row);
    counts.set(key, (counts.get(key) ?? 0) + (row.hw?.valid ? 1 : 0));
  }
  return counts;
}

function rowCells(
  row: RunRow,
  hw: boolean,
  validRepetitions: Map<string, number> | null,
  queueLimits: boolean,
  variants: boolean,
): string[] {
  const { spec } = row;
  return [
    row.panel,
    spec.mechanism,
    spec.workload,
    formatNumber(row.x),
    ...SPEC_NUMBER_COLUMNS.map((column) => formatNumber(spec[column])),
    formatNumber(spec.seed),
    ...METRICS.map((metric) => {
      const value = row.metrics[metric];
      return value === null ? "" : formatNumber(value);
    }),
    ...(hw ? hwCells(row) : []),
    ...(validRepetitions ? [String(validRepetitions.get(runPositionKey(row)) ?? 0)] : []),
    ...(queueLimits ? [spec.queue_limit === undefined ? "" : formatNumber(spec.queue_limit)] : []),
    ...(variants ? [spec.variant ?? ""] : []),
  ];
}

export function formatRunsCsv(rows: readonly RunRow[], options: RunsCsvOptions = {}): string {
  const hw = options.hw === true;
  const sorted = [...rows].sort(compareRows);
  const queueLimits = rows.some((row) => row.spec.queue_limit !== undefined);
  const variants = rows.some((row) => row.spec.variant !== undefined);
  const validRepetitions = hw ? validRepetitionsByPoint(rows) : null;
  const header = columnsFor(hw, hw, queueLimits, variants);
  return stringify(
    [header, ...sorted.map((row) => rowCells(row, hw, validRepetitions, queueLimits, variants))],
    { record_delimiter: "\n" },
  );
}

/** Writes the rows sorted by panel, mechanism, x, seed; atomic. */
export function writeRunsCsv(
  path: string,
  rows: readonly RunRow[],
  options: RunsCsvOptions = {},
): void {
  writeFileAtomic(path, formatRunsCsv(rows, options));
}

// Plain decimal or exponent notation only: Number() alone would accept "", " ", "0x1f".
const DECIMAL = /^-?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/;

/** Reads one record; collects problems instead of stopping at the first. */
class RecordReader {
  constructor(
    private readonly cells: readonly string[],
    private readonly where: string,
    private readonly problems: string[],
    private readonly columns: readonly string[] = RUN_COLUMNS,
  ) {}

  private cell(column: string): string {
    return this.cells[this.columns.indexOf(column)] ?? "";
  }

  boolean(column: string): boolean {
    const text = this.cell(column);
    if (text !== "true" && text !== "false")
      this.problem(column, `expected true or false, got ${JSON.stringify(text)}`);
    return text === "true";
  }

  /** Any text, empty allowed. */
  optionalText(column: string): string {
    return this.cell(column);
  }

  private problem(column: string, message: string): void {
    this.problems.push(`${this.where} ${column}: ${message}`);
  }

  number(column: string): number {
    const value = this.nullableNumber(column);
    if (value === null) {
      this.problem(column, "empty cell; a number is required");
      return Number.NaN;
    }
    return value;
  }

  nullableNumber(column: string): number | null {
    const text = this.cell(column);
    if (text === "") return null;
    if (!DECIMAL.test(text)) {
      this.problem(column, `not a number: ${JSON.stringify(text)}`);
      return Number.NaN;
    }
    const value = Number(text);
    if (INTEGER_COLUMNS.has(column) && !Number.isInteger(value)) {
      this.problem(column, `expected an integer, got ${text}`);
    }
    return value;
  }

  choice<T extends string>(column: string, allowed: readonly T[], label: string): T {
    const text = this.cell(column);
    if (!(allowed as readonly string[]).includes(text)) {
      this.problem(column, `unknown ${label} ${JSON.stringify(text)}`);
    }
    // Unchecked only when a problem was recorded, and then the whole read throws.
    return text as T;
  }

  text(column: string): string {
    const text = this.cell(column);
    if (text === "") this.problem(column, "empty cell");
    return text;
  }
}

function readRecord(
  cells: readonly string[],
  where: string,
  problems: string[],
  columns: readonly string[],
): RunRow {
  const read = new RecordReader(cells, where, problems, columns);
  const panel = read.text("panel");
  const spec: PointSpec = {
    workload: read.choice("workload", WORKLOADS, "workload"),
    mechanism: read.choice("mechanism", MECHANISMS, "mechanism"),
    connections: read.number("connections"),
    idle: read.number("idle"),
    rate: read.number("rate"),
    reply_bytes: read.number("reply_bytes"),
    duration_s: read.number("duration_s"),
    warmup_s: read.number("warmup_s"),
    client_timeout_s: read.number("client_timeout_s"),
    seed: read.number("seed"),
  };
  const x = read.number("x");
  const metrics = Object.fromEntries(
    METRICS.map((metric) => [metric, read.nullableNumber(metric)]),
  ) as Metrics;
  if (columns.includes(VARIANT_COLUMN)) {
    const variant = read.optionalText(VARIANT_COLUMN);
    if (variant !== "") spec.variant = variant;
  }
  if (columns.includes(QUEUE_LIMIT_COLUMN)) {
    const queueLimit = read.nullableNumber(QUEUE_LIMIT_COLUMN);
    if (queueLimit !== null) spec.queue_limit = queueLimit;
  }
  if (!columns.includes("valid")) return { panel, x, spec, metrics };
  const hw: HwFields = {
    valid: read.boolean("valid"),
    invalid_reason: read.optionalText("invalid_reason"),
    server_cpu_pct: read.nullableNumber("server_cpu_pct"),
  };
  if (!hw.valid && hw.invalid_reason === "") {
    problems.push(`${where} invalid_reason: empty for an invalid run (say why it is invalid)`);
  }
  return { panel, x, spec, metrics, hw };
}

interface ParsedRecord {
  record: string[];
  info: { lines: number };
}

export function parseRunsCsv(text: string, file: string): RunRow[] {
  let records: ParsedRecord[];
  try {
    // With `info: true` csv-parse returns {record, info} objects; its types don't model that.
    records = parse(text, {
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
    }) as unknown as ParsedRecord[];
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new RunsCsvError([`${file}: ${message}`]);
  }

  const [header, ...body] = records;
  if (header === undefined) throw new RunsCsvError([`${file}:1: header: missing`]);
  const expected = RUN_COLUMNS.join(",");
  const got = header.record.join(",");
  const columns = KNOWN_HEADERS.find((h) => h.join(",") === got);
  if (columns === undefined) {
    throw new RunsCsvError([
      `${file}:${header.info.lines}: header: expected ${expected}, followed for hw results by ` +
        `${[...HW_COLUMNS, VALID_REPETITIONS_COLUMN].join(",")}, then ${QUEUE_LIMIT_COLUMN} and ${VARIANT_COLUMN} when rows have them; got ${got}`,
    ]);
  }

  const problems: string[] = [];
  const rows: RunRow[] = [];
  for (const { record, info } of body) {
    const where = `${file}:${info.lines}:`;
    if (record.length !== columns.length) {
      problems.push(`${where} row: expected ${columns.length} cells, got ${record.length}`);
      continue;
    }
    rows.push(readRecord(record, where, problems, columns));
  }
  if (problems.length > 0) throw new RunsCsvError(problems);
  return rows;
}

export function readRunsCsv(path: string): RunRow[] {
  return parseRunsCsv(readFileSync(path, "utf8"), path);
}
