/**
 * The experiment manifest: one YAML file per figure/table in `experiments/`.
 * A manifest says what to run (a sweep of points), how to chart it, and which
 * published numbers and statements the result must reproduce (claims).
 */
import { z } from "zod";

export const MECHANISMS = [
  "select",
  "select-ma",
  "poll",
  "devpoll",
  "rtsig",
  "rtsig-perfd",
  "epoll",
  "epoll-et",
  "io_uring",
] as const;
export const Mechanism = z.enum(MECHANISMS);
export type Mechanism = z.infer<typeof Mechanism>;

/**
 * The simulator's model rules the paper does not state, each with its
 * variants, the default (sourced, docs/model-rules.md) first.
 */
export const MODEL_RULE_VARIANTS = {
  /** R1: when the RT-signal server leaves its select() fallback. */
  rtsig_fallback_exit: ["after-one-pass", "until-caught-up"],
  /** R2a: how long a /dev/poll wait-queue entry stays on a socket. */
  devpoll_waiter: ["per-call", "while-in-interest-set"],
  /** R2b: which entries a DP_POLL that finds something polls and reports. */
  devpoll_busy_walk: ["patch", "first-ready"],
  /** R3: where the listen socket sits in /dev/poll's walk. */
  devpoll_listen_position: ["first", "middle"],
  /** R5: whether the /dev/poll server reads a new connection right after accept(). */
  devpoll_accept_read: ["via-dp-poll", "read-after-accept"],
  /** R6: whether the RT-signal server empties the signal queue on SIGIO. */
  rtsig_overflow_queue: ["flush", "keep"],
  /** R4: when each client machine's httperf starts its fixed-interval connections (Section 4 load). */
  client_phases: ["random", "aligned"],
} as const;
export type ModelRuleName = keyof typeof MODEL_RULE_VARIANTS;

const RULE_TITLES: Record<ModelRuleName, string> = {
  rtsig_fallback_exit: "R1: when the RT-signal server leaves its select() fallback",
  devpoll_waiter: "R2a: how long a /dev/poll waiter stays registered",
  devpoll_busy_walk: "R2b: what a DP_POLL that finds something polls and reports",
  devpoll_listen_position: "R3: the listen socket's place in /dev/poll's walk",
  devpoll_accept_read: "R5: whether the /dev/poll server reads right after accept()",
  client_phases: "R4: when each client machine starts its fixed-interval connections",
  rtsig_overflow_queue: "R6: whether the RT-signal server empties the signal queue on SIGIO",
};

export const WORKLOADS = ["persistent", "idle-burst"] as const;
export const Workload = z.enum(WORKLOADS);
export type Workload = z.infer<typeof Workload>;

/** CSV metric columns shared by both runners (docs/design.md, "Metrics"). */
export const METRICS = [
  "reply_rate",
  "cpu_pct",
  "resp_ms",
  "errors",
  "sigwaitinfo_calls",
  "sigio_count",
  "dispatch_calls",
  "events_per_dispatch",
] as const;
export const Metric = z.enum(METRICS);
export type Metric = z.infer<typeof Metric>;

/** Point parameters a sweep may vary or fix. */
export const PARAMETERS = [
  "connections",
  "idle",
  "rate",
  "reply_bytes",
  "duration_s",
  "warmup_s",
  "client_timeout_s",
] as const;
export const Parameter = z.enum(PARAMETERS);
export type Parameter = z.infer<typeof Parameter>;

const positive = z.number().positive();
const nonNegative = z.number().nonnegative();

/**
 * Upper bounds of the point parameters, in the manifest and on the command
 * line: far beyond the paper (6000 idle connections, 4000 req/s, 60-s runs)
 * and today's hardware sweeps, and small enough that one simulated point
 * fits this 24 GiB machine (its socket table grows with connections, idle
 * connections and requests). A larger value is a typo or needs a new design.
 */
export const PARAMETER_LIMITS = {
  connections: 100_000,
  idle: 100_000,
  rate: 100_000,
  reply_bytes: 1_048_576,
  duration_s: 3600,
  warmup_s: 600,
  client_timeout_s: 600,
} as const;

/**
 * Largest RT signal queue limit a point may ask for (`queue_limit`): the
 * simulator allocates the queue, and today's default RLIMIT_SIGPENDING is of
 * this order (≈ 95 000 on a 24 GiB machine).
 */
