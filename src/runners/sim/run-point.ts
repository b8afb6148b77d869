/**
 * The simulator runner's entry point: one point (mechanism × parameters ×
 * seed) in, the metrics of docs/design.md ("Metrics") out.
 */
import type { Mechanism } from "../../manifest/schema.js";
import type { Metrics, PointSpec } from "../../results/types.js";
import { COST_PROFILES } from "./costs/piii-400-linux-2.4.js";
import type { CostProfile } from "./costs/profile.js";
import type { DispatchMechanism } from "./mechanisms/mechanism.js";
import { SIM_MECHANISM_REGISTRY } from "./mechanisms/registry.js";
import { type Counters, Simulation, type Workload } from "./model/simulation.js";
import { type ModelRules, parseModelKey } from "./model-rules.js";
import { IdleBurstWorkload } from "./workloads/idle-burst.js";
import { PersistentWorkload } from "./workloads/persistent.js";

/** The mechanisms the simulator models (mechanisms/registry.ts). */
export const SIM_MECHANISMS = Object.keys(SIM_MECHANISM_REGISTRY) as readonly Mechanism[];

export class UnsupportedPointError extends Error {}

export function costProfile(id: string): CostProfile {
  const profile = COST_PROFILES[id];
  if (!profile) {
    throw new UnsupportedPointError(
      `unknown cost profile '${id}' (known: ${Object.keys(COST_PROFILES).join(", ")})`,
    );
  }
  return profile;
}

function makeMechanism(
  mechanism: Mechanism,
  costs: CostProfile,
  rules: ModelRules,
): DispatchMechanism {
  const make = SIM_MECHANISM_REGISTRY[mechanism];
  if (make === undefined) {
    throw new UnsupportedPointError(
      `mechanism '${mechanism}' is not modelled by the simulator (it models ${SIM_MECHANISMS.join(", ")})`,
    );
  }
  return make(costs, rules);
}

function makeWorkload(spec: PointSpec, costs: CostProfile, rules: ModelRules): Workload {
  switch (spec.workload) {
    case "persistent":
      if (spec.connections < 1)
        throw new UnsupportedPointError("persistent workload needs connections ≥ 1");
      return new PersistentWorkload(spec.connections, spec.rate, spec.client_timeout_s, spec.idle);
    case "idle-burst":
      return new IdleBurstWorkload(
        spec.idle,
        spec.rate,
        spec.client_timeout_s,
        costs.clientMachines,
        rules.client_phases === "aligned",
      );
  }
}

export interface SimResult {
  metrics: Metrics;
  events: number;
}

/** One point under a model: a cost profile id, or a model key with rule variants (model-rules.ts). */
export function runSimPoint(spec: PointSpec, model = "piii-400-linux-2.4"): Metrics {
  return simulatePoint(spec, model).metrics;
}

export function simulatePoint(spec: PointSpec, model = "piii-400-linux-2.4"): SimResult {
  let parsed: ReturnType<typeof parseModelKey>;
  try {
    parsed = parseModelKey(model);
  } catch (error) {
    throw new UnsupportedPointError((error as Error).message);
  }
  const costs = costProfile(parsed.profile);
  const sim = new Simulation(
    spec,
    costs,
    makeMechanism(spec.mechanism, costs, parsed.rules),
    makeWorkload(spec, costs, parsed.rules),
  );
  const counters = sim.run();
  return { metrics: toMetrics(spec, counters), events: sim.queue.popped };
}

function toMetrics(spec: PointSpec, c: Counters): Metrics {
  const seconds = spec.duration_s;
  const signals = spec.mechanism === "rtsig" || spec.mechanism === "rtsig-perfd";
  return {
    reply_rate: c.replies / seconds,
    cpu_pct: Math.min(100, (100 * c.busyUs) / (seconds * 1e6)),
    resp_ms: c.replies > 0 ? c.responseTimeSumUs / c.replies / 1000 : null,
    errors: c.errors,
    sigwaitinfo_calls: signals ? c.sigwaitinfoCalls : null,
    sigio_count: signals ? c.sigioCount : null,
    dispatch_calls: c.dispatchCalls,
    events_per_dispatch: c.dispatchCalls > 0 ? c.dispatchedEvents / c.dispatchCalls : null,
  };
}
