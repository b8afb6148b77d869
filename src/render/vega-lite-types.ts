/**
 * Names for the parts of a Vega-Lite spec we build, derived from the public
 * `TopLevelSpec` type (vega-lite exports no finer-grained spec types).
 */
import type { TopLevelSpec } from "vega-lite";

/** A layered top-level spec. */
export type LayeredSpec = Extract<TopLevelSpec, { layer: unknown }>;

/** One entry of `layer`. */
export type Layer = LayeredSpec["layer"][number];

/** A single-view (unit) layer: a mark with its encoding. */
export type UnitLayer = Extract<Layer, { mark: unknown }>;

export type Encoding = NonNullable<UnitLayer["encoding"]>;