export const QUEUE_LIMIT_MAX = 1_048_576;

/** Requests one point may make, rate × (warm-up + duration): the simulator keeps one socket each. */
export const MAX_REQUESTS_PER_POINT = 5_000_000;

/** Runs one sweep may plan (panels × mechanisms × values × seeds or repetitions). */
export const MAX_POINTS_PER_SWEEP = 20_000;

export const PointParams = z
  .object({
    connections: nonNegative
      .int()
      .max(PARAMETER_LIMITS.connections)
      .optional()
      .describe("persistent connections (persistent workload)"),
    idle: nonNegative
      .int()
      .max(PARAMETER_LIMITS.idle)
      .optional()
      .describe("idle connections held open (idle-burst workload)"),
    rate: positive.max(PARAMETER_LIMITS.rate).optional().describe("total request rate, requests/s"),
    reply_bytes: positive
      .int()
      .max(PARAMETER_LIMITS.reply_bytes)
      .optional()
      .describe("HTTP reply body size in bytes"),
    duration_s: positive
      .max(PARAMETER_LIMITS.duration_s)
      .optional()
      .describe("measured run length in seconds"),
    warmup_s: nonNegative
      .max(PARAMETER_LIMITS.warmup_s)
      .optional()
      .describe("seconds simulated before measuring starts"),
    client_timeout_s: positive
      .max(PARAMETER_LIMITS.client_timeout_s)
      .optional()
      .describe("httperf --timeout: a reply later than this is an error"),
    queue_limit: positive
      .int()
      .max(QUEUE_LIMIT_MAX)
      .optional()
      .describe(
        "RT signal queue limit (rtsig mechanisms): the simulator's queue length, the hw server's RLIMIT_SIGPENDING; default: 1024, Linux 2.4's rtsig-max",
      ),
  })
  .strict();
export type PointParams = z.infer<typeof PointParams>;

export const Panel = z
  .object({
    id: z
      .string()
      .regex(/^[a-z0-9]+$/, "panel ids are lowercase letters/digits (used in file names)"),
    title: z.string(),
    params: PointParams.default({}),
    y: Metric.optional().describe(
      "this panel charts another metric than chart.y (e.g. Fig. 6b: CPU)",
    ),
    y_title: z.string().optional(),
    y_scale: z.enum(["linear", "log"]).optional(),
    y_domain: z.tuple([z.number(), z.number()]).optional(),
  })
  .strict();
export type Panel = z.infer<typeof Panel>;

export const Sweep = z
  .object({
    workload: Workload,
    mechanisms: z.array(Mechanism).min(1),
    x: Parameter.describe("the parameter on the x axis"),
    values: z.array(nonNegative).min(1).describe("x values, ascending"),
    params: PointParams.default({}).describe("parameters fixed for every point"),
    panels: z
      .array(Panel)
      .min(1)
      .describe("one chart panel per entry; each may fix more parameters"),
    seeds: z.array(z.number().int().nonnegative()).min(1),
  })
  .strict()
  .refine((s) => s.values.every((v, i) => i === 0 || v > (s.values[i - 1] ?? -Infinity)), {
    message: "values must be strictly ascending",
    path: ["values"],
  });
export type Sweep = z.infer<typeof Sweep>;

/** A manifest option picking one variant of a model rule. */
function ruleOption<R extends ModelRuleName>(name: R) {
  return z
    .enum(MODEL_RULE_VARIANTS[name])
    .optional()
    .describe(`docs/model-rules.md ${RULE_TITLES[name]}`);
}

/** Variants of the model's unstated rules; a rule left out keeps its default. */
export const ModelRuleChoice = z
  .object({
    rtsig_fallback_exit: ruleOption("rtsig_fallback_exit"),
    devpoll_waiter: ruleOption("devpoll_waiter"),
    devpoll_busy_walk: ruleOption("devpoll_busy_walk"),
    devpoll_listen_position: ruleOption("devpoll_listen_position"),
    devpoll_accept_read: ruleOption("devpoll_accept_read"),
    client_phases: ruleOption("client_phases"),
    rtsig_overflow_queue: ruleOption("rtsig_overflow_queue"),
  } satisfies Record<ModelRuleName, unknown>)
  .strict();
export type ModelRuleChoice = z.infer<typeof ModelRuleChoice>;

/**
 * A series of the simulator's chart drawn under rule variants: one mechanism
 * run again with other rules, beside the default series in the same chart.
 */
