/** `dispatch-repro figures`: the whole pipeline (src/pipeline.ts), then its verdict lines. */
import { roleCountsText, summarize } from "../claims/index.js";
import { reproduceFigures } from "../pipeline.js";
import { jobsFrom } from "./run.js";

export interface FiguresOptions {
  jobs?: string;
  force?: boolean;
  drift?: boolean;
}

/** Exit status: 0 when the simulator's claims (and, with --drift, the baseline) pass. */
export async function figuresCommand(ids: readonly string[], o: FiguresOptions): Promise<number> {
  const result = await reproduceFigures({
    ids,
    jobs: jobsFrom(o.jobs),
    ...(o.force === undefined ? {} : { force: o.force }),
    ...(o.drift === undefined ? {} : { drift: o.drift }),
  });
  process.stdout.write(`${result.verdict.lines.join("\n")}\n`);
  const predicted = result.evaluations.filter((e) => e.runner === "predict");
  if (predicted.length > 0) {
    // Reported, not gated: it compares with this machine's hw results (docs/cross-validation.md).
    const counts = summarize(predicted.flatMap((e) => e.claims))["cross-validation"];
    process.stdout.write(
      `cross-validation (the simulator predicting this machine's hw results; not gated): ${roleCountsText(counts)}\n`,
    );
  }
  return result.verdict.ok ? 0 : 1;
}
