/**
 * The simulator as a Runner: every point is a deterministic simulation of the
 * 2001 testbed under a manifest's cost profile, run on a pool of worker
 * threads (longest first), each finished point cached at once under a hash of
 * the simulator's sources and the profile, so a killed run resumes.
 */
import { UsageError } from "../../errors.js";
import type { LoadedManifest } from "../../manifest/discover.js";
import type { MachineTerms } from "../../plan/machine-terms.js";
import { pointKey } from "../../plan/points.js";
import { ExperimentProgress, info } from "../../progress.js";
import { PointCache } from "../../results/point-cache.js";
import type { Metrics, PointSpec } from "../../results/types.js";
import { predictionTerms } from "../prediction-terms.js";
import type {
  ExperimentPlan,
  PointJob,
  PointOutcome,
  RunContext,
  Runner,
  RunSummary,
} from "../runner.js";
import { profileProvenance, profileVersion } from "./costs/profiles.js";
import { modelKey, parseModelKey } from "./model-rules.js";
import { runSimBatch, simSupports, simVersion } from "./runner.js";

export interface SimRunnerOptions {
  /** Worker threads (default: the machine's cores). */
  jobs: number;
  /** Holds data/.cache (default: data/.cache under the working directory). */
  cacheDir?: string;
  /**
   * Predict the hw sections instead of simulating the paper's sweeps (runner
   * `predict`): their points sized by these terms (the hw results'), each
   * simulated with its section's cost profile (runners.hw.profile).
   */
  predict?: { machineTerms: MachineTerms };
}

/** The model of a hw section's prediction: its cost profile under the default rules. */
export function predictionModelOf(plan: ExperimentPlan): string {
  const hw = plan.loaded.manifest.runners.hw;
  if (!hw) {
    throw new UsageError(`${plan.loaded.path}: no 'runners.hw' section; nothing to predict`);
  }
  return hw.profile;
}

/**
 * The model a manifest's points are simulated with: its cost profile, plus
 * any rule variant it picks (model-rules.ts) — one key for cache, provenance
 * and `point --profile`.
 */
export function profileOf(plan: ExperimentPlan): string {
  const sim = simSectionOf(plan);
  return modelKey(sim.profile, sim.rules);
}

function simSectionOf(plan: ExperimentPlan) {
  const sim = plan.loaded.manifest.runners.sim;
  if (!sim) {
    throw new UsageError(
      `${plan.loaded.path}: no 'runners.sim' section; this experiment has no simulator setup`,
    );
  }
  return sim;
}

/** The model of one point: the experiment's, with a rule-variant series' rules over it. */
export function modelOf(plan: ExperimentPlan, spec: PointSpec): string {
  const sim = simSectionOf(plan);
  if (spec.variant === undefined) return modelKey(sim.profile, sim.rules, spec.mechanism);
  const variant = sim.variants.find((v) => v.id === spec.variant);
  if (variant === undefined) {
    throw new UsageError(`${plan.loaded.path}: no runners.sim.variants entry '${spec.variant}'`);
  }
  return modelKey(sim.profile, { ...sim.rules, ...variant.rules }, spec.mechanism);
}

/**
 * A point's inputs as the model sees them: the series' name is not one, so a
 * variant series' point and the same point of an experiment run wholly under
 * those rules are one simulation (one cache entry).
 */
export function modelInputs(spec: PointSpec): PointSpec {
  const { variant: _series, ...inputs } = spec;
  return inputs;
}

const EXIT_SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

/**
 * While points run, Ctrl-C (or a TERM/HUP) ends the process between two
 * event-loop turns — never inside a result write, which is synchronous — so
 * no temp file is left; every point finished so far is in the cache and a
 * rerun resumes. Returns the function that removes the handlers.
 */
function exitOnSignal(): () => void {
  const onSignal = (signal: NodeJS.Signals) => {
    process.stderr.write(
      `\nrun: interrupted (${signal}); finished points are cached: run again to resume\n`,
    );
    process.exit(signal === "SIGINT" ? 130 : 143);
  };
  for (const signal of EXIT_SIGNALS) process.on(signal, onSignal);
  return () => {
    for (const signal of EXIT_SIGNALS) process.off(signal, onSignal);
  };
}

export class SimRunner implements Runner {
  readonly id: "sim" | "predict";
  readonly plansAs: "sim" | "hw";
  readonly machineTerms?: MachineTerms;
  /** A prediction is one simulation per hw point (the first repetition's seed), not three. */
  readonly firstSeedOnly: boolean;
  private readonly caches = new Map<string, PointCache>();
  private events = 0;

  constructor(private readonly options: SimRunnerOptions) {
    this.id = options.predict ? "predict" : "sim";
    this.plansAs = options.predict ? "hw" : "sim";
    this.firstSeedOnly = options.predict !== undefined;
    if (options.predict) this.machineTerms = options.predict.machineTerms;
  }

  /** The predict runner of these experiments' hw sections, sized as their hw results were. */
  static predicting(manifests: readonly LoadedManifest[], jobs: number): SimRunner {
    return new SimRunner({ jobs, predict: { machineTerms: predictionTerms(manifests) } });
  }

