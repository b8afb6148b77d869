/**
 * Vega-Lite spec → SVG text, rendered headless (no DOM, no canvas).
 * The spec's config names the font (chart-style.ts FONT_FAMILY), which png.ts
 * loads for rasterising, so SVG and PNG lay out text alike.
 */
import { parse, resetSVGDefIds, View } from "vega";
import { compile, type TopLevelSpec } from "vega-lite";

/**
 * Vega numbers SVG clip-path/gradient ids from a process-wide counter. For
 * byte-identical output every render starts the counter afresh, and renders
 * run one at a time so that no other render advances it meanwhile.
 */
let previousRender: Promise<unknown> = Promise.resolve();

export function renderSvg(spec: TopLevelSpec): Promise<string> {
  const render = previousRender.then(() => renderNow(spec));
  previousRender = render.catch(() => undefined);
  return render;
}

async function renderNow(spec: TopLevelSpec): Promise<string> {
  const view = new View(parse(compile(spec).spec), { renderer: "none" });
  try {
    await view.runAsync();
    resetSVGDefIds();
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
