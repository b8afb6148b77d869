/**
 * Checks that need the whole manifest, run after the schema accepted it:
 * names that must refer to something declared elsewhere in the same file.
 */
import { basename, extname } from "node:path";
import { pointProblem } from "../plan/limits.js";
import { hwXValues, PlanError, type PlannedPoint, planPoints } from "../plan/points.js";
import { type FieldPath, formatFieldPath } from "./locate.js";
import { type Claim, MAX_POINTS_PER_SWEEP, type Manifest, PARAMETER_LIMITS } from "./schema.js";

export interface CrossCheckProblem {
  path: FieldPath;
  message: string;
}

function quoteAll(values: readonly string[]): string {
  return values.map((v) => JSON.stringify(v)).join("|");
}

/** The manifest id doubles as the output file stem, so it must match the file name. */
export function manifestIdFor(file: string): string {
  return basename(file, extname(file));
}

function duplicates<T>(
  items: readonly T[],
  path: (index: number) => FieldPath,
  what: string,
): CrossCheckProblem[] {
  const firstIndex = new Map<T, number>();
  const problems: CrossCheckProblem[] = [];
  items.forEach((item, i) => {
    const first = firstIndex.get(item);
    if (first === undefined) firstIndex.set(item, i);
    else {
      problems.push({
        path: path(i),
        message: `duplicate ${what} ${JSON.stringify(item)} (first at ${formatFieldPath(path(first))})`,
      });
    }
  });
  return problems;
}

/** Every mechanism a claim names, with the path of the node that names it. */
function claimMechanisms(claim: Claim, at: FieldPath): { path: FieldPath; mechanism: string }[] {
  const named: { path: FieldPath; mechanism: string }[] = [];
  const list = (key: string, mechanisms: readonly string[]) => {
    mechanisms.forEach((mechanism, j) => {
      named.push({ path: [...at, key, j], mechanism });
    });
  };
  if (claim.kind === "order") {
    list("lower", claim.lower);
    list("higher", claim.higher);
  } else if (claim.kind === "knee_order") {
    list("earlier", claim.earlier);
    list("later", claim.later);
  } else if (claim.kind === "ratio") {
    named.push({ path: [...at, "numerator", "series"], mechanism: claim.numerator.series });
    if (typeof claim.denominator === "object") {
      named.push({ path: [...at, "denominator", "series"], mechanism: claim.denominator.series });
    }
  } else {
    list("series", claim.series);
  }
  // A reference to another series names a mechanism too.
  if ("reference" in claim && typeof claim.reference === "object" && claim.reference.series) {
    named.push({ path: [...at, "reference", "series"], mechanism: claim.reference.series });
  }
  return named;
}

function orderedPair(
  pair: readonly [number, number] | undefined,
  path: FieldPath,
): CrossCheckProblem[] {
  if (pair === undefined || pair[0] <= pair[1]) return [];
  return [{ path, message: `range [${pair[0]}, ${pair[1]}] is reversed: give [low, high]` }];
}

/**
 * Every point a runner would plan must be runnable (plan/limits.ts): checked
 * here, before anything runs, with the path of the sweep entry to change.
 * One problem per runner is enough to say what to fix.
 */
function sweepProblems(manifest: Manifest, runner: "sim" | "hw"): CrossCheckProblem[] {
  const hw = manifest.runners.hw;
  if (runner === "hw" && hw === undefined) return [];
  const at: FieldPath = runner === "hw" ? ["runners", "hw"] : ["sweep"];
  const x = manifest.sweep.x;
  // hw sizes in machine terms are checked as the reference machine resolves them.
  let values: readonly number[];
  try {
    values = runner === "hw" && hw ? hwXValues(manifest.id, x, hw.values) : manifest.sweep.values;
  } catch (error) {
    if (error instanceof PlanError) return [{ path: [...at, "values"], message: error.message }];
    throw error;
  }
  const limit = PARAMETER_LIMITS[x];
  const tooLarge = values.findIndex((v) => v > limit);
  if (tooLarge >= 0) {
    return [
      {
        path: [...at, "values", tooLarge],
        message: `${x} ${values[tooLarge]} is above the limit ${limit}`,
      },
    ];
  }
  let points: PlannedPoint[];
  try {
    points = planPoints(manifest, runner);
  } catch (error) {
    if (error instanceof PlanError) return [{ path: [...at, "params"], message: error.message }];
    throw error;
  }
  if (points.length > MAX_POINTS_PER_SWEEP) {
    return [
      {
        path: at,
        message: `${points.length} runs planned (panels × mechanisms × values × ${runner === "hw" ? "repetitions" : "seeds"}), above the limit ${MAX_POINTS_PER_SWEEP}`,
      },
    ];
  }
  for (const point of points) {
    const problem = pointProblem(point.spec);
    if (problem === undefined) continue;
    const index = values.indexOf(point.x);
    const path: FieldPath =
      point.spec.workload === "persistent" && point.spec.connections < 1
        ? ["sweep", "workload"]
        : index >= 0 && (x === "rate" || x === "duration_s" || x === "warmup_s")
          ? [...at, "values", index]
          : [...at, "params"];
    const where = runner === "hw" ? " (hw runner)" : "";
    return [{ path, message: `panel "${point.panel}", x=${point.x}${where}: ${problem}` }];
  }
  return [];
}

