import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { discoverManifests, loadAll } from "../../src/manifest/discover.js";
import { ManifestError } from "../../src/manifest/errors.js";
import { edit, VALID_FIG4 } from "./fixture.js";

function experimentsDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "experiments-"));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const asFig = (id: string) => edit(VALID_FIG4, "id: fig4\n", `id: ${id}\n`);

describe("discoverManifests", () => {
  it("lists <dir>/*.yaml sorted, ignoring other files and directories", () => {
    const dir = experimentsDir({ "fig6.yaml": "", "fig10.yaml": "", "notes.md": "", "t.yml": "" });
    mkdirSync(join(dir, "sub.yaml"));
    expect(discoverManifests(dir)).toEqual([join(dir, "fig10.yaml"), join(dir, "fig6.yaml")]);
  });
});

describe("loadAll", () => {
  it("loads every manifest", () => {
    const dir = experimentsDir({ "fig4.yaml": VALID_FIG4, "fig5.yaml": asFig("fig5") });
    expect(loadAll(dir).map((m) => [m.path, m.manifest.id])).toEqual([
      [join(dir, "fig4.yaml"), "fig4"],
      [join(dir, "fig5.yaml"), "fig5"],
    ]);
  });

  it("aggregates the issues of every file into one ManifestError", () => {
    const dir = experimentsDir({
      "fig4.yaml": edit(VALID_FIG4, "    - rtsig\n", "    - rtsg\n"),
      "fig5.yaml": asFig("fig5"),
      "fig6.yaml": edit(asFig("fig6"), "duration_s: 10", "duration_s: -10"),
    });
    try {
      loadAll(dir);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ManifestError);
      expect((error as ManifestError).message.split("\n")).toEqual([
        expect.stringMatching(/fig4\.yaml:10:7: sweep\.mechanisms\[2\]: Invalid option/),
        expect.stringMatching(/fig6\.yaml:14:17: sweep\.params\.duration_s: Too small/),
      ]);
    }
  });
});
