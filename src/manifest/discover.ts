/**
 * Finds the manifests of an experiments directory and loads them together,
 * so one run reports the problems of every file at once.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { ManifestError, type ManifestIssue } from "./errors.js";
import { loadManifest } from "./load.js";
import type { Manifest } from "./schema.js";

/** `<dir>/*.yaml`, sorted by file name (byte order, locale-independent). */
export function discoverManifests(dir = "experiments"): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(".yaml"))
    .map((entry) => entry.name)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((name) => join(dir, name));
}

export interface LoadedManifest {
  path: string;
  manifest: Manifest;
}

/** Loads every manifest of `dir`; throws one ManifestError with the issues of all files. */
export function loadAll(dir = "experiments"): LoadedManifest[] {
  const loaded: LoadedManifest[] = [];
  const issues: ManifestIssue[] = [];
  for (const path of discoverManifests(dir)) {
    try {
      loaded.push({ path, manifest: loadManifest(path) });
    } catch (error) {
      if (!(error instanceof ManifestError)) throw error;
      issues.push(...error.issues);
    }
  }
  if (issues.length > 0) throw new ManifestError(issues);
  return loaded;
}
