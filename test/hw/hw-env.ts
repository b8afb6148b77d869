/**
 * Shared by the hw tests: is this machine able to run them, build the server,
 * and the leak checks (no child process left, no port left bound).
 */
import { type ChildProcessByStdio, execFileSync, spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { setTimeout as delay } from "node:timers/promises";
import type { PointSpec } from "../../src/results/types.js";
import { allowedCpus } from "../../src/runners/hw/machine/cpu-placement.js";
import { acquireMachineLock, MACHINE_LOCK_DIR } from "../../src/runners/hw/machine/machine-lock.js";
import { DEFAULT_SERVER_BINARY } from "../../src/runners/hw/point/types.js";

export const SERVER_BINARY = DEFAULT_SERVER_BINARY;

/**
 * A short idle-burst point (the paper's §4 workload: a new connection per
 * request): epoll, no idle connections, 500 req/s, 1-byte replies, a 3-s
 * window after 1 s; each test says what it changes.
 */
export function idleBurstPoint(overrides: Partial<PointSpec> = {}): PointSpec {
  return {
    workload: "idle-burst",
    mechanism: "epoll",
    connections: 0,
    idle: 0,
    rate: 500,
    reply_bytes: 1,
    duration_s: 3,
    warmup_s: 1,
    client_timeout_s: 1,
    seed: 1,
    ...overrides,
  };
}

function onPath(program: string): boolean {
  return (process.env.PATH ?? "")
    .split(":")
    .some((dir) => dir !== "" && existsSync(`${dir}/${program}`));
}

/**
 * Why the hw tests cannot run here, or null. On CI (CI set) they never skip:
 * .ci/run installs httperf, so a missing tool is a failure there.
 */
export function hwUnavailableReason(): string | null {
  const missing = ["httperf", "idleconn", "taskset", "prlimit", "make", "cc"].filter(
    (p) => !onPath(p),
  );
  if (missing.length > 0)
    return `missing ${missing.join(", ")} (apt-get install -y httperf build-essential)`;
  if (allowedCpus().length < 2) return "needs 2 CPUs (server on CPU 0, load on the others)";
  return null;
}

export const skipHw = hwUnavailableReason() !== null && !process.env.CI;

/**
 * Builds the C server (make rebuilds only when a source changed). Under the
 * machine lock: test files run in parallel, and one must not relink the
 * binary while another builds it too.
 */
export async function buildServer(): Promise<void> {
  const release = await acquireMachineLock();
  try {
    execFileSync("make", ["-s", "-C", "src/runners/hw/server"], {
      stdio: ["ignore", "ignore", "inherit"],
    });
  } finally {
    await release();
  }
}

/** True if a live (non-zombie) process has this pid. */
export function processAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const state = stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3);
    return state !== "Z" && state !== "X";
  } catch {
    return false;
  }
}

/** Live processes whose parent is this process (what a leak would look like), as "pid comm". */
export function childrenOfThisProcess(): string[] {
  const found: string[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const close = stat.lastIndexOf(")");
      const comm = stat.slice(stat.indexOf("(") + 1, close);
      const [state, ppid] = stat.slice(close + 2).split(" ");
      if (Number(ppid) === process.pid && state !== "Z") found.push(`${entry} ${comm}`);
    } catch {
      // exited while we looked
    }
  }
  return found;
}

/** Resolves true if 127.0.0.1:port can be bound (nothing listens there any more). */
export function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.once("error", () => resolve(false));
    s.listen(port, "127.0.0.1", () => s.close(() => resolve(true)));
  });
}

/** The network namespaces `--link` made for the Node process `pid` (dispatch-PID-N-srv/cli) that still exist. */
export function ourNamespaces(pid: number): string[] {
  return execFileSync("ip", ["netns", "list"], { encoding: "utf8" })
    .split("\n")
    .map((l) => l.trim().split(/\s+/)[0] ?? "")
    .filter((n) => n.startsWith(`dispatch-${pid}-`));
}

/** The pid holding the machine lock, or null. */
export function machineLockOwner(): number | null {
  const file = join(MACHINE_LOCK_DIR, "owner");
  return existsSync(file) ? Number(readFileSync(file, "utf8")) : null;
}

/** Temp dirs a hw run of process `pid` made (dispatch-hw-PID-…). */
export function tempDirsOf(pid: number): string[] {
  return readdirSync(tmpdir()).filter((d) => d.startsWith(`dispatch-hw-${pid}-`));
}

type InterruptedRunProcess = ChildProcessByStdio<null, Readable, Readable>;

/**
 * test/hw/interrupted-run.ts in a child Node (`--link`: over the shaped
 * link), once it printed READY and what it started (JSON, shape `T`).
 */
export async function startInterruptedRun<T>(
  link: boolean,
): Promise<{ node: InterruptedRunProcess; ready: T }> {
  const args = ["--import", "tsx", "test/hw/interrupted-run.ts", SERVER_BINARY];
  const node = spawn(process.execPath, link ? [...args, "--link"] : args, {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  node.stderr.on("data", (d: Buffer) => {
    err += d.toString();
  });
  const ready = await new Promise<T>((resolve, reject) => {
    node.stdout.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /^READY (.*)$/m.exec(out);
      if (m) resolve(JSON.parse(m[1]!) as T);
    });
    node.once("exit", (code) => reject(new Error(`runner exited early (${code}): ${err}`)));
  });
  return { node, ready };
}

/**
 * Sends `signal` to the run and returns the signal it died of, after giving
 * `pids` (its children) up to 5 s to go: after SIGKILL the kernel delivers
 * the children's pdeathsig asynchronously.
 */
export async function interruptRun(
  node: InterruptedRunProcess,
  signal: NodeJS.Signals,
  pids: readonly number[],
): Promise<NodeJS.Signals | null> {
  const exited = new Promise<NodeJS.Signals | null>((resolve) =>
    node.once("exit", (_code, sig) => resolve(sig)),
  );
  node.kill(signal);
  const diedOf = await exited;
  for (let i = 0; i < 50 && pids.some(processAlive); i++) await delay(100);
  return diedOf;
}

/** Nothing could run in a SIGKILLed process: remove its temp dirs and its machine lock here. */
export function removeLeftoversOf(pid: number): void {
  for (const d of tempDirsOf(pid)) rmSync(join(tmpdir(), d), { recursive: true });
  if (machineLockOwner() === pid) rmSync(MACHINE_LOCK_DIR, { recursive: true, force: true });
}
