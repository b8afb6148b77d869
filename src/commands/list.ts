/** `dispatch-repro list`: the experiments, their point counts and runners. */

import { selectManifests } from "../manifest/select.js";
import { planPoints } from "../plan/points.js";

export function listCommand(): void {
  const rows = selectManifests([]).map(({ manifest }) => {
    const runners = Object.keys(manifest.runners).join(",");
    const claims = manifest.claims.length;
    return [
      manifest.id,
      String(planPoints(manifest).length),
      runners,
      String(claims),
      manifest.title,
    ];
  });
  const header = ["id", "points", "runners", "claims", "title"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  for (const r of [header, ...rows]) {
    process.stdout.write(
      `${r.map((c, i) => (i < r.length - 1 ? c.padEnd(widths[i] ?? 0) : c)).join("  ")}\n`,
    );
  }
}
