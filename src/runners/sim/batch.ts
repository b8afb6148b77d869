/**
 * Sweeps any batch engine can run. `plan` lists, one per line, the
 * `dispatch-repro point … --json` command of every simulator point not yet
 * cached (deduplicated across experiments); GNU parallel, a Slurm array or a
 * shell loop runs them anywhere; `import` takes their JSON output back into
 * the cache, after checking that every line belongs to a planned point and
 * was computed by this very simulator (same source version) — so a foreign
 * or stale result can never reach the figures. `run` then reuses them.
 */
import { readFileSync } from "node:fs";
import { z } from "zod";
import { UsageError } from "../../errors.js";
import type { LoadedManifest } from "../../manifest/discover.js";
import { MECHANISMS, type METRICS, WORKLOADS } from "../../manifest/schema.js";
import { pointKey } from "../../plan/points.js";
import type { Metrics, PointSpec } from "../../results/types.js";
import { planExperiments } from "../run-loop.js";
import type { ExperimentPlan } from "../runner.js";
import { parseModelKey } from "./model-rules.js";
import { costProfile } from "./run-point.js";
import { simVersion } from "./runner.js";
import { modelOf, SimRunner } from "./sim-runner.js";

/** The command that computes one point (its --json line is what `import` reads). */
export function pointCommand(cli: string, spec: PointSpec, profile: string): string {
  const flags: [string, string | number][] = [
    ["runner", "sim"],
    ["profile", profile],
    ["mechanism", spec.mechanism],
    ["workload", spec.workload],
    ["connections", spec.connections],
    ["idle", spec.idle],
    ["rate", spec.rate],
    ["reply-bytes", spec.reply_bytes],
    ["duration", spec.duration_s],
    ["warmup", spec.warmup_s],
    ["timeout", spec.client_timeout_s],
    ["seed", spec.seed],
  ];
  return `${cli} point ${flags.map(([k, v]) => `--${k} ${v}`).join(" ")} --json`;
}

/** The commands of every planned simulator point not in the cache, once each, longest runs last. */
export function planCommands(
  manifests: readonly LoadedManifest[],
  cli: string,
  cacheDir?: string,
): string[] {
  const runner = new SimRunner({ jobs: 1, ...(cacheDir === undefined ? {} : { cacheDir }) });
  const plans = planExperiments(runner, manifests);
  const commands = new Map<string, string>();
  for (const plan of plans) {
    for (const { spec } of plan.points) {
      const key = runner.keyOf(plan, spec);
      if (commands.has(key) || runner.cached(plan, spec) !== undefined) continue;
      commands.set(key, pointCommand(cli, spec, modelOf(plan, spec)));
    }
  }
  return [...commands.values()];
}

const Nullable = z.number().nullable();

/** The metric fields of a line, each a number or null (a metric the simulator cannot measure). */
const LineMetrics = z.object({
  reply_rate: Nullable,
  cpu_pct: Nullable,
  resp_ms: Nullable,
  errors: Nullable,
  sigwaitinfo_calls: Nullable,
  sigio_count: Nullable,
  dispatch_calls: Nullable,
  events_per_dispatch: Nullable,
} satisfies Record<(typeof METRICS)[number], typeof Nullable>);

/** One line of `point --runner sim --json`. */
const PointLine = LineMetrics.extend({
  runner: z.literal("sim"),
  profile: z.string(),
  simulator: z.string(),
  workload: z.enum(WORKLOADS),
  mechanism: z.enum(MECHANISMS),
  connections: z.number(),
  idle: z.number(),
  rate: z.number(),
  reply_bytes: z.number(),
  duration_s: z.number(),
  warmup_s: z.number(),
  client_timeout_s: z.number(),
  seed: z.number(),
});

export interface ImportSummary {
  /** Points written to the cache. */
  imported: number;
  /** Lines for points already cached (the same point computed twice). */
  duplicates: number;
}

/** Why the lines of an import were refused: one message per line, "FILE:LINE: reason". */
export class ImportRefused extends UsageError {
  constructor(readonly reasons: string[]) {
    const shown = reasons.slice(0, 10).join("\n");
    const more = reasons.length > 10 ? `\n… and ${reasons.length - 10} more` : "";
    super(
      `import refused (nothing imported): ${reasons.length} line(s) are not results of this simulator for a planned point\n${shown}${more}`,
    );
  }
}

function specOf(line: z.infer<typeof PointLine>): PointSpec {
  return {
    workload: line.workload,
    mechanism: line.mechanism,
    connections: line.connections,
    idle: line.idle,
    rate: line.rate,
    reply_bytes: line.reply_bytes,
    duration_s: line.duration_s,
    warmup_s: line.warmup_s,
    client_timeout_s: line.client_timeout_s,
    seed: line.seed,
  };
}

/**
 * Reads JSON lines (files of `point --json` output) into the simulator's
 * cache. All or nothing: every line must parse, come from this simulator
 * version and be a planned point of some experiment, or nothing is written.
 */
export function importPoints(
  manifests: readonly LoadedManifest[],
  files: readonly string[],
  cacheDir?: string,
): ImportSummary {
  if (files.length === 0) throw new UsageError("import: name the files of point --json lines");
  const runner = new SimRunner({ jobs: 1, ...(cacheDir === undefined ? {} : { cacheDir }) });
  const plans = planExperiments(runner, manifests);
  const planned = new Map<string, ExperimentPlan>();
  for (const plan of plans) {
    for (const { spec } of plan.points) planned.set(runner.keyOf(plan, spec), plan);
  }
  const version = simVersion();
  const reasons: string[] = [];
  const accepted = new Map<string, { plan: ExperimentPlan; spec: PointSpec; metrics: Metrics }>();
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch (error) {
      throw new UsageError(`import: cannot read ${file}: ${(error as Error).message}`);
    }
    text.split("\n").forEach((raw, index) => {
      const where = `${file}:${index + 1}`;
      if (raw.trim() === "") return;
      let json: unknown;
      try {
        json = JSON.parse(raw);
      } catch {
        reasons.push(`${where}: not a JSON line`);
        return;
      }
      const parsed = PointLine.safeParse(json);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const field = issue?.path.join(".") || "line";
        reasons.push(
          `${where}: not a 'point --runner sim --json' line (${field}: ${issue?.message})`,
        );
        return;
      }
      const line = parsed.data;
      if (line.simulator !== version) {
        reasons.push(
          `${where}: computed by simulator version ${line.simulator}, this checkout's is ${version} (stale or foreign: compute it again)`,
        );
        return;
      }
      try {
        costProfile(parseModelKey(line.profile).profile);
      } catch {
        reasons.push(`${where}: unknown cost profile or model rule '${line.profile}'`);
        return;
      }
      const spec = specOf(line);
      const key = `${line.profile}|${pointKey(spec)}`;
      const plan = planned.get(key);
      if (plan === undefined) {
        reasons.push(
          `${where}: not a planned point of any experiment (${line.mechanism}, profile ${line.profile}, ${pointKey(spec)})`,
        );
        return;
      }
      const metrics: Metrics = LineMetrics.parse(line);
      accepted.set(key, { plan, spec, metrics });
    });
  }
  if (reasons.length > 0) throw new ImportRefused(reasons);
  let imported = 0;
  let duplicates = 0;
  for (const { plan, spec, metrics } of accepted.values()) {
    if (runner.cached(plan, spec) !== undefined) {
      duplicates++;
      continue;
    }
    runner.store(plan, spec, metrics);
    imported++;
  }
  return { imported, duplicates };
}
