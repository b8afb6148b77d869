/**
 * The rows of a manifest's table (Table 1): one per panel × x, each with the
 * paper's number and the reproduced estimate per column, and the verdict of
 * the claims that cover the row. Pure data; markdown.ts and svg.ts draw it.
 */
import type { ClaimResult, Verdict } from "../../claims/check.js";
import { sameX } from "../../claims/numeric.js";
import type { Manifest, Metric, Table } from "../../manifest/schema.js";
import type { Estimate, SeriesPoint } from "../../results/types.js";
import { coversRow, type SweepShape } from "./claim-coverage.js";

export interface TableCell {
  metric: Metric;
  /** The paper's number; never enters a result. */
  published: number | undefined;
  /** Mean and 95% interval over seeds of the table's series at this panel and x. */
  reproduced: Estimate | undefined;
}

export interface TableRow {
  panel: string;
  panelTitle: string;
  x: number;
  cells: TableCell[];
  /** Worst verdict of `claims` (fail > no data > not-reproduced > pass); undefined when none. */
  verdict: Verdict | undefined;
  /** Ids of the checked claims (those with a result) that cover this row. */
  claims: string[];
}

const SEVERITY: Record<Verdict, number> = {
  pass: 0,
  "not-reproduced": 1,
  "no-data": 2,
  fail: 3,
};

function worst(verdicts: readonly Verdict[]): Verdict | undefined {
  let found: Verdict | undefined;
  for (const v of verdicts) if (found === undefined || SEVERITY[v] > SEVERITY[found]) found = v;
  return found;
}

/**
 * A claim's verdict for one panel: a claim that failed only in other panels
 * (or holds as an 'any' claim) does not mark this panel's rows.
 */
function verdictInPanel(result: ClaimResult, panel: string): Verdict {
  if (result.verdict === "pass") return "pass";
  const outcome = result.panels.find((p) => p.panel === panel);
  return outcome?.pass === true ? "pass" : result.verdict;
}

/** The published numbers of a panel at x; keys are x values written as strings. */
function publishedAt(table: Table, panel: string, x: number): readonly number[] | undefined {
  const byX = table.published[panel];
  if (byX === undefined) return undefined;
  const key = Object.keys(byX).find((k) => sameX(Number(k), x));
  return key === undefined ? undefined : byX[key];
}

/** Row x values of a panel: the sweep's, plus any the paper shows that the sweep lacks. */
function rowXs(manifest: Manifest, table: Table, panel: string): number[] {
  const xs = [...manifest.sweep.values];
  for (const key of Object.keys(table.published[panel] ?? {})) {
    const x = Number(key);
    if (Number.isFinite(x) && !xs.some((v) => sameX(v, x))) xs.push(x);
  }
  return xs.sort((a, b) => a - b);
}

/** Table rows, panel by panel in manifest order, x ascending; [] when the manifest has no table. */
export function tableRows(
  manifest: Manifest,
  points: readonly SeriesPoint[],
  results?: readonly ClaimResult[],
): TableRow[] {
  const { table } = manifest;
  if (table === undefined) return [];
  const metrics = table.columns.map((c) => c.metric);
  const sweep: SweepShape = {
    panels: manifest.sweep.panels.map((p) => p.id),
    values: manifest.sweep.values,
  };
  const checked = (results ?? []).flatMap((result) => {
    const claim = manifest.claims.find((c) => c.id === result.id);
    return claim === undefined ? [] : [{ claim, result }];
  });

  return manifest.sweep.panels.flatMap((panel) =>
    rowXs(manifest, table, panel.id).map((x): TableRow => {
      const point = points.find(
        (p) =>
          p.mechanism === table.series &&
          p.variant === undefined &&
          p.panel === panel.id &&
          sameX(p.x, x),
      );
      const published = publishedAt(table, panel.id, x);
      const covering = checked.filter(({ claim }) =>
        coversRow(claim, { series: table.series, metrics, panel: panel.id, x }, sweep),
      );
      return {
        panel: panel.id,
        panelTitle: panel.title,
        x,
        cells: metrics.map((metric, i) => ({
          metric,
          published: published?.[i],
          reproduced: point?.metrics[metric],
        })),
        verdict: worst(covering.map(({ result }) => verdictInPanel(result, panel.id))),
        claims: covering.map(({ claim }) => claim.id),
      };
    }),
  );
}
