/**
 * A manifest's sweep expanded into the runs to make: panels × mechanisms ×
 * x values × seeds, each with fully resolved parameters.
 */
import { createHash } from "node:crypto";
import type {
  HwPointParams,
  HwValues,
  Manifest,
  Mechanism,
  Parameter,
  PointParams,
} from "../manifest/schema.js";
import type { PointSpec } from "../results/types.js";
import {
  descriptorsOf,
  type MachineTerms,
  REFERENCE_TERMS,
  rateOf,
  SizeError,
} from "./machine-terms.js";

export interface PlannedPoint {
  panel: string;
  x: number;
  spec: PointSpec;
}

/**
 * Parameters a manifest may leave out. duration 60 s: the paper's runs
 * (docs/design.md, Facts: Table 1's ≈180 sigwaitinfo calls per req/s imply 60-s runs);
 * 92-byte replies: Section 3's persistent workload. `rate` has no default.
 */
export const DEFAULT_PARAMS = {
  connections: 0,
  idle: 0,
  reply_bytes: 92,
  duration_s: 60,
  warmup_s: 2,
  client_timeout_s: 1,
} as const satisfies Omit<Record<Parameter, number>, "rate">;

export class PlanError extends Error {
  override readonly name = "PlanError";
}

/** A point's parameters while they are resolved: the sweep's parameters and the optional queue limit. */
type ResolvingParams = Partial<Record<Parameter | "queue_limit", number>>;

/** Copies the defined values of `layer` over `base` (optional keys may hold undefined). */
function overlay(base: ResolvingParams, layer: PointParams) {
  for (const [key, value] of Object.entries(layer)) {
    if (value !== undefined) base[key as keyof ResolvingParams] = value;
  }
}

/** hw parameters with rate, idle and connections in machine terms turned into numbers. */
function resolvedHwParams(params: HwPointParams, terms: MachineTerms): PointParams {
  const { rate, idle, connections, ...rest } = params;
  return {
    ...rest,
    ...(rate === undefined ? {} : { rate: rateOf(rate, terms) }),
    ...(idle === undefined ? {} : { idle: descriptorsOf(idle, terms) }),
    ...(connections === undefined ? {} : { connections: descriptorsOf(connections, terms) }),
  };
}

/** Whether a manifest's hw section gives any size in machine terms (it then needs the probe). */
export function usesMachineTerms(manifest: Manifest): boolean {
  const hw = manifest.runners.hw;
  if (hw === undefined) return false;
  const sized = (p: HwPointParams) =>
    [p.rate, p.idle, p.connections].some((v) => v !== undefined && typeof v !== "number");
  return !Array.isArray(hw.values) || sized(hw.params) || Object.values(hw.panels).some(sized);
}

/**
 * A hw section's x values on this machine: numbers as given, or fractions in
 * machine terms (rates for x: rate, descriptor counts for x: idle or
 * connections) resolved by the probe's terms; they must stay distinct.
 */
export function hwXValues(
  manifestId: string,
  x: Parameter,
  values: HwValues,
  terms: MachineTerms = REFERENCE_TERMS,
): number[] {
  if (Array.isArray(values)) return values;
  const where = `${manifestId}: runners.hw.values`;
  const resolved =
    "client_max" in values
      ? x === "rate"
        ? values.client_max.map((f) => rateOf({ client_max: f }, terms))
        : undefined
      : x === "idle" || x === "connections"
        ? values.select_busy.map((b) => descriptorsOf({ select_busy: b }, terms))
        : undefined;
  if (resolved === undefined) {
    const kind =
      "client_max" in values ? "client_max sizes rates" : "select_busy sizes idle or connections";
    throw new PlanError(`${where}: ${kind}, but the sweep's x is ${x}`);
  }
  if (new Set(resolved).size !== resolved.length) {
    throw new PlanError(
      `${where}: on this machine the values collapse to ${resolved.join(", ")} (rounded to 100): spread them further apart`,
    );
  }
  return resolved;
}

/**
 * The points of a manifest for a runner: panels × mechanisms × x values ×
 * seeds (sim) or repetitions (hw, from the manifest's `runners.hw` section,
 * whose values, parameters and mechanisms replace the sweep's).
 * Precedence: built-in defaults < sweep.params < panel.params < (hw: hw.params
 * < hw.panels[panel]) < the x value. hw sizes in machine terms are resolved
 * with `terms` (the probe's; REFERENCE_TERMS where nothing was probed).
 */
