/**
 * Progress on stderr. On a TTY: one redrawn bar per experiment (its points
 * done/total, cached points counted as done). Otherwise (CI logs): a few
 * plain lines — each experiment when its last point is in, and, once a run
 * has lasted a few seconds, the run at each quarter of the points to run. Nothing at all when every point was
 * reused: the summary line of `run` says so.
 */

/** Where progress goes: process.stderr, or a fake stream in tests. */
export interface ProgressStream {
  write(chunk: string): unknown;
  isTTY?: boolean;
  /** Terminal width; lines are cut to it so that a redraw never wraps. */
  columns?: number;
}

export interface ProgressOptions {
  stream?: ProgressStream;
  /** Milliseconds since some origin (performance.now by default). */
  now?: () => number;
  /** Least time between two TTY redraws (an experiment finishing always redraws). */
  redrawMs?: number;
}

/** One experiment: the keys of its points, in plan order (a key may repeat). */
export interface ExperimentPoints {
  id: string;
  points: readonly string[];
}

/** What one bar shows. */
export interface ExperimentBar {
  id: string;
  total: number;
  /** Points already in the cache when the run started. */
  reused: number;
  done: number;
}

const BAR_WIDTH = 30;

/** Plain mode: quarter lines only once a run has lasted this long (seconds). */
const HEARTBEAT_S = 2;

/** "██████········" for done/total in `width` cells. */
export function barText(done: number, total: number, width = BAR_WIDTH): string {
  const filled = total === 0 ? width : Math.min(width, Math.round((width * done) / total));
  return `${"█".repeat(filled)}${"·".repeat(width - filled)}`;
}

/** One TTY line: "fig7   ██████······  120/240 points (60 reused)". */
export function barLine(bar: ExperimentBar, idWidth: number): string {
  const count = `${String(bar.done).padStart(String(bar.total).length)}/${bar.total} points`;
  const reused = bar.reused > 0 ? ` (${bar.reused} reused)` : "";
  const mark = bar.done === bar.total ? "  done" : "";
  return `${bar.id.padEnd(idWidth)}  ${barText(bar.done, bar.total)}  ${count}${reused}${mark}`;
}

/** The plain line of an experiment whose last point is in. */
export function doneLine(bar: ExperimentBar): string {
  const ran = bar.total - bar.reused;
  return `run: ${bar.id} done, ${bar.total} points (${ran} run, ${bar.reused} reused)`;
}

/** The plain line at a quarter of the run. */
export function quarterLine(done: number, toRun: number, seconds: number): string {
  const pct = toRun === 0 ? 100 : Math.floor((100 * done) / toRun);
  return `run: ${done}/${toRun} points to run done (${pct}%), ${seconds.toFixed(1)} s`;
}

/**
 * Progress of a run over several experiments that may share points: a point
 * finished counts once for every experiment (and every place in it) that
 * planned it.
 */
export class ExperimentProgress {
  private readonly bars: ExperimentBar[];
  /** Point key → indexes of the bars waiting for it (with repeats). */
  private readonly waiting = new Map<string, number[]>();
  private readonly stream: ProgressStream;
  private readonly tty: boolean;
  private readonly now: () => number;
  private readonly redrawMs: number;
  private readonly started: number;
  private readonly toRun: number;
  private finished = 0;
  private quarter = 0;
  private drawnLines = 0;
  private lastDraw = Number.NEGATIVE_INFINITY;

  /** `pending`: the keys of the points still to run (the rest are reused from the cache). */
  constructor(
    experiments: readonly ExperimentPoints[],
    pending: { has(key: string): boolean; readonly size: number },
    options: ProgressOptions = {},
  ) {
    this.stream = options.stream ?? process.stderr;
    this.tty = Boolean(this.stream.isTTY);
    this.now = options.now ?? (() => performance.now());
    this.redrawMs = options.redrawMs ?? 80;
    this.started = this.now();
    this.toRun = pending.size;
    this.bars = experiments.map((e, index) => {
      let reused = 0;
      for (const key of e.points) {
        if (!pending.has(key)) {
          reused++;
          continue;
        }
        const list = this.waiting.get(key) ?? [];
        list.push(index);
        this.waiting.set(key, list);
      }
      return { id: e.id, total: e.points.length, reused, done: reused };
    });
    if (this.tty && this.toRun > 0) this.draw();
  }

  /** The bars as they stand (for tests and summaries). */
  snapshot(): ExperimentBar[] {
    return this.bars.map((b) => ({ ...b }));
  }

  /** A point finished (run, not reused). */
  pointDone(key: string): void {
    this.finished++;
    const completed: ExperimentBar[] = [];
    for (const index of this.waiting.get(key) ?? []) {
      const bar = this.bars[index] as ExperimentBar;
      bar.done++;
      if (bar.done === bar.total) completed.push(bar);
    }
    this.waiting.delete(key);
    if (this.tty) {
      if (completed.length > 0 || this.now() - this.lastDraw >= this.redrawMs) this.draw();
      return;
    }
    const quarter = this.toRun === 0 ? 4 : Math.floor((4 * this.finished) / this.toRun);
    for (const bar of completed) this.stream.write(`${doneLine(bar)}\n`);
    // Quarter lines are a heartbeat for long runs; a short run shows only its experiments.
    if (quarter > this.quarter && this.finished < this.toRun && this.seconds() >= HEARTBEAT_S) {
      this.quarter = quarter;
      this.stream.write(`${quarterLine(this.finished, this.toRun, this.seconds())}\n`);
    }
  }

  /** The final state: a last redraw on a TTY (the run prints its own summary line). */
  finish(): void {
    if (this.tty && this.drawnLines > 0) this.draw();
  }

  private seconds(): number {
    return (this.now() - this.started) / 1000;
  }

  private draw(): void {
    this.lastDraw = this.now();
    const idWidth = Math.max(0, ...this.bars.map((b) => b.id.length));
    const columns = this.stream.columns;
    const lines = this.bars.map((bar) => {
      const line = barLine(bar, idWidth);
      return columns !== undefined && columns > 1 ? line.slice(0, columns - 1) : line;
    });
    // Back to the first bar, then each line cleared and rewritten.
    const up = this.drawnLines > 0 ? `\x1b[${this.drawnLines}A` : "";
    this.stream.write(`${up}${lines.map((l) => `\r\x1b[2K${l}\n`).join("")}`);
    this.drawnLines = lines.length;
  }
}

export function info(message: string): void {
  process.stderr.write(`${message}\n`);
}
