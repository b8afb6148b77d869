/**
 * The charting libraries the page inlines: the browser (UMD) builds of vega,
 * vega-lite and vega-embed from node_modules, in load order, with their
 * versions. Nothing is fetched: a missing package is an install problem.
 */
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { PageScript } from "./model.js";

/** Package → its browser build, relative to the package root. */
const LIBRARIES = [
  { name: "vega", file: "build/vega.min.js" },
  { name: "vega-lite", file: "build/vega-lite.min.js" },
  { name: "vega-embed", file: "build/vega-embed.min.js" },
] as const;

/** The root of an installed package: the nearest package.json above its entry point that names it. */
function packageRoot(name: string): string {
  const require = createRequire(import.meta.url);
  let dir = dirname(require.resolve(name));
  for (;;) {
    const manifest = join(dir, "package.json");
    if (existsSync(manifest)) {
      const pkg = JSON.parse(readFileSync(manifest, "utf8")) as { name?: string };
      if (pkg.name === name) return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find the package root of ${name}`);
    dir = parent;
  }
}

export function chartLibraries(): PageScript[] {
  return LIBRARIES.map(({ name, file }) => {
    const root = packageRoot(name);
    const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string };
    const path = join(root, file);
    if (!existsSync(path)) throw new Error(`${name} ${pkg.version}: no browser build at ${path}`);
    return { name, version: pkg.version, source: readFileSync(path, "utf8") };
  });
}
