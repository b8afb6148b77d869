/** Validates specs against vega-lite's own JSON schema (draft-07) with ajv. */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { Ajv, type ValidateFunction } from "ajv";

let validate: ValidateFunction | undefined;

export function vegaLiteValidator(): ValidateFunction {
  if (validate === undefined) {
    const require = createRequire(import.meta.url);
    const schemaPath = require.resolve("vega-lite/vega-lite-schema.json");
    const ajv = new Ajv({ strict: false, allErrors: true });
    // The schema uses a few string formats ajv does not know; accept any value.
    for (const format of ["uri", "uri-reference", "color-hex"]) ajv.addFormat(format, true);
    validate = ajv.compile(JSON.parse(readFileSync(schemaPath, "utf8")));
  }
  return validate;
}
