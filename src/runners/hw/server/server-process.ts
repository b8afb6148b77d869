/**
 * The C micro server (src/runners/hw/server/dispatch-server) as a child
 * process: start it, wait for its `listening ADDRESS:PORT` line (it picks a
 * free port itself with --port 0, so parallel runs never collide), and stop
 * it with SIGTERM, on which it writes its counters as JSON and exits 0.
 */
import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { MECHANISMS, type Mechanism } from "../../../manifest/schema.js";
import { sourceDirOf } from "../../../package-root.js";
import type { ChildRegistry, ChildResult, ManagedChild } from "../machine/child-processes.js";

/** The C servers' registry of mechanisms (one `MECHANISM("id", symbol)` line each). */
const MECHANISMS_DEF = join(
  sourceDirOf(dirname(fileURLToPath(import.meta.url)), "src/runners/hw/server"),
  "mechanisms.def",
);

/** The ids of mechanisms.def, each checked against the shared vocabulary (MECHANISMS). */
export function readHwMechanisms(path = MECHANISMS_DEF): Mechanism[] {
  const ids = [...readFileSync(path, "utf8").matchAll(/^MECHANISM\("([^"]+)",\s*\w+\)/gm)].map(
    (m) => m[1] as string,
  );
  for (const id of ids) {
    if (!(MECHANISMS as readonly string[]).includes(id)) {
      throw new Error(
        `${path}: mechanism "${id}" is not in MECHANISMS (src/manifest/schema.ts): add it there`,
      );
    }
  }
  return ids as Mechanism[];
}

/**
 * Mechanisms the hw server implements, from its registry (mechanisms.def);
 * devpoll and rtsig-perfd were 2.4 patches (simulator only).
 */
export const HW_MECHANISMS: readonly Mechanism[] = readHwMechanisms();
export type HwMechanism = Mechanism;

export function isHwMechanism(m: string): m is HwMechanism {
  return (HW_MECHANISMS as readonly string[]).includes(m);
}

export class ServerError extends Error {}

/** Counts over some span of the server's life: the named fields are the contract, others are kept as they come. */
export interface CounterSet {
  dispatch_calls: number;
  events: number;
  sigwaitinfo_calls: number;
  sigio_count: number;
  fallbacks: number;
  accepts: number;
  replies: number;
  closes: number;
  [other: string]: number;
}

/**
 * The server's counters file: its whole life's counts, and those of the
 * measurement window the orchestrator marked with SIGUSR1/SIGUSR2 (null when
 * it marked none, or the server stopped before the end mark).
 */
export interface ServerCounters {
  whole: CounterSet;
  window: (CounterSet & { window_s: number }) | null;
  /** Windows completed when the file was written (a session's server writes it at each window's end). */
  windows: number;
}

const REQUIRED_COUNTERS = [
  "dispatch_calls",
  "events",
  "sigwaitinfo_calls",
  "sigio_count",
  "accepts",
  "replies",
] as const;

export function parseCounters(text: string): ServerCounters {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new ServerError(`the server's counters file is not JSON: ${(e as Error).message}`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new ServerError("the server's counters file is not a JSON object");
  }
  const whole = counterSet(parsed as Record<string, unknown>, "");
  const window = (parsed as Record<string, unknown>).window;
  const count = (parsed as Record<string, unknown>).windows;
  const windows = typeof count === "number" ? count : window === undefined ? 0 : 1;
  if (window === undefined) return { whole, window: null, windows };
  if (typeof window !== "object" || window === null || Array.isArray(window)) {
    throw new ServerError("the server's counters: 'window' is not an object");
  }
  const set = counterSet(window as Record<string, unknown>, "window.");
  if (typeof set.window_s !== "number") {
    throw new ServerError("the server's counters lack 'window.window_s'");
  }
  return { whole, window: set as CounterSet & { window_s: number }, windows };
}

function counterSet(object: Record<string, unknown>, where: string): CounterSet {
  const counters: Record<string, number> = {};
  for (const [k, v] of Object.entries(object)) {
    if (typeof v === "number") counters[k] = v;
  }
  for (const k of REQUIRED_COUNTERS) {
    if (!(k in counters)) throw new ServerError(`the server's counters lack '${where}${k}'`);
  }
  return { fallbacks: 0, closes: 0, ...counters } as CounterSet;
}

export interface ServerOptions {
  binary: string;
  mechanism: HwMechanism;
  replyBytes: number;
  queueLimit?: number;
  /** Listen address: 127.0.0.1 (default), or the link-local veth address under --link. */
  address?: string;
  /** Close every connection right after its reply (reply and FIN in one segment). */
  closeAfterReply?: boolean;
  countersFile: string;
  /** The server exits by itself after this long: a last guard against a lost server. */
  maxSeconds: number;
  /** Command prefix (taskset, prlimit). */
  prefix: readonly string[];
  startTimeoutMs?: number;
}

