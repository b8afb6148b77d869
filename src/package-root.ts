/**
 * The package root — the nearest ancestor holding package.json — so code
 * running from dist/ (the CLI) or from src/ (tests under tsx) finds the same
 * sources, e.g. to hash a runner's TypeScript for its cache key whichever way
 * it was compiled.
 */
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";

/** The nearest ancestor of `from` holding package.json, else the working directory. */
export function packageRoot(from: string): string {
  let dir = from;
  for (;;) {
    if (existsSync(join(dir, "package.json"))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
}

/**
 * `relativeDir` (e.g. "src/runners/sim") inside the package that holds
 * `moduleDir`, or `moduleDir` itself when the sources are not there (an
 * install without src/).
 */
export function sourceDirOf(moduleDir: string, relativeDir: string): string {
  const src = join(packageRoot(moduleDir), relativeDir);
  return existsSync(src) ? src : moduleDir;
}
