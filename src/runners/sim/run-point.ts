/**
 * The simulator runner's entry point: one point (mechanism × parameters ×
 * seed) in, the metrics of docs/design.md ("Metrics") out.
 */
import type { Mechanism } from "../../manifest/schema.js";
import { pointKey } from "../../plan/points.js";
import type { Metrics, PointSpec } from "../../results/types.js";
import type { CostProfile } from "./costs/profile.js";
import { CostProfileError, costProfileOf } from "./costs/profiles.js";
import type { DispatchMechanism } from "./mechanisms/mechanism.js";
import { SIM_MECHANISM_REGISTRY } from "./mechanisms/registry.js";
import { type Counters, Simulation, type Workload } from "./model/simulation.js";
import { DEFAULT_RULES, type ModelRules, parseModelKey } from "./model-rules.js";
import { IdleBurstWorkload } from "./workloads/idle-burst.js";
import { PersistentWorkload } from "./workloads/persistent.js";

/** The mechanisms the simulator models (mechanisms/registry.ts). */
export const SIM_MECHANISMS = Object.keys(SIM_MECHANISM_REGISTRY) as readonly Mechanism[];

export class UnsupportedPointError extends Error {}

export function costProfile(id: string): CostProfile {
  try {
    return costProfileOf(id);
  } catch (error) {
    if (error instanceof CostProfileError) throw new UnsupportedPointError(error.message);
    throw error;
  }
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
  try {
    return make(costs, rules);
  } catch (error) {
    // A profile without the mechanism's constants (requiredCost): a point the model cannot run.
    throw new UnsupportedPointError((error as Error).message);
  }
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
  const { metrics, events } = simulateTrajectory([spec], model);
  return { metrics: metrics[0] as Metrics, events };
}

/**
 * What decides a run's trajectory: everything but the warm-up and duration,
 * which only place its measurement window (the run's events up to a time do
 * not depend on when the run will end or when counting starts).
 */
export function trajectoryKey(spec: PointSpec): string {
  return pointKey({ ...spec, warmup_s: 0, duration_s: 0 });
}

/**
 * Points of one trajectory (equal trajectoryKey) in one run, each measured
 * over its own window: e.g. Table 1's whole 60-s runs and Figure 6's runs
 * after a 2-s warm-up. Each point's metrics are exactly those of its own run
 * (test/sim/shared-trajectory.test.ts).
 */
export function simulateTrajectory(
  specs: readonly PointSpec[],
  model = "piii-400-linux-2.4",
): { metrics: Metrics[]; events: number } {
  const [first] = specs;
  if (first === undefined) return { metrics: [], events: 0 };
  const key = trajectoryKey(first);
  if (specs.some((s) => trajectoryKey(s) !== key)) {
    throw new Error("simulateTrajectory: the points differ in more than warm-up and duration");
  }
  let parsed: ReturnType<typeof parseModelKey>;
  try {
    parsed = parseModelKey(model);
  } catch (error) {
    throw new UnsupportedPointError((error as Error).message);
  }
  return simulateWithCosts(specs, costProfile(parsed.profile), parsed.rules);
}

/**
 * simulateTrajectory under a cost profile given as an object, not an id: the
 * calibration (src/calibrate/derive.ts) simulates candidate profiles.
 */
export function simulateWithCosts(
  specs: readonly PointSpec[],
  profile: CostProfile,
  rules: ModelRules = DEFAULT_RULES,
): { metrics: Metrics[]; events: number } {
  const first = specs[0] as PointSpec;
  // A point's queue limit replaces the profile's (Table 1's hw sweep of RLIMIT_SIGPENDING).
  const costs =
    first.queue_limit === undefined ? profile : { ...profile, rtsigQueueMax: first.queue_limit };
  const end = (s: PointSpec) => s.warmup_s + s.duration_s;
  const longest = specs.reduce((a, b) => (end(b) > end(a) ? b : a));
  const sim = new Simulation(
    longest,
    costs,
    makeMechanism(first.mechanism, costs, rules),
    makeWorkload(first, costs, rules),
    specs.map((s) => ({ startUs: s.warmup_s * 1e6, endUs: end(s) * 1e6 })),
  );
  const counters = sim.runWindows();
  return {
    metrics: specs.map((s, i) => toMetrics(s, counters[i] as Counters, costs.backgroundCpuPct)),
    events: sim.queue.popped,
  };
}

function toMetrics(spec: PointSpec, c: Counters, backgroundCpuPct: number): Metrics {
  const seconds = spec.duration_s;
  const signals = spec.mechanism === "rtsig" || spec.mechanism === "rtsig-perfd";
  return {
    reply_rate: c.replies / seconds,
    // The server's work plus what else the machine's CPU does unloaded (0 for the paper's
    // kernel idle counter; a measured share on today's machine, CostProfile.backgroundCpuPct).
    cpu_pct: Math.min(100, (100 * c.busyUs) / (seconds * 1e6) + backgroundCpuPct),
    resp_ms: c.replies > 0 ? c.responseTimeSumUs / c.replies / 1000 : null,
    errors: c.errors,
    sigwaitinfo_calls: signals ? c.sigwaitinfoCalls : null,
    sigio_count: signals ? c.sigioCount : null,
    dispatch_calls: c.dispatchCalls,
    events_per_dispatch: c.dispatchCalls > 0 ? c.dispatchedEvents / c.dispatchCalls : null,
  };
}
