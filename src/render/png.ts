/**
 * SVG → PNG with resvg, using only the pinned DejaVu fonts from the
 * `dejavu-fonts-ttf` package (never system fonts), so the PNG is the same on
 * every machine.
 */
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { Resvg } from "@resvg/resvg-js";
import { FONT_FAMILY } from "./chart-style.js";

/** Device pixels per SVG pixel: 2× for crisp output on high-density screens. */
export const PNG_SCALE = 2;

const FONT_FILES = [
  "DejaVuSans.ttf",
  "DejaVuSans-Bold.ttf",
  "DejaVuSans-Oblique.ttf",
  "DejaVuSans-BoldOblique.ttf",
];

let fontPaths: string[] | undefined;

/** Absolute paths of the pinned font files. */
export function pinnedFontPaths(): string[] {
  if (fontPaths === undefined) {
    const require = createRequire(import.meta.url);
    const ttfDir = join(dirname(require.resolve("dejavu-fonts-ttf/package.json")), "ttf");
    fontPaths = FONT_FILES.map((file) => join(ttfDir, file));
  }
  return fontPaths;
}

export function svgToPng(svg: string): Buffer {
  const resvg = new Resvg(svg, {
    font: {
      loadSystemFonts: false,
      fontFiles: pinnedFontPaths(),
      defaultFontFamily: FONT_FAMILY,
      sansSerifFamily: FONT_FAMILY,
    },
    fitTo: { mode: "zoom", value: PNG_SCALE },
    background: "white",
  });
  return resvg.render().asPng();
}
