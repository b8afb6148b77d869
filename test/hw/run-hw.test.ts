/**
 * `run --runner hw` end to end on a tiny manifest (2 mechanisms × 2 points,
 * 2-s windows, 1 repetition): data/<id>/hw.csv and hw.meta.json written, the
 * repetitions cached (a second run reuses them and leaves the files alone),
 * and no child process or port left behind.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runPointCommand } from "../../src/commands/point.js";
import { runCommand } from "../../src/commands/run.js";
import { UsageError } from "../../src/errors.js";
import {
  HW_COLUMNS,
  RUN_COLUMNS,
  readRunsCsv,
  VALID_REPETITIONS_COLUMN,
} from "../../src/results/csv.js";
import { measureOnHardware } from "../../src/runners/hw/hw-runner.js";
import { linkUnavailableReason } from "../../src/runners/hw/machine/link-shaping.js";
import {
  buildServer,
  childrenOfThisProcess,
  hwUnavailableReason,
  ourNamespaces,
  portFree,
  processAlive,
  skipHw,
} from "./hw-env.js";

const MANIFEST = `id: tiny
title: "hw runner end to end"
paper_ref: "test fixture"
sweep:
  workload: idle-burst
  mechanisms: [select, devpoll]
  x: idle
  values: [0, 100]
  params: { rate: 200, reply_bytes: 1, duration_s: 60, warmup_s: 2, client_timeout_s: 1 }
  panels:
    - id: a
      title: reply rate
  seeds: [1]
runners:
  sim:
    profile: piii-400-linux-2.4
  hw:
    values: [0, 200]
    params: { rate: 300, duration_s: 2, warmup_s: 0.5 }
    mechanisms: [select, epoll]
    repetitions: 1
chart:
  title: "tiny"
  y: reply_rate
  x_title: "idle connections"
  y_title: "replies/s"
claims:
  - id: tiny-keeps-up
    source: { ref: "test", quote: "keeps up" }
    kind: tracks
    role: validation
    metric: reply_rate
    series: [select, epoll]
    reference: rate
    min_ratio: 0.9
    runners: [hw]
`;

function tinyRoot(): string {
  const root = mkdtempSync(join(tmpdir(), "run-hw-"));
  mkdirSync(join(root, "experiments"));
  writeFileSync(join(root, "experiments", "tiny.yaml"), MANIFEST);
  return root;
}

describe("point --runner hw, without hardware", () => {
  it("refuses the simulator-only mechanisms and names epoll as their counterpart", async () => {
    const o = { runner: "hw", workload: "idle-burst", rate: "100", json: true };
    await expect(runPointCommand({ ...o, mechanism: "devpoll" })).rejects.toThrow(UsageError);
    await expect(runPointCommand({ ...o, mechanism: "rtsig-perfd" })).rejects.toThrow(
      /simulator-only — epoll plays their part/,
    );
  });
});

describe("run --runner hw, without hardware", () => {
  it("--dry-run prints the plan and its time and runs nothing", async () => {
    const root = tinyRoot();
    const lines: string[] = [];
    const r = await measureOnHardware([], { root, dryRun: true, log: (l) => lines.push(l) });
    expect(r.ran).toBe(0);
    expect(r.plannedS).toBeGreaterThan(4 * 3);
    expect(lines.join("\n")).toMatch(
      /4 runs to make in 4 server sessions, 0 reused from cache; planned \d+ s/,
    );
    expect(existsSync(join(root, "data"))).toBe(false);
  });

  it("--link takes a rate only, and only with the hw runner", async () => {
    const root = tinyRoot();
    await expect(measureOnHardware([], { root, dryRun: true, link: "fast" })).rejects.toThrow(
      /--link must be a rate such as 100mbit .*got 'fast'/,
    );
    await expect(runCommand([], { runner: "sim", link: "100mbit" })).rejects.toThrow(
      /--link shapes a real link: it needs --runner hw/,
    );
  });

  it("a named manifest without a hw section is an error before any run", async () => {
    const root = tinyRoot();
    writeFileSync(
      join(root, "experiments", "tiny.yaml"),
      MANIFEST.replace(/ {2}hw:\n(?: {4}.*\n)+/, "").replace(/claims:[\s\S]*$/, "claims: []\n"),
    );
    await expect(measureOnHardware(["tiny"], { root, dryRun: true })).rejects.toThrow(
      /no 'runners.hw' section/,
    );
  });
});

describe.skipIf(skipHw)(`run --runner hw end to end ${hwUnavailableReason() ?? ""}`, () => {
  beforeAll(() => buildServer(), 120_000);

  it("writes hw.csv and hw.meta.json, caches every repetition, leaves nothing running", async () => {
    const root = tinyRoot();
    const ports: number[] = [];
    const pids: number[] = [];
    const lines: string[] = [];
    // This test runs beside other test files, which land on CPU 0 too: the
    // quiet-machine rule (tested in hw-quiet.test.ts) would measure again.
    const first = await measureOnHardware([], {
      root,
      build: false,
      requireQuietMachine: false,
      log: (l) => lines.push(l),
      pointOptions: {
        graceMs: 1000,
        log: (line) => {
          const port = /on 127\.0\.0\.1:(\d+)/.exec(line);
          if (port) ports.push(Number(port[1]));
          const pid = /pid (\d+)/.exec(line);
          if (pid) pids.push(Number(pid[1]));
        },
      },
    });
    expect(first.ran).toBe(4);
    expect(first.failed).toBe(0);
    expect(lines).toContain("run: tiny: 1 repetition(s) per point; 3 or more give a 95% interval");
    expect(lines.some((l) => /^run --runner hw: 4 runs to make in 4 server sessions/.test(l))).toBe(
      true,
    );
    expect(
      lines.filter((l) => /^hw \[\d\/4\] tiny\/a (select|epoll) idle=\d+ R=300 rep 1\/1: /.test(l)),
    ).toHaveLength(4);
    expect(lines.some((l) => /ETA/.test(l))).toBe(true);

    const csv = join(root, "data", "tiny", "hw.csv");
    const meta = join(root, "data", "tiny", "hw.meta.json");
    expect(readFileSync(csv, "utf8").split("\n")[0]).toBe(
      [...RUN_COLUMNS, ...HW_COLUMNS, VALID_REPETITIONS_COLUMN].join(","),
    );
    const rows = readRunsCsv(csv);
    expect(rows).toHaveLength(4);
    expect(rows.map((r) => `${r.spec.mechanism}@${r.x}`).sort()).toEqual([
      "epoll@0",
      "epoll@200",
      "select@0",
      "select@200",
    ]);
    for (const r of rows) {
      expect(r.hw, `${r.spec.mechanism}@${r.x}`).toBeDefined();
      // Valid: no reason; invalid: a reason (the rows are kept either way).
      expect(r.hw!.invalid_reason === "", r.hw!.invalid_reason).toBe(r.hw!.valid);
      expect(r.spec.duration_s).toBe(2);
      expect(r.spec.idle).toBe(r.x);
      if (r.hw!.valid) expect(r.metrics.reply_rate).toBeGreaterThan(0);
    }
    const provenance = JSON.parse(readFileSync(meta, "utf8"));
    expect(provenance.runner).toBe("hw");
    expect(provenance.runnerVersion).toMatch(/^hw-[0-9a-f]{16}\|.*kernel=/);
    expect(provenance.kernel).toMatch(/\d+\.\d+/);
    expect(provenance.cpuModel).not.toBe("");
    expect(provenance.details.httperf).toMatch(/httperf/);
    expect(provenance.details.placement.serverCpu).toBe(0);

    // Nothing left: no child of ours, none of the servers alive, every port free.
    expect(childrenOfThisProcess()).toEqual([]);
    expect(pids.length).toBe(4);
    expect(pids.filter(processAlive)).toEqual([]);
    expect(ports.length).toBe(4);
    for (const port of ports) expect(await portFree(port), `port ${port}`).toBe(true);

    // Again: every repetition comes from the cache and the files stay as they are.
    const mtime = statSync(csv).mtimeMs;
    const second = await measureOnHardware([], {
      root,
      build: false,
      requireQuietMachine: false,
      log: () => {},
    });
    expect(second.ran).toBe(0);
    expect(second.reused).toBe(4);
    expect(second.written).toEqual([]);
    expect(statSync(csv).mtimeMs).toBe(mtime);
  }, 120_000);
});

const noLink = hwUnavailableReason() ?? linkUnavailableReason();

describe.skipIf(noLink !== null && !process.env.CI)(
  `run --runner hw --link ${noLink ?? ""}`,
  () => {
    beforeAll(() => buildServer(), 120_000);

    it("measures over the shaped link, records it, caches it apart from loopback, leaves nothing", async () => {
      const root = tinyRoot();
      const lines: string[] = [];
      const r = await measureOnHardware([], {
        root,
        build: false,
        link: "100mbit",
        requireQuietMachine: false,
        log: (l) => lines.push(l),
        pointOptions: { graceMs: 1000 },
      });
      expect(r.ran).toBe(4);
      expect(r.failed).toBe(0);
      expect(lines.join("\n")).toMatch(/link shaped to 100mbit/);
      const rows = readRunsCsv(join(root, "data", "tiny", "hw.csv"));
      expect(rows).toHaveLength(4);
      // 300 one-byte replies/s are far below 100 Mbit/s: the link carries them all.
      for (const row of rows.filter((x) => x.hw?.valid)) {
        expect(row.metrics.reply_rate).toBeGreaterThan(250);
      }
      const meta = JSON.parse(readFileSync(join(root, "data", "tiny", "hw.meta.json"), "utf8"));
      expect(meta.runnerVersion).toMatch(/\|link=100mbit$/);
      expect(meta.details.link).toBe("100mbit");

      // Loopback is another measurement: nothing of the shaped runs is reused for it.
      // (Quiet rule off here too: a run disturbed by the parallel test files would be planned again.)
      const dry = { root, dryRun: true, requireQuietMachine: false, log: () => {} };
      expect((await measureOnHardware([], dry)).reused).toBe(0);
      expect((await measureOnHardware([], { ...dry, link: "100mbit" })).reused).toBe(4);

      expect(childrenOfThisProcess()).toEqual([]);
      expect(ourNamespaces(process.pid), "namespaces left").toEqual([]);
    }, 120_000);
  },
);