export function planPoints(
  manifest: Manifest,
  runner: "sim" | "hw" = "sim",
  terms: MachineTerms = REFERENCE_TERMS,
): PlannedPoint[] {
  const { sweep } = manifest;
  const hw = manifest.runners.hw;
  if (runner === "hw" && !hw) {
    throw new PlanError(
      `${manifest.id}: no 'runners.hw' section; this experiment has no hardware setup`,
    );
  }
  // Series: each mechanism under the experiment's rules, then (sim) each rule-variant series.
  const series: { mechanism: Mechanism; variant?: string }[] =
    runner === "hw" && hw
      ? hw.mechanisms.map((mechanism) => ({ mechanism }))
      : [
          ...sweep.mechanisms.map((mechanism) => ({ mechanism })),
          ...(manifest.runners.sim?.variants ?? []).map((v) => ({
            mechanism: v.mechanism,
            variant: v.id,
          })),
        ];
  let values: readonly number[];
  let hwParams: PointParams = {};
  const hwPanels = new Map<string, PointParams>();
  try {
    values =
      runner === "hw" && hw ? hwXValues(manifest.id, sweep.x, hw.values, terms) : sweep.values;
    if (runner === "hw" && hw) {
      hwParams = resolvedHwParams(hw.params, terms);
      for (const [id, params] of Object.entries(hw.panels)) {
        hwPanels.set(id, resolvedHwParams(params, terms));
      }
    }
  } catch (error) {
    if (error instanceof SizeError)
      throw new PlanError(`${manifest.id}: runners.hw: ${error.message}`);
    throw error;
  }
  const seeds =
    runner === "hw" && hw ? Array.from({ length: hw.repetitions }, (_, i) => i + 1) : sweep.seeds;
  const points: PlannedPoint[] = [];
  for (const panel of sweep.panels) {
    for (const { mechanism, variant } of series) {
      for (const x of values) {
        const params: ResolvingParams = { ...DEFAULT_PARAMS };
        overlay(params, sweep.params);
        overlay(params, panel.params);
        if (runner === "hw" && hw) {
          overlay(params, hwParams);
          overlay(params, hwPanels.get(panel.id) ?? {});
        }
        params[sweep.x] = x;
        const { rate } = params;
        const where = `${manifest.id}: panel "${panel.id}"`;
        if (rate === undefined) {
          throw new PlanError(
            `${where}: no rate given (set sweep.params.rate or the panel's params.rate, or sweep x: rate)`,
          );
        }
        if (!(rate > 0)) throw new PlanError(`${where}: rate must be > 0, got ${rate}`);
        for (const seed of seeds) {
          const spec: PointSpec = {
            workload: sweep.workload,
            mechanism,
            connections: params.connections ?? DEFAULT_PARAMS.connections,
            idle: params.idle ?? DEFAULT_PARAMS.idle,
            rate,
            reply_bytes: params.reply_bytes ?? DEFAULT_PARAMS.reply_bytes,
            duration_s: params.duration_s ?? DEFAULT_PARAMS.duration_s,
            warmup_s: params.warmup_s ?? DEFAULT_PARAMS.warmup_s,
            client_timeout_s: params.client_timeout_s ?? DEFAULT_PARAMS.client_timeout_s,
            seed,
            ...(variant === undefined ? {} : { variant }),
            ...(params.queue_limit === undefined ? {} : { queue_limit: params.queue_limit }),
          };
          points.push({ panel: panel.id, x, spec });
        }
      }
    }
  }
  return points;
}

/** Stable text of a spec: JSON with keys sorted, so field order never changes identity. */
export function pointKey(spec: PointSpec): string {
  const entries = Object.entries(spec).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify(Object.fromEntries(entries));
}

/** Cache identity of a run: same spec and same runner version ⇒ same result. */
export function pointHash(spec: PointSpec, runnerVersion: string): string {
  return createHash("sha256")
    .update(JSON.stringify([runnerVersion, pointKey(spec)]))
    .digest("hex");
}
