/**
 * The probe's results kept per machine (data/hw-probe.json, committed with
 * the hw results it sized): a later `run --runner hw` on the same machine
 * and boot reuses them, so its sizes — and so its cached points — stay the
 * same. The key has the boot id because machines of this kind are virtual
 * machines from one image (one /etc/machine-id, one host name) and a VM may
 * land on another host when it boots; the probe takes half a minute.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { writeFileAtomic } from "../../../results/atomic-write.js";
import { DATA_DIR } from "../../../results/paths.js";
import { machineId } from "../runner.js";
import type { ProbeRecord } from "./probe.js";

export const PROBE_FILE = "hw-probe.json";

/** A probe as kept: when, by which hw runner sources, and what it measured. */
export interface KeptProbe extends ProbeRecord {
  machine: string;
  measured_at: string;
  hw_source_version: string;
}

interface ProbeFile {
  note: string;
  probes: Record<string, KeptProbe>;
}

function readText(path: string): string {
  try {
    return readFileSync(path, "utf8").trim();
  } catch {
    return "unknown";
  }
}

/** This machine and boot: CPU model, usable CPUs, kernel, /etc/machine-id and the boot id. */
export function probeKey(): string {
  return `${machineId()}|machine-id=${readText("/etc/machine-id")}|boot=${readText("/proc/sys/kernel/random/boot_id")}`;
}

export function probePath(root = "."): string {
  return join(root, DATA_DIR, PROBE_FILE);
}

function readProbeFile(path: string): ProbeFile {
  if (!existsSync(path)) return { note: "", probes: {} };
  try {
    const parsed = JSON.parse(readFileSync(path, "utf8")) as Partial<ProbeFile>;
    return { note: parsed.note ?? "", probes: parsed.probes ?? {} };
  } catch (error) {
    throw new Error(
      `${path}: not a probe file (${(error as Error).message}); delete it to probe again`,
    );
  }
}

/** The kept probe of this machine and boot, or undefined. */
export function keptProbe(key: string, root = "."): KeptProbe | undefined {
  return readProbeFile(probePath(root)).probes[key];
}

/** Keeps a probe under its key (atomic write; other machines' probes stay). */
export function keepProbe(key: string, probe: KeptProbe, root = "."): void {
  const path = probePath(root);
  const file = readProbeFile(path);
  file.note =
    "run --runner hw's probe per machine and boot (src/runners/hw/probe/, docs/hw-sizing.md): terms size the hw sections given in machine terms";
  file.probes[key] = probe;
  writeFileAtomic(path, `${JSON.stringify(file, null, 2)}\n`);
}
