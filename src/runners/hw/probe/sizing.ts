/**
 * The machine terms a hw run sizes its sweeps with: this machine's kept
 * probe, or a new probe (before the first run, after the server is built),
 * optionally scaled by --size-factor. Recorded in every hw.meta.json.
 */

import { UsageError } from "../../../errors.js";
import { type MachineTerms, REFERENCE_TERMS, scaledTerms } from "../../../plan/machine-terms.js";
import type { HwPointOptions } from "../point/types.js";
import { hwSourceVersion, prepareServer, serverBinaryPath } from "../runner.js";
import { probeMachine } from "./probe.js";
import { type KeptProbe, keepProbe, keptProbe, probeKey } from "./probe-cache.js";

export interface MachineSizing {
  /** The terms the plan uses (the probe's, scaled by sizeFactor). */
  terms: MachineTerms;
  sizeFactor: number;
  /** The probe they come from; null on a dry run of a machine not probed yet (reference terms). */
  probe: KeptProbe | null;
  /** Whether the probe was kept from an earlier run on this machine and boot. */
  reused: boolean;
}

export interface SizingOptions {
  root: string;
  log: (line: string) => void;
  /** Probe again even when this machine and boot have a kept probe. */
  reprobe?: boolean;
  /** Scale select()'s costs down by this factor (about this many times the idle counts). */
  sizeFactor?: number;
  /** Plan only: never measure (reference terms when nothing is kept). */
  dryRun?: boolean;
  build: boolean;
  /** Where the load comes from (link, testbed): part of the key, passed to the probe's points. */
  pointOptions: Partial<HwPointOptions>;
  /** Distinguishes a shaped link or a testbed's probe from loopback's. */
  keySuffix: string;
}

/** --size-factor as given on the command line: a number from 0.25 to 4. */
export function sizeFactorOption(raw: string | undefined): number {
  if (raw === undefined) return 1;
  const factor = Number(raw);
  if (!Number.isFinite(factor) || factor < 0.25 || factor > 4) {
    throw new UsageError(`--size-factor must be a number from 0.25 to 4, got '${raw}'`);
  }
  return factor;
}

export async function machineSizing(o: SizingOptions): Promise<MachineSizing> {
  const sizeFactor = o.sizeFactor ?? 1;
  const key = probeKey() + o.keySuffix;
  let probe = o.reprobe ? undefined : keptProbe(key, o.root);
  const reused = probe !== undefined;
  if (probe === undefined && o.dryRun) {
    o.log(
      "run --runner hw: this machine is not probed yet; the dry run shows the reference machine's sizes (a real run probes first, ~30 s)",
    );
    return { terms: scaledTerms(REFERENCE_TERMS, sizeFactor), sizeFactor, probe: null, reused };
  }
  if (probe === undefined) {
    await prepareServer(["epoll", "select"], { build: o.build });
    const measured = await probeMachine({
      serverBinary: serverBinaryPath(),
      ...o.pointOptions,
      log: o.log,
    });
    probe = {
      machine: key,
      measured_at: new Date().toISOString(),
      hw_source_version: hwSourceVersion(),
      ...measured,
    };
    keepProbe(key, probe, o.root);
  }
  const t = probe.terms;
  o.log(
    `run --runner hw: machine terms${reused ? " (kept probe)" : ""}: clients reach ${t.clientMaxRate}/s; ` +
      `select() at ${t.probeRate}/s costs ${t.selectUsPerReply} µs per reply + ${t.selectUsPerIdlePerReply} µs per idle descriptor` +
      (sizeFactor === 1
        ? ""
        : `; sizes forced as for a select() ${sizeFactor}× cheaper per descriptor`),
  );
  return { terms: scaledTerms(t, sizeFactor), sizeFactor, probe, reused };
}
