/** The manifests a command names (all when none), with a clear error for unknown ids. */
import { UsageError } from "../errors.js";
import { type LoadedManifest, loadAll } from "./discover.js";

export const EXPERIMENTS_DIR = "experiments";

export function selectManifests(ids: readonly string[], dir = EXPERIMENTS_DIR): LoadedManifest[] {
  const all = loadAll(dir);
  if (ids.length === 0) return all;
  const known = new Map(all.map((m) => [m.manifest.id, m]));
  return ids.map((id) => {
    const m = known.get(id);
    if (!m)
      throw new UsageError(`unknown experiment '${id}' (known: ${[...known.keys()].join(", ")})`);
    return m;
  });
}
