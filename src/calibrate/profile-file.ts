/**
 * A calibrated profile as a file (data/profiles/NAME.json): the constants,
 * their sources, the fit's numbers and the raw measurements, with where and
 * when they were measured. Written atomically; the simulator reads it by
 * name (runners/sim/costs/profiles.ts).
 */
import { cpus, release } from "node:os";
import { writeFileAtomic } from "../results/atomic-write.js";
import { detectCodeVersion } from "../results/provenance.js";
import { probeKey } from "../runners/hw/probe/probe-cache.js";
import { hwSourceVersion } from "../runners/hw/runner.js";
import { profilePath } from "../runners/sim/costs/profiles.js";
import type { DerivedProfile } from "./derive.js";
import type { CalibrationRaw } from "./raw.js";

export interface CalibratedProfileFile {
  id: string;
  description: string;
  provenance: {
    /** CPU model, CPUs, kernel, machine-id and boot: the machine these numbers describe. */
    machine: string;
    cpu_model: string;
    kernel: string;
    measured_at: string;
    /** The hw runner's sources (microbench.c, the servers) and the repository's code version. */
    hw_source_version: string;
    code_version: string;
    wall_time_s: number;
  };
  constants: DerivedProfile["constants"];
  sources: DerivedProfile["sources"];
  fit: DerivedProfile["fit"];
  raw: CalibrationRaw;
}

export function profileFileOf(
  id: string,
  raw: CalibrationRaw,
  derived: DerivedProfile,
  wallTimeS: number,
): CalibratedProfileFile {
  const cpuModel = cpus()[0]?.model.trim() ?? "unknown";
  return {
    id,
    description: `${cpuModel}, Linux ${release()}: server on CPU ${raw.microbench.cpu}, clients on CPU ${raw.microbench.peer_cpu}, loopback (dispatch-repro calibrate)`,
    provenance: {
      machine: probeKey(),
      cpu_model: cpuModel,
      kernel: release(),
      measured_at: new Date().toISOString(),
      hw_source_version: hwSourceVersion(),
      code_version: detectCodeVersion(),
      wall_time_s: Number(wallTimeS.toFixed(1)),
    },
    constants: derived.constants,
    sources: derived.sources,
    fit: derived.fit,
    raw,
  };
}

export function writeProfileFile(file: CalibratedProfileFile, root = "."): string {
  const path = profilePath(file.id, root);
  writeFileAtomic(path, `${JSON.stringify(file, null, 2)}\n`);
  return path;
}
