/**
 * A panel's Vega-Lite spec, as the render step writes it, made ready for the
 * page:
 *  - a parameter `show_published` (true at first) that the page's checkbox
 *    sets; every layer of the published overlay is filtered by it, so the
 *    overlay can be hidden and shown again;
 *  - each reproduced point carries the published statements that concern its
 *    mechanism at its x (field `published`), shown in its tooltip beside the
 *    exact values;
 *  - the inline data of the layers moved into top-level `datasets` once each
 *    (the layers of a series repeat the same rows), which keeps the page small.
 * Works on plain JSON, so it takes specs from disk as well as from the builder.
 */
import { PUBLISHED_NAME } from "../render/chart-style.js";
import type { JsonObject, JsonValue } from "./model.js";

export const SHOW_PUBLISHED = "show_published";

/** What a reproduced point's tooltip says when no published number concerns it. */
export const NO_PUBLISHED = "—";

function isObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function rowsOf(layer: JsonObject): JsonObject[] | undefined {
  const data = layer.data;
  if (!isObject(data) || !Array.isArray(data.values)) return undefined;
  return data.values.filter(isObject);
}

function isPublishedLayer(layer: JsonObject): boolean {
  const rows = rowsOf(layer);
  return rows !== undefined && rows.length > 0 && rows.every((r) => r.source === PUBLISHED_NAME);
}

function isReproducedLayer(layer: JsonObject): boolean {
  const rows = rowsOf(layer);
  return (
    rows !== undefined &&
    rows.length > 0 &&
    rows.every((r) => typeof r.source === "string" && r.source !== PUBLISHED_NAME)
  );
}

interface Statement {
  series: string[];
  x: number;
  x2: number;
  text: string;
}

function statementsOf(layers: readonly JsonObject[]): Statement[] {
  const seen = new Set<string>();
  const out: Statement[] = [];
  for (const layer of layers) {
    for (const row of rowsOf(layer) ?? []) {
      const { series, x, x2, published } = row;
      if (typeof series !== "string" || typeof x !== "number" || typeof published !== "string")
        continue;
      const end = typeof x2 === "number" ? x2 : x;
      const key = `${series}|${x}|${end}|${published}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ series: series.split(/,\s*/), x, x2: end, text: published });
    }
  }
  return out;
}

/** The published statements about `mechanism` at `x`, in words. */
export function publishedAt(
  statements: readonly Statement[],
  mechanism: string,
  x: number,
): string {
  const texts = statements
    .filter((s) => s.series.includes(mechanism) && x >= s.x && x <= s.x2)
    .map((s) => s.text);
  return texts.length === 0 ? NO_PUBLISHED : [...new Set(texts)].join("; ");
}

function withPublished(
  rows: readonly JsonObject[],
  statements: readonly Statement[],
): JsonObject[] {
  return rows.map((row) => {
    const { mechanism, x } = row;
    const text =
      typeof mechanism === "string" && typeof x === "number"
        ? publishedAt(statements, mechanism, x)
        : NO_PUBLISHED;
    return { ...row, published: text };
  });
}

const PUBLISHED_TOOLTIP: JsonObject = {
  field: "published",
  type: "nominal",
  title: "published (paper)",
};

function withTooltipField(layer: JsonObject): JsonObject {
  const encoding = layer.encoding;
  if (!isObject(encoding) || !Array.isArray(encoding.tooltip)) return layer;
  const has = encoding.tooltip.some((t) => isObject(t) && t.field === "published");
  if (has) return layer;
  return { ...layer, encoding: { ...encoding, tooltip: [...encoding.tooltip, PUBLISHED_TOOLTIP] } };
}

function filteredByParam(layer: JsonObject): JsonObject {
  const transform = Array.isArray(layer.transform) ? layer.transform : [];
  return { ...layer, transform: [{ filter: SHOW_PUBLISHED }, ...transform] };
}

/** Moves each layer's inline values into `datasets`, one entry per distinct set of rows. */
function shareDatasets(spec: JsonObject, layers: JsonObject[]): JsonObject {
  const datasets: JsonObject = isObject(spec.datasets) ? { ...spec.datasets } : {};
  const byText = new Map<string, string>();
  const shared = layers.map((layer) => {
    const data = layer.data;
    if (!isObject(data) || !Array.isArray(data.values) || Object.keys(data).length !== 1)
      return layer;
    const text = JSON.stringify(data.values);
    let name = byText.get(text);
    if (name === undefined) {
      name = `data-${byText.size}`;
      while (name in datasets) name = `${name}_`;
      byText.set(text, name);
      datasets[name] = data.values;
    }
    return { ...layer, data: { name } };
  });
  return { ...spec, datasets, layer: shared };
}

export function interactiveSpec(spec: JsonObject): JsonObject {
  const params = Array.isArray(spec.params) ? spec.params : [];
  const withParam: JsonObject = {
    ...spec,
    params: [...params, { name: SHOW_PUBLISHED, value: true }],
  };
  if (!Array.isArray(spec.layer)) return withParam;
  const layers = spec.layer.filter(isObject);
  const statements = statementsOf(layers.filter(isPublishedLayer));
  const ready = layers.map((layer) => {
    if (isPublishedLayer(layer)) return filteredByParam(layer);
    if (!isReproducedLayer(layer)) return layer;
    const rows = withPublished(rowsOf(layer) ?? [], statements);
    return withTooltipField({ ...layer, data: { values: rows } });
  });
  return shareDatasets(withParam, ready);
}