export const RuleVariantSeries = z
  .object({
    id: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]*$/, "lower-case letters, digits and '-'")
      .describe("names the series in the CSV's variant column and in claims' `variant`"),
    mechanism: Mechanism,
    rules: ModelRuleChoice.describe("the rules that differ (over runners.sim.rules)"),
    title: z.string().min(1).describe("the series' name in the chart legend"),
  })
  .strict();
export type RuleVariantSeries = z.infer<typeof RuleVariantSeries>;

export const SimRunner = z
  .object({
    profile: z.string().describe("cost profile id, e.g. piii-400-linux-2.4"),
    rules: ModelRuleChoice.default({}).describe(
      "variants of the model's unstated rules for the whole experiment (docs/model-rules.md); default: the sourced ones",
    ),
    variants: z
      .array(RuleVariantSeries)
      .default([])
      .describe(
        "extra series: a mechanism under other rule variants, drawn in the same chart (docs/model-rules.md)",
      ),
  })
  .strict();

/**
 * A size in the machine's own terms, resolved by the hw runner's probe
 * (src/plan/machine-terms.ts, docs/hw-sizing.md): `client_max` — this
 * fraction of the largest connection rate the clients reach (a rate);
 * `select_busy` — as many idle descriptors as make the select() server this
 * busy (fraction of CPU 0, above 1: saturated) at the probe's rate, 15 % of
 * the clients' maximum (an idle count or a connection count).
 */
export const ClientMaxFraction = z
  .object({ client_max: positive.max(1).describe("fraction of the clients' max connection rate") })
  .strict();
export const SelectBusy = z
  .object({
    select_busy: positive
      .max(100)
      .describe("select()'s CPU 0 share at the probe rate (above 1: saturated below it)"),
  })
  .strict();

/** hw point parameters: numbers, or rate, idle and connections in the machine's own terms. */
export const HwPointParams = PointParams.extend({
  connections: z.union([PointParams.shape.connections.unwrap(), SelectBusy]).optional(),
  idle: z.union([PointParams.shape.idle.unwrap(), SelectBusy]).optional(),
  rate: z.union([PointParams.shape.rate.unwrap(), ClientMaxFraction]).optional(),
}).strict();
export type HwPointParams = z.infer<typeof HwPointParams>;

const ascending = (values: readonly number[]) =>
  values.every((v, i) => i === 0 || v > (values[i - 1] ?? -Infinity));

/** hw x values: numbers, or fractions in the machine's own terms (all of one kind), ascending. */
/** Ascending shares in machine terms, each at most `max`. */
const ascendingShares = (max: number) =>
  z.array(positive.max(max)).min(1).refine(ascending, "values must be strictly ascending");

export const HwValues = z.union([
  z.array(nonNegative).min(1).refine(ascending, "values must be strictly ascending"),
  z.object({ client_max: ascendingShares(1) }).strict(),
  z.object({ select_busy: ascendingShares(100) }).strict(),
]);
export type HwValues = z.infer<typeof HwValues>;

/**
 * The real-hardware runner's sweep, scaled to this machine (it is far faster
 * than the 2001 Pentium-III): its own x values, parameters and mechanisms
 * (modern ones as extra series; the 2001-only `devpoll` and `rtsig-perfd`
 * stay simulator-only), and repetitions instead of seeds.
 */
export const HwRunner = z
  .object({
    values: HwValues.describe(
      "x values on this machine, ascending: numbers, or { client_max: [...] } / { select_busy: [...] } sized by the probe",
    ),
    params: HwPointParams.default({}).describe("overrides of sweep.params"),
    panels: z
      .record(z.string(), HwPointParams)
      .default({})
      .describe("panel id → overrides of that panel's params"),
    mechanisms: z.array(Mechanism).min(1),
    repetitions: z.number().int().min(1).default(3),
    titles: z
      .record(z.string(), z.string())
      .default({})
      .describe("panel id → its title on this machine (default: the sweep panel's title)"),
    chart_title: z
      .string()
      .optional()
      .describe("the chart's (and table's) title on this machine (default: chart.title)"),
    profile: z
      .string()
      .default("modern")
      .describe(
        "the simulator's cost profile (data/profiles/NAME.json) for predicting this section's points (run --runner predict; docs/cross-validation.md)",
      ),
  })
  .strict();
export type HwRunner = z.infer<typeof HwRunner>;

