import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Ajv } from "ajv";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import {
  MANIFEST_SCHEMA_ID,
  manifestJsonSchema,
  manifestJsonSchemaText,
  writeManifestJsonSchema,
} from "../../src/manifest/json-schema.js";
import { edit, VALID_FIG4 } from "./fixture.js";

const COMMITTED = fileURLToPath(new URL("../../schema/manifest.schema.json", import.meta.url));

describe("manifest JSON Schema", () => {
  it("has an id and title, and leaves defaulted fields optional", () => {
    const schema = manifestJsonSchema() as {
      $id: string;
      title: string;
      required: string[];
      properties: { claims: unknown; chart: { required: string[] } };
    };
    expect(schema.$id).toBe(MANIFEST_SCHEMA_ID);
    expect(schema.title).toMatch(/manifest/);
    expect(schema.required).toEqual(["id", "title", "paper_ref", "sweep", "runners", "chart"]);
    expect(schema.properties.chart.required).not.toContain("y_scale");
  });

  // The committed file is what editors read; regenerate with UPDATE_SCHEMA=1.
  it("matches the committed schema/manifest.schema.json", () => {
    if (process.env.UPDATE_SCHEMA === "1") writeManifestJsonSchema(COMMITTED);
    expect(existsSync(COMMITTED), "run UPDATE_SCHEMA=1 npx vitest run test/manifest").toBe(true);
    expect(readFileSync(COMMITTED, "utf8")).toBe(manifestJsonSchemaText());
  });
});

describe("manifest JSON Schema with a draft-7 validator", () => {
  it("accepts the valid fixture and rejects a bad mechanism", () => {
    const validate = new Ajv({ strict: false }).compile(manifestJsonSchema());
    expect(validate(parse(VALID_FIG4)), JSON.stringify(validate.errors)).toBe(true);
    expect(validate(parse(edit(VALID_FIG4, "    - rtsig\n", "    - rtsg\n")))).toBe(false);
  });
});
