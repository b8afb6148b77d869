import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ManifestError, type ManifestIssue } from "../../src/manifest/errors.js";
import { loadManifest, parseManifest } from "../../src/manifest/load.js";
import { edit, VALID_FIG4 } from "./fixture.js";

const FILE = "experiments/fig4.yaml";

function issuesOf(text: string, file = FILE): readonly ManifestIssue[] {
  try {
    parseManifest(text, file);
  } catch (error) {
    if (error instanceof ManifestError) return error.issues;
    throw error;
  }
  throw new Error("expected a ManifestError");
}

function linesOf(text: string, file = FILE): string[] {
  return issuesOf(text, file).map(
    (i) => `${i.file}:${i.line}:${i.column}: ${i.path ? `${i.path}: ` : ""}${i.message}`,
  );
}

describe("parseManifest", () => {
  it("accepts the fixture and fills defaults", () => {
    const manifest = parseManifest(VALID_FIG4, FILE);
    expect(manifest.id).toBe("fig4");
    expect(manifest.sweep.panels[0]?.params).toEqual({ rate: 500 });
    expect(manifest.claims[0]).toMatchObject({ quantifier: "all", runners: ["sim"] });
    expect(manifest.chart.y_scale).toBe("linear");
  });

  it("(a) points at a bad mechanism name inside a list", () => {
    const text = edit(VALID_FIG4, "    - rtsig\n", "    - rtsg\n");
    expect(linesOf(text)).toEqual([
      'experiments/fig4.yaml:10:7: sweep.mechanisms[2]: Invalid option: expected one of "select"|"select-ma"|"poll"|"devpoll"|"rtsig"|"rtsig-perfd"|"epoll"|"epoll-et"|"io_uring"',
    ]);
  });

  it("(b) points at a negative number", () => {
    const text = edit(VALID_FIG4, "duration_s: 10", "duration_s: -10");
    expect(linesOf(text)).toEqual([
      "experiments/fig4.yaml:14:17: sweep.params.duration_s: Too small: expected number to be >0",
    ]);
  });

  it("(c) points at an unknown key itself", () => {
    const text = edit(VALID_FIG4, "  x: connections\n", "  x: connections\n  colour: red\n");
    expect(linesOf(text)).toEqual([
      'experiments/fig4.yaml:12:3: sweep.colour: Unrecognized key: "colour"',
    ]);
  });

  it("reports each of several unknown keys at its own line", () => {
    const text = edit(VALID_FIG4, "  y: cpu_pct\n", "  y: cpu_pct\n  colour: red\n  size: 3\n");
    expect(linesOf(text)).toEqual([
      'experiments/fig4.yaml:29:3: chart.colour: Unrecognized key: "colour"',
      'experiments/fig4.yaml:30:3: chart.size: Unrecognized key: "size"',
    ]);
  });

  it("(d) points at the parent map of a missing required key", () => {
    const text = edit(VALID_FIG4, "  workload: persistent\n", "");
    expect(linesOf(text)).toEqual([
      'experiments/fig4.yaml:6:3: sweep.workload: Missing required key "workload" (expected one of "persistent"|"idle-burst")',
    ]);
  });

  it("reports a missing top-level key at the document's map", () => {
    const text = edit(VALID_FIG4, "paper_ref: Figure 4, Section 3.1.2\n", "");
    expect(linesOf(text)).toEqual([
      'experiments/fig4.yaml:2:1: paper_ref: Missing required key "paper_ref" (expected string)',
    ]);
  });

  it("(e) reports a YAML syntax error with its position", () => {
    const text = edit(VALID_FIG4, "  values: [250, 500, 1000, 3000]\n", "  values: [250, 500\n");
    // The flow sequence runs on until the next block line, which is where it fails.
    expect(linesOf(text)).toEqual([
      "experiments/fig4.yaml:13:3: YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a ]",
    ]);
  });

  it("(e) reports a nested mapping in a plain scalar at its column", () => {
    const text = edit(VALID_FIG4, "  title: Server CPU usage\n", "  title: Server: CPU usage\n");
    expect(linesOf(text)).toEqual([
      "experiments/fig4.yaml:27:10: YAML syntax error: Nested mappings are not allowed in compact mappings",
    ]);
  });

  it("(f) points at a claim's panel that the sweep does not have", () => {
    const text = edit(VALID_FIG4, "panels: [r500, r1000]", "panels: [r500, r2000]");
    expect(linesOf(text)).toEqual([
      'experiments/fig4.yaml:40:20: claims[0].panels[1]: unknown panel "r2000": sweep.panels has "r500"|"r1000"',
    ]);
  });

  it("points at a claim series mechanism missing from the sweep", () => {
    const text = edit(VALID_FIG4, "series: [rtsig]", "series: [epoll]");
    expect(linesOf(text)).toEqual([
      'experiments/fig4.yaml:39:14: claims[0].series[0]: mechanism "epoll" is not in sweep.mechanisms ("select"|"devpoll"|"rtsig")',
    ]);
  });

  it("a claim checked on both runners needs its series in both mechanism lists", () => {
    let text = edit(
      VALID_FIG4,
      "    profile: piii-400-linux-2.4\n",
      "    profile: piii-400-linux-2.4\n  hw:\n    values: [1000]\n    mechanisms: [select, epoll]\n",
    );
    text = edit(text, "    max_spread: 2\n", "    max_spread: 2\n    runners: [sim, hw]\n");
    expect(linesOf(text)).toEqual([
      'experiments/fig4.yaml:42:14: claims[0].series[0]: mechanism "rtsig" is not in runners.hw.mechanisms ("select"|"epoll") but the claim is checked for the hw runner',
    ]);
    // A hw-only claim may name a modern mechanism the simulator does not model.
    const hwOnly = edit(
      edit(text, "series: [rtsig]", "series: [epoll]"),
      "runners: [sim, hw]",
      "runners: [hw]",
    );
    expect(() => parseManifest(hwOnly, "experiments/fig4.yaml")).not.toThrow();
  });

  it("points at a hw claim without a hw section and at unknown hw panels", () => {
    const noHw = edit(VALID_FIG4, "    max_spread: 2\n", "    max_spread: 2\n    runners: [hw]\n");
    expect(linesOf(noHw)).toEqual([
      "experiments/fig4.yaml:42:14: claims[0].runners: checked for the hw runner, but the manifest has no runners.hw section",
    ]);
    const badPanel = edit(
      VALID_FIG4,
      "    profile: piii-400-linux-2.4\n",
      "    profile: piii-400-linux-2.4\n  hw:\n    values: [1000]\n    mechanisms: [rtsig]\n    panels: { r2000: { rate: 2000 } }\n",
    );
    expect(linesOf(badPanel)).toEqual([
      'experiments/fig4.yaml:29:22: runners.hw.panels.r2000: unknown panel "r2000": sweep.panels has "r500"|"r1000"',
    ]);
  });

  it("points at a duplicate claim id", () => {
    const claim = VALID_FIG4.slice(VALID_FIG4.indexOf("  - id: rtsig-cpu-flat"));
    const lines = linesOf(VALID_FIG4 + claim);
    expect(lines).toEqual([
      'experiments/fig4.yaml:42:9: claims[1].id: duplicate claim id "rtsig-cpu-flat" (first at claims[0].id)',
    ]);
  });

  it("requires the id to equal the file's base name", () => {
    expect(linesOf(VALID_FIG4, "experiments/fig5.yaml")).toEqual([
      'experiments/fig5.yaml:2:5: id: id "fig4" must equal the file\'s base name "fig5"',
    ]);
  });

  it("explains a bad value of a union field (number or keyword)", () => {
    const text = edit(
      VALID_FIG4,
      "    kind: flat\n    series: [rtsig]\n",
      "    kind: value\n    at: highest\n    expected: 6.67\n    tolerance: { abs: 1 }\n    series: [rtsig]\n",
    );
    expect(linesOf(text)).toEqual([
      'experiments/fig4.yaml:39:9: claims[0].at: Invalid input: expected number, or one of "first"|"last"|"peak"|"mean"',
      'experiments/fig4.yaml:44:5: claims[0].max_spread: Unrecognized key: "max_spread"',
    ]);
  });

  it("points at an unknown claim kind", () => {
    const text = edit(VALID_FIG4, "kind: flat", "kind: flatish");
    expect(linesOf(text)).toEqual([
      "experiments/fig4.yaml:38:11: claims[0].kind: Invalid discriminator value. Expected 'value' | 'tracks' | 'flat' | 'monotone' | 'reaches' | 'onset_order' | 'order' | 'knee' | 'knee_order' | 'linear' | 'ratio' | 'predicts'",
    ]);
  });

  it("collects every issue and lists them one per line in the message", () => {
    let text = edit(VALID_FIG4, "    - rtsig\n", "    - rtsg\n");
    text = edit(text, "duration_s: 10", "duration_s: -10");
    try {
      parseManifest(text, FILE);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ManifestError);
      const message = (error as ManifestError).message.split("\n");
      expect(message).toHaveLength(2);
      expect(message[0]).toMatch(/^experiments\/fig4\.yaml:10:7: sweep\.mechanisms\[2\]: /);
      expect(message[1]).toMatch(/^experiments\/fig4\.yaml:14:17: sweep\.params\.duration_s: /);
    }
  });

  it("reports an empty file at 1:1", () => {
    expect(linesOf("")).toEqual([
      "experiments/fig4.yaml:1:1: (root): Invalid input: expected object, received null",
    ]);
  });
});