export const Runners = z
  .object({
    sim: SimRunner.optional(),
    hw: HwRunner.optional(),
  })
  .strict();

export const Chart = z
  .object({
    title: z.string(),
    y: Metric,
    x_title: z.string(),
    y_title: z.string(),
    y_scale: z.enum(["linear", "log"]).default("linear"),
    y_domain: z.tuple([z.number(), z.number()]).optional(),
  })
  .strict();
export type Chart = z.infer<typeof Chart>;

/**
 * A figure that is a table in the paper (Table 1): one row per x value and
 * panel, the paper's numbers beside the reproduced ones. `published` holds
 * the paper's values per panel id and x value, in column order; they are
 * shown for comparison only and never enter a result.
 */
export const Table = z
  .object({
    title: z.string(),
    series: Mechanism.describe("the mechanism the table reports"),
    row_title: z.string(),
    columns: z.array(z.object({ metric: Metric, title: z.string() }).strict()).min(1),
    published: z
      .record(z.string(), z.record(z.string(), z.array(z.number())))
      .describe("panel id → x value → one number per column"),
  })
  .strict();
export type Table = z.infer<typeof Table>;

/** Selects one point of a series: an x value, or a position found from the data. */
export const At = z.union([
  z.number(),
  z
    .enum(["first", "last", "peak", "mean"])
    .describe("peak = x of the series' maximum; mean = mean over x"),
]);
export type At = z.infer<typeof At>;

export const Source = z
  .object({
    ref: z.string().describe("figure/table/section, e.g. 'Figure 4, Section 3.1.2'"),
    quote: z.string().describe("short quote of the paper backing the claim"),
  })
  .strict();

/**
 * What a claim's verdict is evidence of. Calibration: a cost constant was
 * fitted to it. Validation: nothing fitted decides it; only these count in
 * the headline pass rate. Constrained: it follows from fitted constants or
 * from the model's construction, so its pass shows consistency, not a match.
 * Ablation: a paper claim checked in an ablation experiment
 * (experiments/ablation-*.yaml) on a rule-variant series, or on the default
 * series of the same points for comparison: what it says is how much the
 * reproduction rests on that rule; its failures do not fail CI.
 * Outside: a validation against another source than the paper (e.g.
 * Libenzi's poll and /dev/poll measurements), with no refit; counted apart.
 * Cross-validation: the simulator's prediction of this machine's hardware
 * (a measured modern cost profile) against the hw measurement at the same
 * points (runner `predict`, kind `predicts`); counted apart.
 */
export const ROLES = [
  "validation",
  "constrained",
  "calibration",
  "ablation",
  "outside",
  "cross-validation",
] as const;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

const claimBase = {
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "claim ids are kebab-case"),
  source: Source,
  role: Role.describe(
    "calibration: a cost constant was fitted to it; validation: nothing fitted decides it; constrained: fitted constants or the model's construction decide it (name what in constrained_by); ablation: checked in an ablation experiment, on a rule-variant series or the default one beside it (docs/model-rules.md); outside: validated against a source other than the paper",
  ),
  constrained_by: z
    .string()
    .optional()
    .describe(
      "with role constrained: what decides the claim — a calibration group (e.g. 'C1: ...') or 'by construction: ...'",
    ),
  holds_on_constant: z
    .string()
    .optional()
    .describe(
      "why the claim legitimately holds on a null dataset where every metric is constant (the null-data test requires the reason)",
    ),
  variant: z
    .union([z.string(), z.array(z.string()).min(1)])
    .optional()
    .describe(
      "runners.sim.variants id(s): the claim reads each such series in place of its mechanism's default one",
    ),
  metric: Metric,
  panels: z.array(z.string()).optional().describe("panels the claim covers; default all"),
  quantifier: z
    .enum(["all", "any"])
    .default("all")
    .describe("hold in every covered panel, or in at least one"),
  x_range: z.tuple([z.number(), z.number()]).optional().describe("inclusive x range; default all"),
  runners: z
    .array(z.enum(["sim", "hw", "predict"]))
    .default(["sim"])
    .describe("predict: the simulator's prediction of the hw section, with the hw measurement"),
  known_deviation: z
    .string()
    .optional()
    .describe("why an honest model cannot reproduce this claim; reported, not failed"),
};

