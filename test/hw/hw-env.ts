/**
 * Shared by the hw tests: is this machine able to run them, build the server,
 * and the leak checks (no child process left, no port left bound).
 */
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import net from "node:net";
import { allowedCpus } from "../../src/runners/hw/cpu-placement.js";
import { acquireMachineLock } from "../../src/runners/hw/machine-lock.js";
import { DEFAULT_SERVER_BINARY } from "../../src/runners/hw/run-hw-point.js";

export const SERVER_BINARY = DEFAULT_SERVER_BINARY;

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