  /** The model a point is simulated with: the experiment's sim model, or its hw section's profile. */
  private modelFor(plan: ExperimentPlan, spec: PointSpec): string {
    return this.options.predict ? predictionModelOf(plan) : modelOf(plan, spec);
  }

  /** Cache per profile: the profile — a kept one's constants too — is part of what decides a point. */
  private cacheFor(profile: string): PointCache {
    let cache = this.caches.get(profile);
    if (!cache) {
      const version = profileVersion(parseModelKey(profile).profile);
      const key = profile.replace(/^[^+]*/, version);
      cache = new PointCache("sim", `${simVersion()}|${key}`, this.options.cacheDir);
      this.caches.set(profile, cache);
    }
    return cache;
  }

  check(plans: readonly ExperimentPlan[]): void {
    for (const plan of plans) {
      if (this.options.predict) {
        const profile = predictionModelOf(plan);
        try {
          profileVersion(profile);
        } catch (error) {
          throw new UsageError(
            `${plan.loaded.path}: runners.hw.profile: ${(error as Error).message}`,
          );
        }
      } else profileOf(plan);
      const unsupported = plan.points.find((p) => !simSupports(p.spec));
      if (unsupported) {
        throw new UsageError(
          `${plan.loaded.path}: mechanism '${unsupported.spec.mechanism}' is not modelled by the simulator`,
        );
      }
    }
  }

  keyOf(plan: ExperimentPlan, spec: PointSpec): string {
    return `${this.modelFor(plan, spec)}|${pointKey(modelInputs(spec))}`;
  }

  cached(plan: ExperimentPlan, spec: PointSpec): PointOutcome | undefined {
    const metrics = this.cacheFor(this.modelFor(plan, spec)).get(modelInputs(spec));
    return metrics === undefined ? undefined : { metrics };
  }

  /** Stores a point computed elsewhere (import). */
  store(plan: ExperimentPlan, spec: PointSpec, metrics: Metrics): void {
    this.cacheFor(this.modelFor(plan, spec)).put(modelInputs(spec), metrics);
  }

  async execute(
    jobs: readonly PointJob[],
    context: RunContext,
    done: (job: PointJob, outcome: PointOutcome) => void,
    options: { dryRun: boolean },
  ): Promise<void> {
    if (options.dryRun)
      throw new UsageError("--dry-run plans hw runs only (use it with --runner hw)");
    const stopOnSignal = exitOnSignal();
    try {
      await this.simulate(jobs, context, done);
    } finally {
      stopOnSignal();
    }
  }

  private async simulate(
    jobs: readonly PointJob[],
    context: RunContext,
    done: (job: PointJob, outcome: PointOutcome) => void,
  ): Promise<void> {
    const progress = new ExperimentProgress(
      context.plans.map((plan) => ({ id: plan.loaded.manifest.id, points: context.keysOf(plan) })),
      context.pending,
    );
    const byProfile = new Map<string, PointJob[]>();
    for (const job of jobs) {
      const profile = this.modelFor(job.plan, job.spec);
      const group = byProfile.get(profile);
      if (group === undefined) byProfile.set(profile, [job]);
      else group.push(job);
    }
    for (const [profile, group] of byProfile) {
      const byKey = new Map(group.map((job) => [pointKey(modelInputs(job.spec)), job]));
      const batch = await runSimBatch(
        [...byKey.values()].map((job) => modelInputs(job.spec)),
        profile,
        this.options.jobs,
        (spec, metrics) => {
          const job = byKey.get(pointKey(spec)) as PointJob;
          this.cacheFor(profile).put(spec, metrics);
          done(job, { metrics });
          progress.pointDone(job.key);
        },
      );
      this.events += batch.events;
      if (batch.failures.length > 0) {
        throw new Error(`simulation failed:\n${batch.failures.join("\n")}`);
      }
    }
    progress.finish();
  }

  /** A prediction records its profile and the machine that profile was measured on. */
  provenanceDetails(plan: ExperimentPlan): Record<string, unknown> | undefined {
    if (!this.options.predict) return undefined;
    const profile = predictionModelOf(plan);
    return {
      profile,
      profile_version: profileVersion(profile),
      profile_measured_on: profileProvenance(profile) ?? "built in (the paper's testbed)",
      machine_terms: this.machineTerms,
    };
  }

  versionFor(plan: ExperimentPlan): string {
    if (this.options.predict) {
      return `${simVersion()} profile=${profileVersion(predictionModelOf(plan))}`;
    }
    return `${simVersion()} profile=${profileOf(plan)}`;
  }

  finish(summary: RunSummary): void {
    info(
      `run${this.options.predict ? " (predict)" : ""}: ${summary.ran} points simulated, ${summary.reused} reused from cache, ` +
        `${summary.written.length} result files written, ${summary.wallTimeS.toFixed(1)} s` +
        (this.events > 0 ? `, ${(this.events / 1e6).toFixed(1)} M events` : ""),
    );
  }

  /** Events simulated so far by this runner (for the run's summary line and benchmarks). */
  get eventCount(): number {
    return this.events;
  }
}