export interface RunningServer {
  child: ManagedChild;
  pid: number;
  /** The address it listens on (what it printed). */
  address: string;
  port: number;
  countersFile: string;
}

function outputTail(r: ChildResult): string {
  const text = `${String(r.stderr ?? "")}\n${String(r.stdout ?? "")}`.trim();
  return text === "" ? "(no output)" : text.split("\n").slice(-5).join(" | ");
}

const LISTENING = /^listening (\d+\.\d+\.\d+\.\d+):(\d+)\s*$/m;

export async function startServer(
  registry: ChildRegistry,
  o: ServerOptions,
): Promise<RunningServer> {
  const args = [
    "--mechanism",
    o.mechanism,
    "--port",
    "0",
    "--reply-bytes",
    String(o.replyBytes),
    "--counters",
    o.countersFile,
    "--max-seconds",
    String(Math.ceil(o.maxSeconds)),
    ...(o.queueLimit !== undefined ? ["--queue-limit", String(o.queueLimit)] : []),
    ...(o.address !== undefined ? ["--address", o.address] : []),
    ...(o.closeAfterReply ? ["--close-after-reply"] : []),
  ];
  const child = await registry.start(`server(${o.mechanism})`, [...o.prefix, o.binary, ...args]);
  let seen = "";
  const listening = await new Promise<{ address: string; port: number }>((resolve, reject) => {
    const timeoutMs = o.startTimeoutMs ?? 10_000;
    const timer = setTimeout(() => {
      reject(
        new ServerError(
          `the ${o.mechanism} server did not print its listening line in ${timeoutMs} ms`,
        ),
      );
    }, timeoutMs);
    child.subprocess.stdout.on("data", (chunk: Buffer) => {
      seen += chunk.toString();
      const m = LISTENING.exec(seen);
      if (m) {
        clearTimeout(timer);
        resolve({ address: m[1]!, port: Number(m[2]) });
      }
    });
    void child.exit.then((r) => {
      clearTimeout(timer);
      reject(
        new ServerError(
          `the ${o.mechanism} server exited before listening (${r.signal ?? `code ${r.exitCode}`}): ${outputTail(r)}`,
        ),
      );
    });
  });
  return { child, pid: child.pid, ...listening, countersFile: o.countersFile };
}

/**
 * The counters the running server wrote at the end of its `windows`-th
 * window (it writes the file between two waits, right after the end mark),
 * waited for up to `timeoutMs`.
 */
export async function readWindowCounters(
  server: RunningServer,
  windows: number,
  timeoutMs = 10_000,
): Promise<ServerCounters> {
  const started = performance.now();
  for (;;) {
    if (server.child.exitedAtMs !== null) {
      const r = await server.child.exit;
      throw new ServerError(
        `the server exited during the run (${r.signal ?? `code ${r.exitCode}`}): ${outputTail(r)}`,
      );
    }
    try {
      const counters = parseCounters(await readFile(server.countersFile, "utf8"));
      if (counters.windows >= windows) return counters;
    } catch (e) {
      // Not written yet (ENOENT); a malformed file is an error.
      if (e instanceof ServerError) throw e;
    }
    if (performance.now() - started > timeoutMs) {
      throw new ServerError(
        `the server did not write the counters of window ${windows} within ${timeoutMs / 1000} s of its end mark`,
      );
    }
    await delay(20);
  }
}

/** SIGTERM the server, wait for it to write its counters and exit, and read them. */
export async function stopServer(
  registry: ChildRegistry,
  server: RunningServer,
  graceMs = 5000,
): Promise<ServerCounters> {
  if (server.child.exitedAtMs !== null) {
    const r = await server.child.exit;
    throw new ServerError(
      `the server exited during the run (${r.signal ?? `code ${r.exitCode}`}): ${outputTail(r)}`,
    );
  }
  const r = await registry.stop(server.child, graceMs);
  if (r.signal === "SIGKILL")
    throw new ServerError(`the server did not exit within ${graceMs} ms of SIGTERM`);
  if (r.exitCode !== 0) {
    throw new ServerError(
      `the server exited with ${r.signal ?? `code ${r.exitCode}`} on SIGTERM: ${outputTail(r)}`,
    );
  }
  // The file is complete before exit(0); a short retry covers a slow filesystem.
  for (let attempt = 0; ; attempt++) {
    try {
      return parseCounters(await readFile(server.countersFile, "utf8"));
    } catch (e) {
      if (attempt >= 5) throw e;
      await delay(50);
    }
  }
}
