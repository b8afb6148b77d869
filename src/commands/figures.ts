/** `dispatch-repro figures`: the whole pipeline (src/pipeline.ts), then its verdict lines. */
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
  return result.verdict.ok ? 0 : 1;
}
