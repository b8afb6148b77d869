/**
 * A runner's code version for cache keys: a hash over the source files of
 * the runner's folder, so a change to the simulator invalidates simulator
 * points and nothing else.
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";

function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...listFiles(path));
    else if (/\.(ts|js)$/.test(name) && !name.endsWith(".d.ts")) out.push(path);
  }
  return out;
}

/**
 * Hash of the source files under `dir`, 16 hex digits. `exclude`: module names
 * (path without extension, relative to dir) that only schedule or store
 * results and so cannot change one.
 */
export function sourceVersion(dir: string, exclude: readonly string[] = []): string {
  const hash = createHash("sha256");
  const skipped = new Set(exclude);
  for (const file of listFiles(dir)) {
    if (skipped.has(relative(dir, file).replace(/\.(ts|js)$/, ""))) continue;
    // Hash compiled and source files alike, keyed by their path without extension.
    hash.update(relative(dir, file).replace(/\.(ts|js)$/, ""));
    hash.update("\0");
    hash.update(readFileSync(file));
    hash.update("\0");
  }
  return hash.digest("hex").slice(0, 16);
}