const Tolerance = z
  .object({ abs: nonNegative.optional(), rel: nonNegative.optional() })
  .strict()
  .refine((t) => t.abs !== undefined || t.rel !== undefined, "give abs or rel");

/**
 * Another value at the same x: a series (default: the claim's own), a metric
 * (default: the claim's), or that series' value at a fixed position `at`
 * (e.g. `{ at: first }`: the series' own value at its first x).
 */
export const SeriesReference = z
  .object({
    series: Mechanism.optional(),
    metric: Metric.optional(),
    at: At.optional(),
  })
  .strict();
export type SeriesReference = z.infer<typeof SeriesReference>;

/** A reference a metric is compared with: a point parameter (e.g. rate), a constant, or another value. */
export const Reference = z.union([Parameter, z.number(), SeriesReference]);
export type Reference = z.infer<typeof Reference>;

export const ValueClaim = z
  .object({
    ...claimBase,
    kind: z.literal("value"),
    series: z.array(Mechanism).min(1),
    at: At.describe("x value, or 'mean' over the x range; or 'all' via at_every"),
    at_every: z.boolean().default(false).describe("check every point in range instead of one"),
    expected: z.number(),
    tolerance: Tolerance,
  })
  .strict();

export const TracksClaim = z
  .object({
    ...claimBase,
    kind: z.literal("tracks"),
    series: z.array(Mechanism).min(1),
    reference: Reference,
    min_ratio: z.number().optional().describe("metric/reference must be ≥ this"),
    max_ratio: z.number().optional().describe("metric/reference must be ≤ this"),
  })
  .strict();

export const FlatClaim = z
  .object({
    ...claimBase,
    kind: z.literal("flat"),
    series: z.array(Mechanism).min(1),
    max_spread: nonNegative.describe("max − min over x, in metric units"),
  })
  .strict();

export const MonotoneClaim = z
  .object({
    ...claimBase,
    kind: z.literal("monotone"),
    series: z.array(Mechanism).min(1),
    direction: z.enum(["increasing", "decreasing"]),
    slack: nonNegative
      .default(0)
      .describe(
        "allowed step against the direction; the net change (last − first) must exceed it in the direction",
      ),
    max_step_ratio: z
      .number()
      .gt(1)
      .optional()
      .describe(
        "'only gradually': no step between adjacent x multiplies the metric by more than this",
      ),
  })
  .strict();

export const ReachesClaim = z
  .object({
    ...claimBase,
    kind: z.literal("reaches"),
    series: z.array(Mechanism).min(1),
    level: z.number(),
    by: z.number().describe("the metric is ≥ level at this x (and the first such x is ≤ by)"),
  })
  .strict();

export const OnsetOrderClaim = z
  .object({
    ...claimBase,
    kind: z.literal("onset_order"),
    series: z.array(Mechanism).min(1),
    level: z.number().describe("the onset in a panel is the first x whose metric is ≥ level"),
  })
  .strict()
  .describe(
    "over `panels` in the order given (at least two), the onset never moves earlier, exists in the first panel and is strictly later in the last",
  );

export const OrderClaim = z
  .object({
    ...claimBase,
    kind: z.literal("order"),
    lower: z.array(Mechanism).min(1).describe("series that must be lower"),
    higher: z.array(Mechanism).min(1).describe("series that must be higher"),
    factor: positive
      .default(1)
      .describe("lower < factor × higher at every x (strict); below 1 for 'much less'"),
  })
  .strict();

export const KneeClaim = z
  .object({
    ...claimBase,
    kind: z.literal("knee"),
    series: z.array(Mechanism).min(1),
    reference: Reference,
    threshold: positive.describe("knee = first x where metric < threshold × reference"),
    direction: z
      .enum(["below", "above"])
      .default("below")
      .describe(
        "below: first x where metric < threshold × reference; above: first x where it is >",
      ),
    within: z.tuple([z.number(), z.number()]).describe("the knee's x must lie in this range"),
  })
  .strict();

/**
 * Knees compared: every `earlier` series has its knee (as in `knee`) strictly
 * before every `later` series; a series that never has a knee in range counts
 * as having it beyond the last x. With `gap_grows: [p, q]`, the gap between
 * the earliest later knee and the latest earlier knee in panel q is at least
 * the gap in panel p.
 */
