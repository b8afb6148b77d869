/** Where a runner's results of an experiment live: data/<id>/<runner>.csv (and .meta.json). */
import { join } from "node:path";

export const DATA_DIR = "data";

export function resultsPath(id: string, runner: string, root = "."): string {
  const path = join(DATA_DIR, id, `${runner}.csv`);
  return root === "." ? path : join(root, path);
}

/** The provenance file beside a results CSV. */
export function metaPathOf(csvPath: string): string {
  return csvPath.replace(/\.csv$/, ".meta.json");
}
