/**
 * `data/<id>/<runner>.meta.json`: what produced a results CSV — the manifest
 * bytes, the runner and code versions, the machine — so a figure can be
 * traced back and a drift explained.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { cpus, hostname, release } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { packageRoot } from "../package-root.js";
import { writeFileAtomic } from "./atomic-write.js";

export interface ProvenanceInput {
  manifestPath: string;
  /** sha256 of the manifest file's bytes; computed from manifestPath when omitted. */
  manifestHash?: string;
  runner: string;
  runnerVersion: string;
  seeds: readonly number[];
  /** Number of points (runs) in the results file. */
  points: number;
  startedAt: Date | string;
  wallTimeS: number;
  /** `git describe --always --dirty`, else the package version; detected when omitted. */
  codeVersion?: string;
  /** Runner-specific facts (hw: CPU placement, httperf version, invalid runs …). */
  details?: Record<string, unknown>;
}

export interface Provenance {
  manifestPath: string;
  manifestHash: string;
  runner: string;
  runnerVersion: string;
  seeds: number[];
  points: number;
  startedAt: string;
  wallTimeS: number;
  codeVersion: string;
  nodeVersion: string;
  hostname: string;
  cpuModel: string;
  kernel: string;
  details?: Record<string, unknown>;
}

export function sha256File(path: string): string {
  return createHash("sha256").update(readFileSync(path)).digest("hex");
}

function packageVersion(root: string): string {
  try {
    const pkg: unknown = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
    if (typeof pkg === "object" && pkg !== null && "version" in pkg) {
      return String(pkg.version);
    }
  } catch {
    // fall through: an unreadable package.json only costs us the version string
  }
  return "unknown";
}

/**
 * Results and figures a run writes; their changes do not make the code dirty
 * (a run's own first CSV would otherwise mark every later .meta.json dirty).
 */
const OUTPUT_DIRS = ["data", "figures"];

/**
 * `git describe --always` of the package, with "-dirty" when a file outside
 * the output folders differs from the commit (untracked ones included); the
 * package.json version outside a checkout.
 */
export function detectCodeVersion(
  root: string = packageRoot(dirname(fileURLToPath(import.meta.url))),
): string {
  const git = (args: string[]) =>
    execFileSync("git", args, {
      cwd: root,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
      timeout: 5000,
    }).trim();
  try {
    const described = git(["describe", "--always"]);
    if (described !== "") {
      const excluded = OUTPUT_DIRS.map((d) => `:(exclude)${d}`);
      const changed = git(["status", "--porcelain", "--", ".", ...excluded]);
      return changed === "" ? described : `${described}-dirty`;
    }
  } catch {
    // no git, or not a checkout (e.g. an npm install): use the package version
  }
  return packageVersion(root);
}

export function collectProvenance(input: ProvenanceInput): Provenance {
  return {
    manifestPath: input.manifestPath,
    manifestHash: input.manifestHash ?? sha256File(input.manifestPath),
    runner: input.runner,
    runnerVersion: input.runnerVersion,
    seeds: [...input.seeds],
    points: input.points,
    startedAt:
      typeof input.startedAt === "string" ? input.startedAt : input.startedAt.toISOString(),
    wallTimeS: input.wallTimeS,
    codeVersion: input.codeVersion ?? detectCodeVersion(),
    nodeVersion: process.version,
    hostname: hostname(),
    cpuModel: cpus()[0]?.model.trim() ?? "unknown",
    kernel: release(),
    ...(input.details === undefined ? {} : { details: input.details }),
  };
}

/** Writes the provenance JSON (pretty, atomic) and returns what was written. */
export function writeProvenance(path: string, input: ProvenanceInput): Provenance {
  const provenance = collectProvenance(input);
  writeFileAtomic(path, `${JSON.stringify(provenance, null, 2)}\n`);
  return provenance;
}

/**
 * True when the CSV on disk already holds exactly `csv` and its provenance
 * names the same manifest bytes and runner version: a run then leaves both
 * alone, so a warm run does not churn dates in the committed data/.
 */
export function resultsUnchanged(
  csvPath: string,
  csv: string,
  metaPath: string,
  manifestPath: string,
  runnerVersion: string,
): boolean {
  if (!existsSync(csvPath) || !existsSync(metaPath)) return false;
  if (readFileSync(csvPath, "utf8") !== csv) return false;
  try {
    const meta: unknown = JSON.parse(readFileSync(metaPath, "utf8"));
    if (typeof meta !== "object" || meta === null) return false;
    const m = meta as Record<string, unknown>;
    return m.manifestHash === sha256File(manifestPath) && m.runnerVersion === runnerVersion;
  } catch {
    return false; // unreadable provenance: rewrite it
  }
}