export function crossCheck(manifest: Manifest, file: string): CrossCheckProblem[] {
  const problems: CrossCheckProblem[] = [];
  const expectedId = manifestIdFor(file);
  if (manifest.id !== expectedId) {
    problems.push({
      path: ["id"],
      message: `id "${manifest.id}" must equal the file's base name "${expectedId}"`,
    });
  }

  const { sweep } = manifest;
  const panelIds = sweep.panels.map((p) => p.id);
  problems.push(
    ...duplicates(panelIds, (i) => ["sweep", "panels", i, "id"], "panel id"),
    ...duplicates(sweep.mechanisms, (i) => ["sweep", "mechanisms", i], "mechanism"),
    ...duplicates(sweep.seeds, (i) => ["sweep", "seeds", i], "seed"),
    ...duplicates(
      manifest.claims.map((c) => c.id),
      (i) => ["claims", i, "id"],
      "claim id",
    ),
  );

  const declaredPanels = new Set(panelIds);
  const hw = manifest.runners.hw;
  if (hw !== undefined) {
    problems.push(
      ...duplicates(hw.mechanisms, (i) => ["runners", "hw", "mechanisms", i], "mechanism"),
    );
    for (const key of ["panels", "titles"] as const) {
      for (const panel of Object.keys(hw[key])) {
        if (!declaredPanels.has(panel)) {
          problems.push({
            path: ["runners", "hw", key, panel],
            message: `unknown panel "${panel}": sweep.panels has ${quoteAll(panelIds)}`,
          });
        }
      }
    }
  }
  const variants = manifest.runners.sim?.variants ?? [];
  problems.push(
    ...duplicates(
      variants.map((v) => v.id),
      (i) => ["runners", "sim", "variants", i, "id"],
      "variant id",
    ),
  );
  const variantIds = variants.map((v) => v.id);
  // A claim's series must be run by every runner it is checked for.
  const declared = {
    sim: { mechanisms: sweep.mechanisms, where: "sweep.mechanisms" },
    hw: { mechanisms: hw?.mechanisms ?? [], where: "runners.hw.mechanisms" },
    // The prediction is of the hw section: the same series.
    predict: { mechanisms: hw?.mechanisms ?? [], where: "runners.hw.mechanisms" },
  } as const;
  problems.push(...sweepProblems(manifest, "sim"), ...sweepProblems(manifest, "hw"));
  manifest.claims.forEach((claim, i) => {
    const at: FieldPath = ["claims", i];
    claim.panels?.forEach((panel, j) => {
      if (!declaredPanels.has(panel)) {
        problems.push({
          path: [...at, "panels", j],
          message: `unknown panel "${panel}": sweep.panels has ${quoteAll(panelIds)}`,
        });
      }
    });
    if (claim.variant !== undefined) {
      const named = typeof claim.variant === "string" ? [claim.variant] : claim.variant;
      const unknown = named.findIndex((id) => !variantIds.includes(id));
      if (unknown >= 0) {
        problems.push({
          path:
            typeof claim.variant === "string" ? [...at, "variant"] : [...at, "variant", unknown],
          message: `unknown variant "${named[unknown]}": runners.sim.variants has ${variantIds.length > 0 ? quoteAll(variantIds) : "none"}`,
        });
      } else if (claim.runners.includes("hw")) {
        problems.push({
          path: [...at, "runners"],
          message: "a rule-variant series is simulated only: check the claim for the sim runner",
        });
      }
    }
    const predicts = claim.kind === "predicts";
    if (predicts !== (claim.runners.length === 1 && claim.runners[0] === "predict")) {
      problems.push({
        path: [...at, "runners"],
        message: predicts
          ? "a predicts claim compares the prediction with the measurement: runners: [predict]"
          : "only a predicts claim can read the predict runner's results",
      });
    }
    if (predicts !== (claim.role === "cross-validation")) {
      problems.push({
        path: [...at, "role"],
        message: predicts
          ? "a predicts claim is a cross-validation: role: cross-validation"
          : "role cross-validation is for predicts claims",
      });
    }
    if ((claim.runners.includes("hw") || predicts) && hw === undefined) {
      problems.push({
        path: [...at, "runners"],
        message: "checked for the hw runner, but the manifest has no runners.hw section",
      });
    }
    for (const { path, mechanism } of claimMechanisms(claim, at)) {
      for (const runner of claim.runners) {
        const { mechanisms, where } = declared[runner];
        if (runner !== "sim" && hw === undefined) continue;
        if (!(mechanisms as readonly string[]).includes(mechanism)) {
          problems.push({
            path,
            message: `mechanism "${mechanism}" is not in ${where} (${quoteAll(mechanisms)})${claim.runners.length > 1 ? ` but the claim is checked for the ${runner} runner` : ""}`,
          });
        }
      }
    }
    // A constrained claim must say what decides it; no other role may claim that.
    if (claim.role === "constrained" && claim.constrained_by === undefined) {
      problems.push({
        path: [...at, "role"],
        message:
          "role constrained needs constrained_by: the calibration group or 'by construction: …' that decides it",
      });
    }
    if (claim.role !== "constrained" && claim.constrained_by !== undefined) {
      problems.push({
        path: [...at, "constrained_by"],
        message: `constrained_by is only for role constrained (this claim's role is ${claim.role})`,
      });
    }
    problems.push(...orderedPair(claim.x_range, [...at, "x_range"]));
    if (claim.kind === "knee") problems.push(...orderedPair(claim.within, [...at, "within"]));
    // The onset's order is read along the panels as listed: there must be an order to read.
    if (claim.kind === "onset_order" && (claim.panels?.length ?? 0) < 2) {
      problems.push({
        path: [...at, "panels"],
        message: "onset_order needs panels: at least two, in the order the onset should move along",
      });
    }
  });
  return problems;
}
