/**
 * Turns zod issues into manifest problems with a field path and a readable
 * message. Zod reports an unknown union member as a bare "Invalid input" and
 * several unknown keys as one issue; manifest authors need each problem at its
 * own node, with what was expected.
 */
import type { z } from "zod";
import type { FieldPath } from "./locate.js";

type ZodIssue = z.core.$ZodIssue;

export interface SchemaProblem {
  path: FieldPath;
  message: string;
  /** Point at the key itself (unknown keys) rather than at its value. */
  at: "value" | "key";
  /** What the value should have been, for "missing key" messages. */
  expected?: string;
}

function quoteAll(values: readonly unknown[]): string {
  return values.map((v) => JSON.stringify(v)).join("|");
}

/** A short "what was expected" for a union branch that rejected the value as a whole. */
function describeExpectation(issue: ZodIssue): string {
  switch (issue.code) {
    case "invalid_type":
      return issue.expected;
    case "invalid_value":
      return issue.values.length === 1
        ? quoteAll(issue.values)
        : `one of ${quoteAll(issue.values)}`;
    case "invalid_union":
      if (issue.discriminator === undefined && issue.errors.length > 0) {
        return issue.errors
          .map((branch) => branch.map(describeExpectation).join(" and "))
          .join(", or ");
      }
      return issue.message;
    default:
      return issue.message;
  }
}

/** Branches whose errors lie inside the value: the value had that branch's shape. */
function shapeMatchingBranches(errors: readonly (readonly ZodIssue[])[]): (readonly ZodIssue[])[] {
  return errors.filter((branch) => branch.some((issue) => issue.path.length > 0));
}

export function schemaProblems(issues: readonly ZodIssue[], base: FieldPath = []): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  for (const issue of issues) {
    const path = [...base, ...issue.path];
    switch (issue.code) {
      case "unrecognized_keys":
        for (const key of issue.keys) {
          problems.push({ path: [...path, key], message: `Unrecognized key: "${key}"`, at: "key" });
        }
        break;
      case "invalid_union": {
        if (issue.discriminator !== undefined) {
          const options = "options" in issue && issue.options ? quoteAll(issue.options) : "";
          problems.push({
            path,
            message: issue.message,
            at: "value",
            expected: `one of ${options}`,
          });
          break;
        }
        const matching = shapeMatchingBranches(issue.errors);
        const [only] = matching;
        if (matching.length === 1 && only !== undefined) {
          problems.push(...schemaProblems(only, path));
          break;
        }
        const expected = issue.errors
          .map((branch) => branch.map(describeExpectation).join(" and "))
          .join(", or ");
        problems.push({
          path,
          message: expected === "" ? issue.message : `Invalid input: expected ${expected}`,
          at: "value",
          expected,
        });
        break;
      }
      case "invalid_type":
        problems.push({ path, message: issue.message, at: "value", expected: issue.expected });
        break;
      case "invalid_value":
        problems.push({
          path,
          message: issue.message,
          at: "value",
          expected: describeExpectation(issue),
        });
        break;
      default:
        problems.push({ path, message: issue.message, at: "value" });
    }
  }
  return problems;
}
