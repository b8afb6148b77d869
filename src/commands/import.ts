/**
 * `dispatch-repro import FILE…`: the JSON lines of `point --runner sim --json`
 * commands (from `plan`) into the simulator's cache — all or nothing, and
 * only results of this simulator version for planned points.
 */
import { loadAll } from "../manifest/discover.js";
import { EXPERIMENTS_DIR } from "../manifest/select.js";
import { info } from "../progress.js";
import { type ImportSummary, importPoints } from "../runners/sim/batch.js";

export function importCommand(files: readonly string[]): ImportSummary {
  const summary = importPoints(loadAll(EXPERIMENTS_DIR), files);
  info(
    `import: ${summary.imported} point(s) into the cache, ${summary.duplicates} already there; ` +
      "'dispatch-repro run' reuses them",
  );
  return summary;
}
