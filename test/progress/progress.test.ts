/**
 * Progress rendering on a fake stream: a redrawn bar per experiment on a TTY,
 * a few plain lines otherwise, nothing when every point was reused.
 */
import { describe, expect, it } from "vitest";
import { barLine, barText, ExperimentProgress, type ProgressStream } from "../../src/progress.js";

class FakeStream implements ProgressStream {
  chunks: string[] = [];
  constructor(
    readonly isTTY: boolean,
    readonly columns?: number,
  ) {}
  write(chunk: string): boolean {
    this.chunks.push(chunk);
    return true;
  }
  get text(): string {
    return this.chunks.join("");
  }
}

const ESC = String.fromCharCode(27);

/** What a terminal would show: apply \r, clear-line and cursor-up to a screen of lines. */
function screen(text: string): string[] {
  const lines: string[] = [""];
  let row = 0;
  const tokens = text.match(new RegExp(`${ESC}\\[\\d*[A-Z]|\r|\n|[^${ESC}\r\n]+`, "g")) ?? [];
  for (const t of tokens) {
    if (t === "\n") {
      row++;
      if (lines[row] === undefined) lines[row] = "";
    } else if (t === "\r") {
      // column 0: the next text overwrites from the start (after a clear)
    } else if (t.startsWith(`${ESC}[`)) {
      const n = Number(t.slice(2, -1) || "1");
      if (t.endsWith("A")) row = Math.max(0, row - n);
      if (t.endsWith("K")) lines[row] = "";
    } else lines[row] = (lines[row] ?? "") + t;
  }
  return lines.filter((l, i) => l !== "" || i < lines.length - 1);
}

const EXPERIMENTS = [
  { id: "fig3", points: ["p1", "p2", "p3", "p4"] },
  { id: "fig10", points: ["p3", "p4", "p5", "p6"] }, // shares p3, p4 with fig3
  { id: "warm", points: ["c1", "c2"] },
];
const PENDING = new Set(["p2", "p3", "p4", "p5", "p6"]); // p1, c1, c2 come from the cache

describe("progress bars", () => {
  it("draws a bar", () => {
    expect(barText(0, 10, 10)).toBe("··········");
    expect(barText(5, 10, 10)).toBe("█████·····");
    expect(barText(10, 10, 10)).toBe("██████████");
    expect(barText(0, 0, 4)).toBe("████");
  });

  it("on a TTY: one line per experiment, redrawn in place, cached points counted as done", () => {
    const stream = new FakeStream(true);
    let now = 0;
    const progress = new ExperimentProgress(EXPERIMENTS, PENDING, {
      stream,
      now: () => now,
      redrawMs: 0,
    });
    expect(screen(stream.text)).toEqual([
      barLine({ id: "fig3", total: 4, reused: 1, done: 1 }, 5),
      barLine({ id: "fig10", total: 4, reused: 0, done: 0 }, 5),
      barLine({ id: "warm", total: 2, reused: 2, done: 2 }, 5),
    ]);
    for (const key of ["p2", "p3", "p4", "p5", "p6"]) {
      now += 100;
      progress.pointDone(key);
    }
    progress.finish();
    const shown = screen(stream.text);
    expect(shown).toHaveLength(3);
    expect(shown[0]).toMatch(/^fig3 {3}█+ {2}4\/4 points \(1 reused\) {2}done$/);
    expect(shown[1]).toMatch(/^fig10 {2}█+ {2}4\/4 points {2}done$/);
    expect(shown[2]).toMatch(/^warm .* 2\/2 points \(2 reused\) {2}done$/);
    // Redraws go back up over the bars instead of scrolling.
    expect(stream.text).toContain("\x1b[3A");
    expect(progress.snapshot().map((b) => b.done)).toEqual([4, 4, 2]);
  });

  it("on a TTY: redraws at most every redrawMs, and always when an experiment completes", () => {
    const stream = new FakeStream(true);
    const now = 0;
    const progress = new ExperimentProgress(
      [{ id: "a", points: ["1", "2", "3"] }],
      new Set(["1", "2", "3"]),
      { stream, now: () => now, redrawMs: 1000 },
    );
    const draws = () => stream.chunks.length;
    expect(draws()).toBe(1);
    progress.pointDone("1");
    progress.pointDone("2");
    expect(draws()).toBe(1); // throttled
    progress.pointDone("3");
    expect(draws()).toBe(2); // completed
  });

  it("cuts lines to the terminal width so that a redraw never wraps", () => {
    const stream = new FakeStream(true, 20);
    new ExperimentProgress(EXPERIMENTS, PENDING, { stream, now: () => 0 });
    for (const line of screen(stream.text)) expect(line.length).toBeLessThanOrEqual(19);
  });

  it("plain: a line per finished experiment and per quarter of the run, no escape codes", () => {
    const stream = new FakeStream(false);
    let now = 0;
    const progress = new ExperimentProgress(EXPERIMENTS, PENDING, { stream, now: () => now });
    expect(stream.text).toBe("");
    for (const key of ["p2", "p3", "p4", "p5", "p6"]) {
      now += 1000;
      progress.pointDone(key);
    }
    progress.finish();
    expect(stream.text).not.toContain("\x1b");
    expect(stream.text.split("\n").filter((l) => l !== "")).toEqual([
      "run: 2/5 points to run done (40%), 2.0 s",
      "run: fig3 done, 4 points (3 run, 1 reused)",
      "run: 3/5 points to run done (60%), 3.0 s",
      "run: 4/5 points to run done (80%), 4.0 s",
      "run: fig10 done, 4 points (4 run, 0 reused)",
    ]);
  });

  it("plain: a short run shows only its experiments", () => {
    const stream = new FakeStream(false);
    const progress = new ExperimentProgress(EXPERIMENTS, PENDING, { stream, now: () => 0 });
    for (const key of ["p2", "p3", "p4", "p5", "p6"]) progress.pointDone(key);
    expect(stream.text.split("\n").filter((l) => l !== "")).toEqual([
      "run: fig3 done, 4 points (3 run, 1 reused)",
      "run: fig10 done, 4 points (4 run, 0 reused)",
    ]);
  });

  it("plain: stays compact on a long run", () => {
    const stream = new FakeStream(false);
    const keys = Array.from({ length: 1000 }, (_, i) => `k${i}`);
    const experiments = Array.from({ length: 8 }, (_, e) => ({
      id: `fig${e}`,
      points: keys.slice(e * 125, (e + 1) * 125),
    }));
    let now = 0;
    const progress = new ExperimentProgress(experiments, new Set(keys), {
      stream,
      now: () => now,
    });
    for (const k of keys) {
      now += 100;
      progress.pointDone(k);
    }
    progress.finish();
    // Eight experiments and three quarter lines.
    expect(stream.text.split("\n").filter((l) => l !== "")).toHaveLength(8 + 3);
  });

  it("prints nothing when every point is reused (warm run), on a TTY or not", () => {
    for (const tty of [true, false]) {
      const stream = new FakeStream(tty);
      const progress = new ExperimentProgress(EXPERIMENTS, new Set<string>(), { stream });
      progress.finish();
      expect(stream.text).toBe("");
    }
  });
});