describe("loadManifest", () => {
  it("reads a file and names it in errors", () => {
    const dir = mkdtempSync(join(tmpdir(), "manifest-"));
    const path = join(dir, "fig4.yaml");
    writeFileSync(path, VALID_FIG4);
    expect(loadManifest(path).id).toBe("fig4");
    writeFileSync(path, edit(VALID_FIG4, "    - rtsig\n", "    - rtsg\n"));
    expect(() => loadManifest(path)).toThrow(`${path}:10:7: sweep.mechanisms[2]: Invalid option`);
  });
});

describe("parseManifest, more shapes", () => {
  it("reports a duplicate YAML key as a syntax error at the key", () => {
    const text = edit(VALID_FIG4, "  x: connections\n", "  x: connections\n  x: rate\n");
    expect(linesOf(text)).toEqual([
      "experiments/fig4.yaml:12:3: YAML syntax error: Map keys must be unique",
    ]);
  });

  it("points into an object-valued union member (ratio denominator)", () => {
    const text = edit(
      VALID_FIG4,
      "    kind: flat\n    series: [rtsig]\n    panels: [r500, r1000]\n    max_spread: 2\n",
      [
        "    kind: ratio",
        "    numerator: { series: rtsig, at: 3000 }",
        "    denominator: { series: selct, at: 3000 }",
        "    max: 0.5",
        "",
      ].join("\n"),
    );
    expect(linesOf(text)).toEqual([
      'experiments/fig4.yaml:40:28: claims[0].denominator.series: Invalid option: expected one of "select"|"select-ma"|"poll"|"devpoll"|"rtsig"|"rtsig-perfd"|"epoll"|"epoll-et"|"io_uring"',
    ]);
  });

  it("points at the claim's map when its required key is missing", () => {
    const text = edit(VALID_FIG4, "    role: validation\n", "");
    expect(linesOf(text)).toEqual([
      'experiments/fig4.yaml:32:5: claims[0].role: Missing required key "role" (expected one of "validation"|"constrained"|"calibration"|"ablation"|"outside"|"cross-validation")',
    ]);
  });

  it("asks a constrained claim what constrains it", () => {
    const text = edit(VALID_FIG4, "    role: validation\n", "    role: constrained\n");
    expect(linesOf(text)).toEqual([
      "experiments/fig4.yaml:36:11: claims[0].role: role constrained needs constrained_by: the calibration group or 'by construction: …' that decides it",
    ]);
    const stray = edit(
      VALID_FIG4,
      "    role: validation\n",
      "    role: validation\n    constrained_by: C1\n",
    );
    expect(linesOf(stray)).toEqual([
      "experiments/fig4.yaml:37:21: claims[0].constrained_by: constrained_by is only for role constrained (this claim's role is validation)",
    ]);
  });

  it("points at the claim's map when its kind is missing", () => {
    const text = edit(VALID_FIG4, "    kind: flat\n", "");
    expect(linesOf(text)).toEqual([
      'experiments/fig4.yaml:32:5: claims[0].kind: Missing required key "kind" (expected one of "value"|"tracks"|"flat"|"monotone"|"reaches"|"onset_order"|"order"|"knee"|"knee_order"|"linear"|"ratio"|"predicts")',
    ]);
  });

  it("points at a reversed x_range", () => {
    const text = edit(
      VALID_FIG4,
      "    max_spread: 2\n",
      "    max_spread: 2\n    x_range: [3000, 250]\n",
    );
    expect(linesOf(text)).toEqual([
      "experiments/fig4.yaml:42:14: claims[0].x_range: range [3000, 250] is reversed: give [low, high]",
    ]);
  });
});
