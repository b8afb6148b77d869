/**
 * The machine terms a prediction sizes a hw section with: those its hw
 * results were measured with (data/<id>/hw.meta.json, details.sizing.terms),
 * so every predicted point is a measured one. Experiments measured under
 * different terms cannot be predicted in one run; with no hw results yet the
 * reference machine's terms stand in (docs/hw-sizing.md).
 */
import { existsSync, readFileSync } from "node:fs";
import { UsageError } from "../errors.js";
import type { LoadedManifest } from "../manifest/discover.js";
import { type MachineTerms, REFERENCE_TERMS } from "../plan/machine-terms.js";
import { metaPathOf, resultsPath } from "../results/paths.js";

function recordedTerms(id: string, root: string): MachineTerms | undefined {
  const meta = metaPathOf(resultsPath(id, "hw", root));
  if (!existsSync(meta)) return undefined;
  const parsed = JSON.parse(readFileSync(meta, "utf8")) as {
    details?: { sizing?: { terms?: MachineTerms } };
  };
  return parsed.details?.sizing?.terms;
}

export function predictionTerms(manifests: readonly LoadedManifest[], root = "."): MachineTerms {
  const found = manifests.flatMap(({ manifest }) => {
    if (manifest.runners.hw === undefined) return [];
    const terms = recordedTerms(manifest.id, root);
    return terms === undefined ? [] : [{ id: manifest.id, terms }];
  });
  const first = found[0];
  if (first === undefined) return REFERENCE_TERMS;
  const other = found.find((f) => JSON.stringify(f.terms) !== JSON.stringify(first.terms));
  if (other !== undefined) {
    throw new UsageError(
      `predict: ${first.id} and ${other.id} were measured under different machine terms (data/<id>/hw.meta.json): predict them in separate runs`,
    );
  }
  return first.terms;
}

/** The experiments a prediction covers: those with a hw section. */
export function predictable(manifests: readonly LoadedManifest[]): LoadedManifest[] {
  return manifests.filter(({ manifest }) => manifest.runners.hw !== undefined);
}
