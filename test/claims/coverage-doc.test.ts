/**
 * docs/claims-coverage.md lists every result sentence of the paper with the
 * claims that encode it. This keeps it and the manifests in step: every id
 * it names exists, and every claim that cites the paper is named.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { loadAll } from "../../src/manifest/discover.js";

const DOC = "docs/claims-coverage.md";

/** Backquoted claim ids: a figure or table prefix, then kebab-case words. */
function idsInDoc(text: string): Set<string> {
  const ids = new Set<string>();
  for (const match of text.matchAll(/`((?:fig\d[a-z]?|t1)-[a-z0-9-]+)`/g))
    ids.add(match[1] as string);
  return ids;
}

describe("docs/claims-coverage.md", () => {
  const named = idsInDoc(readFileSync(DOC, "utf8"));
  // Claims citing the paper (a Figure, Table or Section); an experiment that
  // asks a new question ("ref: extension") has no sentence to cover.
  const claims = loadAll("experiments").flatMap(({ manifest }) =>
    manifest.claims
      // Cross-validation claims compare the simulator with this machine, not with the paper:
      // docs/cross-validation.md lists them (test/claims/predicts.test.ts).
      .filter(
        (c) =>
          c.role !== "ablation" &&
          c.role !== "cross-validation" &&
          /Figure|Table|Section/.test(c.source.ref),
      )
      .map((c) => c.id),
  );

  it("names only claims that exist", () => {
    const known = new Set(claims);
    expect([...named].filter((id) => !known.has(id))).toEqual([]);
  });

  it("names every claim of every manifest", () => {
    expect(claims.filter((id) => !named.has(id))).toEqual([]);
  });
});
