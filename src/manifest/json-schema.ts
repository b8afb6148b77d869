/**
 * JSON Schema of the manifest, generated from the zod schema so the two
 * cannot disagree. Manifests point at it with
 * `# yaml-language-server: $schema=../schema/manifest.schema.json`, which
 * gives editors completion and inline errors.
 */
import { z } from "zod";
import { writeFileAtomic } from "../results/atomic-write.js";
import { Manifest } from "./schema.js";

export const MANIFEST_SCHEMA_PATH = "schema/manifest.schema.json";
export const MANIFEST_SCHEMA_ID = "urn:dispatch-repro:schema:manifest";

export function manifestJsonSchema(): Record<string, unknown> {
  // io "input": fields with defaults are optional to write. draft-7: what
  // yaml-language-server and ajv's default export understand best.
  const generated = z.toJSONSchema(Manifest, { io: "input", target: "draft-7" });
  const { $schema, ...rest } = generated;
  return {
    $schema,
    $id: MANIFEST_SCHEMA_ID,
    title: "dispatch-repro experiment manifest",
    description:
      "One figure or table of 'Scalability of Linux Event-Dispatch Mechanisms': the sweep to run, its chart and the published claims to check.",
    ...rest,
  };
}

/** The exact file text (stable key order, trailing newline). */
export function manifestJsonSchemaText(): string {
  return `${JSON.stringify(manifestJsonSchema(), null, 2)}\n`;
}

export function writeManifestJsonSchema(path: string = MANIFEST_SCHEMA_PATH): void {
  writeFileAtomic(path, manifestJsonSchemaText());
}
