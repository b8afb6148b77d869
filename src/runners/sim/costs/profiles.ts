/**
 * The cost profiles a simulation may use: the paper's testbed, written as
 * code with a source beside every constant, and measured profiles kept as
 * data — data/profiles/NAME.json, written by `dispatch-repro calibrate`
 * from this machine's microbenchmarks (src/calibrate/, docs/cross-validation.md).
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { DATA_DIR } from "../../../results/paths.js";
import { piii400Linux24 } from "./piii-400-linux-2.4.js";
import type { CostProfile } from "./profile.js";

export const PROFILES_DIR = join(DATA_DIR, "profiles");

/** Profiles written as code. */
const BUILT_IN: Record<string, CostProfile> = { [piii400Linux24.id]: piii400Linux24 };

export class CostProfileError extends Error {
  override readonly name = "CostProfileError";
}

/** A calibrated profile as kept on disk: its constants and everything they came from. */
export interface ProfileFile {
  id: string;
  description: string;
  /** The machine and runner the measurements ran on (CPU model, kernel, boot, runner version). */
  provenance: Record<string, unknown>;
  /** The raw measurements, as measured. */
  raw: Record<string, unknown>;
  /** The constants, derived from `raw` alone (src/calibrate/derive.ts; a test re-derives them). */
  constants: Omit<CostProfile, "id" | "description" | "sources">;
  /** Where each constant comes from. */
  sources: Record<string, string>;
}

/** The numeric constants every profile has (the optional modern-mechanism ones may be absent). */
const REQUIRED_NUMBERS = Object.keys(piii400Linux24).filter(
  (k) => typeof piii400Linux24[k as keyof CostProfile] === "number",
);

export function profilePath(id: string, root = "."): string {
  return join(root, PROFILES_DIR, `${id}.json`);
}

export function profileOfFile(file: ProfileFile, where: string): CostProfile {
  const c = file.constants as unknown as Record<string, unknown>;
  for (const key of REQUIRED_NUMBERS) {
    if (typeof c[key] !== "number" || !Number.isFinite(c[key])) {
      throw new CostProfileError(`${where}: constants.${key} is missing or not a number`);
    }
  }
  if (typeof c.serverClosesAfterReply !== "boolean") {
    throw new CostProfileError(`${where}: constants.serverClosesAfterReply must be true or false`);
  }
  return { ...file.constants, id: file.id, description: file.description, sources: file.sources };
}

function readProfileFile(path: string): ProfileFile {
  try {
    return JSON.parse(readFileSync(path, "utf8")) as ProfileFile;
  } catch (error) {
    throw new CostProfileError(`${path}: not a profile file (${(error as Error).message})`);
  }
}

/** Profile ids known here: the built-in ones and those kept in data/profiles/. */
export function knownProfiles(root = "."): string[] {
  const dir = join(root, PROFILES_DIR);
  const kept = existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => f.endsWith(".json"))
        .map((f) => f.slice(0, -".json".length))
    : [];
  return [...Object.keys(BUILT_IN), ...kept.sort()];
}

const loaded = new Map<string, CostProfile>();

/** A profile by id: built in, or data/profiles/<id>.json (read once per process). */
export function costProfileOf(id: string, root = "."): CostProfile {
  const builtIn = BUILT_IN[id];
  if (builtIn) return builtIn;
  const path = profilePath(id, root);
  const cached = loaded.get(path);
  if (cached) return cached;
  if (!/^[a-z0-9][a-z0-9._-]*$/i.test(id) || !existsSync(path)) {
    throw new CostProfileError(
      `unknown cost profile '${id}' (known: ${knownProfiles(root).join(", ")}; a new one: dispatch-repro calibrate --profile ${id})`,
    );
  }
  const profile = profileOfFile(readProfileFile(path), path);
  loaded.set(path, profile);
  return profile;
}

/** Where and when a kept profile was measured (its file's provenance); undefined for a built-in one. */
export function profileProvenance(id: string, root = "."): Record<string, unknown> | undefined {
  if (BUILT_IN[id]) return undefined;
  costProfileOf(id, root);
  return readProfileFile(profilePath(id, root)).provenance;
}

/**
 * What a profile's results depend on, for cache keys and provenance: the id
 * of a built-in profile (its code is hashed with the simulator's sources), the
 * id and a hash of the constants of a kept one (recalibrating changes them).
 */
export function profileVersion(id: string, root = "."): string {
  if (BUILT_IN[id]) return id;
  const p = costProfileOf(id, root);
  const { sources: _sources, ...constants } = p;
  const hash = createHash("sha256").update(JSON.stringify(constants)).digest("hex").slice(0, 12);
  return `${id}@${hash}`;
}
