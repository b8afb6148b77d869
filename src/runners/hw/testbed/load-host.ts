/**
 * Where the load processes (httperf, idleconn) run: this machine (the
 * default: pinned to the CPUs the server leaves free, in the clients'
 * network namespace under --link) or a client host of a testbed reached
 * over SSH (./ssh-host.ts). The orchestration in ../point/run-point.ts talks
 * only to this interface: it starts the processes, signals them, and reads
 * the TCP counters of their network namespace (connect() calls: the offered
 * connection rate), summed over hosts.
 */

import { readActiveOpens } from "../load/tcp-counters.js";
import type { ChildRegistry, ManagedChild } from "../machine/child-processes.js";
import { signalChild } from "../machine/child-processes.js";

export interface LoadHost {
  /** "this machine", or the SSH destination. */
  readonly label: string;
  /** Starts a load process there (pinned to the host's load CPUs); stopped with the run's registry. */
  start(name: string, argv: readonly string[]): Promise<ManagedChild>;
  /** Sends a signal to a process started with start(). */
  signal(child: ManagedChild, signal: NodeJS.Signals): Promise<void>;
  /** connect() calls so far in the host's network namespace (Tcp: ActiveOpens), or null. */
  activeOpens(): Promise<number | null>;
  /** What stops the run when it dies (the SSH link), or null. */
  readonly link: ManagedChild | null;
}

/**
 * This machine: `prefix` places the process (the clients' namespace under
 * --link, taskset to the load CPUs, prlimit). Its counters are read through
 * the first process started (its namespace is the clients').
 */
export function localHost(registry: ChildRegistry, prefix: readonly string[]): LoadHost {
  let view: number | undefined;
  return {
    label: "this machine",
    link: null,
    async start(name, argv) {
      const child = await registry.start(name, [...prefix, ...argv]);
      view ??= child.pid;
      return child;
    },
    async signal(child, signal) {
      signalChild(child, signal);
    },
    async activeOpens() {
      return readActiveOpens(view);
    },
  };
}

/** The hosts' connect() counts summed, or null when one cannot be read. */
export async function sumActiveOpens(hosts: readonly LoadHost[]): Promise<number | null> {
  const counts = await Promise.all(hosts.map((h) => h.activeOpens()));
  return counts.some((c) => c === null)
    ? null
    : counts.reduce((sum: number, c) => sum + (c ?? 0), 0);
}
