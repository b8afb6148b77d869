/**
 * `onset_order`: where a metric first reaches a level moves along a list of
 * panels. For each series, the onset in a panel is the first x at which the
 * metric is ≥ `level` (+∞ when it never is, up to the panel's last x). Over
 * the claim's `panels`, in the order given, onsets must never move earlier,
 * the first panel must have one, and the last must come strictly later than
 * the first — e.g. Table 1's overflow load (the first rate with SIGIOs)
 * moving to higher loads as the RT signal queue limit grows. A constant
 * series has the same onset everywhere and fails; a series that never
 * reaches the level has no onset in the first panel and fails.
 *
 * The per-panel outcome only reports the onset; the order spans panels and
 * is checked by check.ts with `checkOnsetOrder`.
 */
import type { Mechanism } from "../../manifest/schema.js";
import type { SeriesPoint } from "../../results/types.js";
import { fmt } from "../format.js";
import { geq } from "../numeric.js";
import { combineParts, guardNoData } from "../outcome.js";
import { metricOf, selectSeries } from "../series.js";
import type { ClaimOf, KindOutcome } from "../types.js";

type OnsetOrderClaim = ClaimOf<"onset_order">;

/** First x whose metric is ≥ level (+∞ if none), and the last x looked at. */
function onsetOf(
  claim: OnsetOrderClaim,
  points: readonly SeriesPoint[],
  mechanism: Mechanism,
  panel?: string,
): { x: number; lastX: number } {
  const series = selectSeries(points, mechanism, claim.x_range, panel);
  const first = series.find((p) => geq(metricOf(p, claim.metric), claim.level));
  return {
    x: first?.x ?? Number.POSITIVE_INFINITY,
    lastX: series[series.length - 1]?.x ?? Number.NaN,
  };
}

function onsetText(onset: { x: number; lastX: number }): string {
  return Number.isFinite(onset.x) ? `x=${fmt(onset.x)}` : `none up to x=${fmt(onset.lastX)}`;
}

/** One panel: where each series first reaches the level (it passes; the order is checked across panels). */
export function checkOnsetInPanel(
  claim: OnsetOrderClaim,
  points: readonly SeriesPoint[],
): KindOutcome {
  return combineParts(claim.series, (mechanism) => ({
    pass: true,
    measured: `first ≥ ${fmt(claim.level)} at ${onsetText(onsetOf(claim, points, mechanism))}`,
  }));
}

/** The onsets of each series over the claim's panels, in order. */
export function checkOnsetOrder(
  claim: OnsetOrderClaim,
  points: readonly SeriesPoint[],
): KindOutcome {
  const panels = claim.panels ?? [];
  return guardNoData(() => {
    const measured: string[] = [];
    const problems: string[] = [];
    for (const mechanism of claim.series) {
      const onsets = panels.map((panel) => onsetOf(claim, points, mechanism, panel));
      measured.push(
        `${mechanism}: ${onsets.map((o, i) => `${panels[i]} ${onsetText(o)}`).join(" → ")}`,
      );
      const first = onsets[0];
      const last = onsets[onsets.length - 1];
      if (first === undefined || last === undefined) continue;
      if (!Number.isFinite(first.x)) {
        problems.push(`${mechanism} never reaches ${fmt(claim.level)} in ${panels[0]}`);
        continue;
      }
      onsets.forEach((o, i) => {
        const before = onsets[i - 1];
        if (before !== undefined && o.x < before.x) {
          problems.push(
            `${mechanism}: onset in ${panels[i]} (${onsetText(o)}) before ${panels[i - 1]} (${onsetText(before)})`,
          );
        }
      });
      if (!(last.x > first.x)) {
        problems.push(
          `${mechanism}: onset in ${panels[panels.length - 1]} not later than in ${panels[0]}`,
        );
      }
    }
    const outcome: KindOutcome = { pass: problems.length === 0, measured: measured.join("; ") };
    if (problems.length > 0) outcome.detail = problems.join("; ");
    return outcome;
  });
}
