/**
 * `dispatch-repro probe [--reprobe]`: this machine's terms for hw sweeps
 * sized in machine terms (the probe `run --runner hw` makes first), printed
 * and kept in data/hw-probe.json.
 */
import { info } from "../progress.js";
import { machineSizing } from "../runners/hw/probe/sizing.js";

export async function probeCommand(o: { reprobe?: boolean }): Promise<void> {
  const sizing = await machineSizing({
    root: ".",
    log: info,
    ...(o.reprobe ? { reprobe: true } : {}),
    build: true,
    pointOptions: {},
    keySuffix: "",
  });
  process.stdout.write(`${JSON.stringify(sizing.probe, null, 2)}\n`);
}
