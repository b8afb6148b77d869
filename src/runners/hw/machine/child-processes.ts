/**
 * A registry of the child processes one hw run starts (server, httperf,
 * idleconn), so that every one of them is stopped — SIGTERM, then SIGKILL
 * after a grace period — on normal completion, on error and when Node itself
 * is interrupted. Three layers, because a leftover server keeps its port
 * bound and a leftover idleconn keeps thousands of sockets open:
 *
 * 1. the caller's `stopAll()` in a `finally` (success and failure);
 * 2. process hooks, installed only while a registry is active: SIGINT/
 *    SIGTERM/SIGHUP stop every child gracefully and run the registries'
 *    cleanups (temp files, the machine lock), then re-raise the signal if no
 *    one else handles it; 'exit' SIGKILLs whatever is still alive;
 * 3. `setpriv --pdeathsig KILL`: the kernel kills the child when Node dies
 *    without running any hook (SIGKILL, crash). taskset, prlimit and setpriv
 *    all exec, so the recorded pid is the real program's pid.
 */
import { existsSync } from "node:fs";
import { setTimeout as delay } from "node:timers/promises";
import { execa, type Result, type ResultPromise } from "execa";

const CHILD_OPTIONS = {
  reject: false,
  stdin: "ignore",
  stripFinalNewline: false,
  // We escalate SIGTERM → SIGKILL ourselves, with one grace period for all children.
  forceKillAfterDelay: false,
  cleanup: true,
} as const;

type ChildOptions = typeof CHILD_OPTIONS;
export type ChildResult = Result<ChildOptions>;
export type ChildSubprocess = ResultPromise<ChildOptions>;

export const DEFAULT_GRACE_MS = 2000;

const SETPRIV = "/usr/bin/setpriv";

export class ChildStartError extends Error {}

export interface ManagedChild {
  readonly name: string;
  readonly pid: number;
  readonly argv: readonly string[];
  readonly subprocess: ChildSubprocess;
  /** Settles when the child has exited and been reaped; never rejects. */
  readonly exit: Promise<ChildResult>;
  /** performance.now() when it exited, null while it runs. */
  exitedAtMs: number | null;
}

/** Children alive across all registries: what the process hooks stop. */
const live = new Set<ManagedChild>();

/** Sends a signal to a child that still runs (a no-op once it has exited). */
export function signalChild(child: ManagedChild, signal: NodeJS.Signals): void {
  if (child.exitedAtMs !== null) return;
  try {
    process.kill(child.pid, signal);
  } catch {
    // ESRCH: it exited between the check and the kill.
  }
}

/** SIGTERM, wait up to graceMs, then SIGKILL; resolves once the child is reaped. */
async function terminate(child: ManagedChild, graceMs: number): Promise<ChildResult> {
  if (child.exitedAtMs !== null) return child.exit;
  signalChild(child, "SIGTERM");
  const timer = new AbortController();
  const exitedInTime = await Promise.race([
    child.exit.then(() => true),
    delay(graceMs, false, { signal: timer.signal }).catch(() => false),
  ]);
  timer.abort();
  if (!exitedInTime) signalChild(child, "SIGKILL");
  return child.exit;
}

// ---- process hooks (layer 2) -------------------------------------------------

/** Registries with children or cleanups still to run: what the signal hooks stop. */
const active = new Set<ChildRegistry>();
const HOOK_SIGNALS: NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"];
let hooksInstalled = false;

function killAllNow(): void {
  for (const child of live) signalChild(child, "SIGKILL");
}

let handlingSignal = false;

function onSignal(signal: NodeJS.Signals): void {
  if (handlingSignal) {
    // A second Ctrl-C acts at once.
    killAllNow();
    removeHooks();
    process.kill(process.pid, signal);
    return;
  }
  handlingSignal = true;
  // Our listeners stay until the cleanup is done: execa's signal-exit
  // re-raises the signal at once when it finds itself the only listener.
  void Promise.allSettled([...active].map((r) => r.stopAll(DEFAULT_GRACE_MS))).finally(() => {
    handlingSignal = false;
    removeHooks();
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
  });
}

function installHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  process.on("exit", killAllNow);
  for (const s of HOOK_SIGNALS) process.on(s, onSignal);
}

function removeHooks(): void {
  if (!hooksInstalled) return;
  hooksInstalled = false;
  process.off("exit", killAllNow);
  for (const s of HOOK_SIGNALS) process.off(s, onSignal);
}

function activate(registry: ChildRegistry): void {
  active.add(registry);
  installHooks();
}

function deactivate(registry: ChildRegistry): void {
  active.delete(registry);
  // While a signal is being handled, onSignal removes the hooks when it is done.
  if (active.size === 0 && live.size === 0 && !handlingSignal) removeHooks();
}

// ---- the registry ------------------------------------------------------------

export interface StartOptions {
  env?: Record<string, string>;
}

export class ChildRegistry {
  private readonly children: ManagedChild[] = [];
  private readonly cleanups: (() => Promise<void> | void)[] = [];
  private readonly preStops: (() => Promise<void>)[] = [];
  private stopping: Promise<void> | null = null;

  constructor(private readonly graceMs = DEFAULT_GRACE_MS) {}

  /** Starts argv[0] with argv[1…]; throws ChildStartError if it cannot be spawned. */
  async start(
    name: string,
    argv: readonly string[],
    options: StartOptions = {},
  ): Promise<ManagedChild> {
    if (this.stopping) throw new ChildStartError(`cannot start ${name}: the run is being stopped`);
    const dieWithParent = existsSync(SETPRIV) ? [SETPRIV, "--pdeathsig", "KILL"] : [];
    const full = [...dieWithParent, ...argv];
    const subprocess = execa(full[0]!, full.slice(1), {
      ...CHILD_OPTIONS,
      ...(options.env ? { env: options.env } : {}),
    });
    if (subprocess.pid === undefined) {
      const result = await subprocess;
      throw new ChildStartError(`cannot start ${name} (${argv[0]}): ${result.message}`);
    }
    const child: ManagedChild = {
      name,
      pid: subprocess.pid,
      argv,
      subprocess,
      exit: subprocess.then((result) => {
        child.exitedAtMs = performance.now();
        live.delete(child);
        return result;
      }),
      exitedAtMs: null,
    };
    this.children.push(child);
    live.add(child);
    activate(this);
    return child;
  }

  /**
   * Runs `fn` when the registry stops (after its children, last added first),
   * also when Node is interrupted: temp files, locks.
   */
  addCleanup(fn: () => Promise<void> | void): void {
    this.cleanups.push(fn);
    activate(this);
  }

  /**
   * Runs `fn` when the registry stops, before its children are stopped (a
   * testbed's remote processes are killed over their SSH link while it is
   * still up); errors are ignored.
   */
  addPreStop(fn: () => Promise<void>): void {
    this.preStops.push(fn);
    activate(this);
  }

  /** Stops one child (SIGTERM, then SIGKILL after the grace period). */
  stop(child: ManagedChild, graceMs = this.graceMs): Promise<ChildResult> {
    return terminate(child, graceMs);
  }

  /**
   * Stops every child this registry started, then runs its cleanups; refuses
   * new children from then on. Concurrent and repeated calls share one stop.
   */
  stopAll(graceMs = this.graceMs): Promise<void> {
    this.stopping ??= (async () => {
      try {
        for (const fn of this.preStops) await fn().catch(() => {});
        await Promise.all(this.children.map((c) => terminate(c, graceMs)));
        for (const fn of this.cleanups.reverse()) await fn();
      } finally {
        deactivate(this);
      }
    })();
    return this.stopping;
  }

  /** Every child started, running or not (pids for leak checks). */
  get started(): readonly ManagedChild[] {
    return this.children;
  }

  get running(): ManagedChild[] {
    return this.children.filter((c) => c.exitedAtMs === null);
  }
}