export const KneeOrderClaim = z
  .object({
    ...claimBase,
    kind: z.literal("knee_order"),
    earlier: z.array(Mechanism).min(1),
    later: z.array(Mechanism).min(1),
    reference: Reference,
    threshold: positive,
    direction: z.enum(["below", "above"]).default("below"),
    gap_grows: z.tuple([z.string(), z.string()]).optional(),
  })
  .strict();

export const LinearClaim = z
  .object({
    ...claimBase,
    kind: z.literal("linear"),
    series: z.array(Mechanism).min(1),
    direction: z
      .enum(["increasing", "decreasing"])
      .default("increasing")
      .describe("the fitted slope must have this sign (a flat line is not 'linear in load')"),
    min_r2: z.number().min(0).max(1),
  })
  .strict();

export const PointRef = z
  .object({
    series: Mechanism,
    at: At,
    metric: Metric.optional().describe("default: the claim's metric"),
  })
  .strict();

export const RatioClaim = z
  .object({
    ...claimBase,
    kind: z.literal("ratio"),
    numerator: PointRef,
    denominator: z.union([PointRef, Parameter, z.number()]),
    min: z.number().optional(),
    max: z.number().optional(),
  })
  .strict();

/**
 * The simulator's prediction of a hw section (series `model`) against the
 * measurement (docs/cross-validation.md). `compare`:
 * - point: at every x both have, |predicted / measured − 1| ≤ tolerance.rel;
 *   with `per_reply`, the metric divided by the point's reply rate (CPU per
 *   reply), and only where the measured server keeps up (reply rate ≥ 98 %
 *   of the offered rate, the hw runner's own validity rule); with `where:
 *   saturated`, only where it does not (e.g. the throughput it plateaus at);
 * - peak: the series' largest value, predicted against measured;
 * - knee: the first x where the metric falls below threshold × the offered
 *   rate, predicted against measured (no measured knee in range: no data);
 * - order: at every x, every two series whose measured values differ by at
 *   least `distinct` × are in the same order in the prediction.
 */
export const PredictsClaim = z
  .object({
    ...claimBase,
    kind: z.literal("predicts"),
    compare: z.enum(["point", "peak", "knee", "order"]),
    series: z.array(Mechanism).min(1),
    per_reply: z
      .boolean()
      .default(false)
      .describe("point: divide the metric by the reply rate (e.g. CPU per reply)"),
    where: z
      .enum(["all", "keeps-up", "saturated"])
      .default("all")
      .describe(
        "point: the x values compared, by the measured server: all, those where it keeps up (reply rate ≥ 98 % of the offered rate), those where it does not",
      ),
    tolerance: z
      .object({ rel: nonNegative })
      .strict()
      .optional()
      .describe("point, peak, knee: the largest relative difference"),
    threshold: positive.default(0.97).describe("knee: reply rate below threshold × offered rate"),
    distinct: z
      .number()
      .min(1)
      .default(1.25)
      .describe("order: measured values at least this many times apart count as ordered"),
  })
  .strict();

export const Claim = z.discriminatedUnion("kind", [
  ValueClaim,
  TracksClaim,
  FlatClaim,
  MonotoneClaim,
  ReachesClaim,
  OnsetOrderClaim,
  OrderClaim,
  KneeClaim,
  KneeOrderClaim,
  LinearClaim,
  RatioClaim,
  PredictsClaim,
]);
export type Claim = z.infer<typeof Claim>;
export type ClaimKind = Claim["kind"];

/**
 * How far a metric may move from the accepted baseline (`data/<id>/sim.baseline.csv`)
 * before `check` fails: within abs, or within rel × |baseline|. A metric not
 * named must match exactly, as deterministic simulator output does.
 */
export const DriftTolerance = z
  .object({
    tolerance: z
      .partialRecord(Metric, Tolerance)
      .default({})
      .describe("metric → allowed change from the baseline; unnamed metrics must match exactly"),
  })
  .strict();
export type DriftTolerance = z.infer<typeof DriftTolerance>;

export const Manifest = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "ids are kebab-case (used in file names)"),
    title: z.string(),
    paper_ref: z.string().describe("where in the paper this figure/table is"),
    description: z.string().optional(),
    sweep: Sweep,
    runners: Runners,
    chart: Chart,
    table: Table.optional(),
    claims: z.array(Claim).default([]),
    drift: DriftTolerance.optional().describe(
      "tolerances of the drift gate (check) per metric; default: exact match",
    ),
  })
  .strict();
export type Manifest = z.infer<typeof Manifest>;
