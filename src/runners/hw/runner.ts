/**
 * The real-hardware runner as a runner (the counterpart of ../sim/runner.ts):
 * its code version for cache keys, where its server binary is, how to build
 * it, and one repetition of a point as the row fields the CSV stores.
 *
 * The code version hashes the hw runner's *sources* — src/runners/hw/**: the
 * TypeScript orchestration and the C server (.c, .h, Makefile) — found from
 * the package root, so the CLI (dist/) and the tests (tsx) share one cache,
 * and editing a C file reruns hw points while editing a chart reruns nothing.
 * The machine (CPU model and count, kernel) is part of the version too: a
 * cached measurement is only reused on the machine that made it.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { cpus, release } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { UsageError } from "../../errors.js";
import type { Mechanism } from "../../manifest/schema.js";
import { packageRoot as packageRootOf } from "../../package-root.js";
import type { HwCachedRepetition } from "../../results/hw-point-cache.js";
import type { HwFields, Metrics, PointSpec } from "../../results/types.js";
import { allowedCpus } from "./machine/cpu-placement.js";
import { acquireMachineLock } from "./machine/machine-lock.js";
import { type HwSession, openHwSession, runHwPoint } from "./point/run-point.js";
import type { HwPointOptions, HwPointResult } from "./point/types.js";
import { isHwMechanism } from "./server/server-process.js";

const MODULE_DIR = dirname(fileURLToPath(import.meta.url));

/** The package root (see ../../package-root.ts). */
export function packageRoot(from = MODULE_DIR): string {
  return packageRootOf(from);
}

/** src/runners/hw of the package (the sources, also when running from dist/). */
export function hwSourceDir(root = packageRoot()): string {
  const src = join(root, "src", "runners", "hw");
  return existsSync(src) ? src : MODULE_DIR;
}

/** The server's directory (its Makefile and binary). */
export function serverDir(root = packageRoot()): string {
  return join(hwSourceDir(root), "server");
}

export function serverBinaryPath(root = packageRoot()): string {
  return join(serverDir(root), "dispatch-server");
}

/** Sources that decide a measurement: code, not docs and not the built binary. */
const SOURCE_FILE = /(\.(ts|js|c|h)|^Makefile)$/;

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path));
    else if (SOURCE_FILE.test(name) && !name.endsWith(".d.ts")) out.push(path);
  }
  return out;
}

/** Hash over the hw runner's source files (path and bytes), 16 hex digits. */
export function hwSourceVersion(dir = hwSourceDir()): string {
  const hash = createHash("sha256");
  for (const file of sourceFiles(dir)) {
    hash.update(relative(dir, file));
    hash.update("\0");
    hash.update(readFileSync(file));
    hash.update("\0");
  }
  return hash.digest("hex").slice(0, 16);
}

/** The machine a measurement belongs to: CPU model, usable CPUs, kernel. */
export function machineId(): string {
  const model = cpus()[0]?.model.trim() ?? "unknown";
  return `${model}|cpus=${allowedCpus().length}|kernel=${release()}`;
}

/** Cache-key version of the hw runner: its sources and the machine. */
export function hwRunnerVersion(dir = hwSourceDir()): string {
  return `hw-${hwSourceVersion(dir)}|${machineId()}`;
}

export function hwSupports(spec: PointSpec): boolean {
  return isHwMechanism(spec.mechanism);
}

/**
 * Builds the server with make (it relinks only when a source changed), under
 * the machine lock so a build never relinks the binary under a running point.
 * make's errors go to stderr and throw.
 */
export async function buildServer(dir = serverDir()): Promise<void> {
  const release = await acquireMachineLock();
  try {
    execFileSync("make", ["-s", "-C", dir], { stdio: ["ignore", "ignore", "inherit"] });
  } finally {
    await release();
  }
}

/** Whether the server binary is current with its sources and build configuration (`make -q`). */
export function serverIsCurrent(dir = serverDir()): boolean {
  return spawnSync("make", ["-q", "-s", "-C", dir], { stdio: "ignore" }).status === 0;
}

/**
 * Before the first run: the server is current with its build inputs (built
 * now, or one clear error when told not to build) and can run every
 * mechanism the runs use (`dispatch-server --check`: a server built without
 * liburing, or a kernel that refuses io_uring, says so) — never a failure
 * minutes into a sweep.
 */
export async function prepareServer(
  mechanisms: readonly Mechanism[],
  options: { build: boolean; dir?: string },
): Promise<void> {
  const dir = options.dir ?? serverDir();
  const binary = join(dir, "dispatch-server");
  if (options.build) await buildServer(dir);
  else if (!existsSync(binary) || !serverIsCurrent(dir)) {
    throw new UsageError(
      `the hw server ${binary} is missing or older than its sources or build configuration: run 'make server'`,
    );
  }
  const problems = [...new Set(mechanisms)].flatMap((mechanism) => {
    const r = spawnSync(binary, ["--mechanism", mechanism, "--check"], { encoding: "utf8" });
    if (r.status === 0) return [];
    const reason = `${r.stderr ?? ""}`
      .trim()
      .split("\n")[0]
      ?.replace(/^dispatch-server: /, "");
    return [`${mechanism} (${reason || `exit status ${r.status}`})`];
  });
  if (problems.length > 0) {
    throw new UsageError(
      `the hw server cannot run ${problems.join("; ")}: nothing measured; fix that and run 'make server'`,
    );
  }
}

/** One repetition's row fields: the shared metrics plus the hw columns. */
export interface HwRepetition {
  metrics: Metrics;
  hw: HwFields;
  result: HwPointResult;
}

export function hwFieldsOf(r: HwPointResult): HwFields {
  return {
    valid: r.valid,
    invalid_reason: r.invalidReason ?? "",
    server_cpu_pct: r.extra.server_cpu_pct,
  };
}

/** A repetition as the hw cache keeps it (and as the quiet rule judges it). */
export function cachedRepetitionOf(result: HwPointResult): HwCachedRepetition {
  return {
    metrics: result.metrics,
    hw: hwFieldsOf(result),
    extra: { ...result.extra },
    warnings: result.warnings,
  };
}

function repetitionOf(result: HwPointResult): HwRepetition {
  return { metrics: result.metrics, hw: hwFieldsOf(result), result };
}

/**
 * Opens a session for points that share hwSessionKey (one server and its
 * idle connections for all of them); measure each with `measureRepetition`.
 */
export function openRepetitionSession(
  specs: readonly PointSpec[],
  options: Partial<HwPointOptions> = {},
): Promise<HwSession> {
  return openHwSession(specs, { serverBinary: serverBinaryPath(), ...options });
}

/** One repetition measured on an open session. */
export async function measureRepetition(
  session: HwSession,
  spec: PointSpec,
): Promise<HwRepetition> {
  const result = await session.measure(spec);
  return repetitionOf(result);
}

/** Runs one repetition (spec.seed is the repetition number). */
export async function runHwRepetition(
  spec: PointSpec,
  options: Partial<HwPointOptions> = {},
): Promise<HwRepetition> {
  // The repetition number is spec.seed (run-point records it as such).
  const result = await runHwPoint(spec, { serverBinary: serverBinaryPath(), ...options });
  return repetitionOf(result);
}
