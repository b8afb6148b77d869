/**
 * Idle connections (§4: "we used a set of idle connections along with a set
 * of httperf clients"): `idleconn server port numidle` from Debian's httperf
 * package opens numidle connections, sends nothing and reopens any the server
 * closes. It is select()-based and fails beyond FD_SETSIZE (1024) descriptors,
 * so N idle connections are spread over ⌈N/1000⌉ processes.
 *
 * A connection counts as established when the client's socket is ESTABLISHED
 * in /proc/net/tcp *and* the server has accepted it (its descriptor count has
 * grown by N): a connection still in the listen queue is established for the
 * kernel but not yet part of the server's interest set, which is what the
 * experiment is about.
 */
import { readdirSync, readFileSync } from "node:fs";
import { setTimeout as delay } from "node:timers/promises";
import type { ChildRegistry, ManagedChild } from "./child-processes.js";
import { splitEvenly } from "./httperf.js";

/** Idle connections per idleconn process (FD_SETSIZE 1024 minus stdio and headroom). */
export const IDLECONN_PER_PROCESS = 1000;

export class IdleConnError extends Error {}

/** TCP state code of ESTABLISHED in /proc/net/tcp. */
const TCP_ESTABLISHED = "01";

/**
 * Counts ESTABLISHED client-side sockets to `port` (remote port = port) in
 * /proc/net/tcp text.
 */
export function countEstablishedTo(procNetTcp: string, port: number): number {
  const portHex = `:${port.toString(16).toUpperCase().padStart(4, "0")}`;
  let count = 0;
  for (const line of procNetTcp.split("\n")) {
    const fields = line.trim().split(/\s+/);
    // fields: sl local_address rem_address st …
    if (fields[2]?.endsWith(portHex) && fields[3] === TCP_ESTABLISHED) count++;
  }
  return count;
}

export function establishedConnectionsTo(port: number): number {
  return countEstablishedTo(readFileSync("/proc/net/tcp", "utf8"), port);
}

/** Open descriptors of a process (throws if it is gone). */
export function openDescriptors(pid: number): number {
  return readdirSync(`/proc/${pid}/fd`).length;
}

/**
 * How long opening `count` idle connections may take. idleconn connects far
 * faster than a server with the paper's 128-entry listen backlog accepts one
 * per readiness, so the accept queue overflows and the dropped handshakes
 * complete only on SYN-ACK retransmission (1 s, 2 s, 4 s … later): allow
 * 30 s plus 2 s per 1000 connections.
 */
export function idleSetupTimeoutMs(count: number): number {
  return 30_000 + 2 * count;
}

export interface IdleConnOptions {
  port: number;
  count: number;
  /** Command prefix placing the processes (taskset, prlimit). */
  prefix: readonly string[];
  /** The server, whose descriptor count confirms that it accepted the connections. */
  serverPid: number;
  perProcess?: number;
  timeoutMs?: number;
  idleconnBinary?: string;
}

export interface IdleConnections {
  shards: ManagedChild[];
  /** Client sockets ESTABLISHED to the server port when setup finished. */
  established: number;
  /** Server descriptors added while the idle connections were opened. */
  serverDescriptorsAdded: number;
  setupS: number;
}

async function describeExit(child: ManagedChild): Promise<string> {
  const r = await child.exit;
  const out = `${String(r.stdout ?? "")}${String(r.stderr ?? "")}`.trim().split("\n").slice(-3);
  return `${child.name} exited (${r.signal ?? `code ${r.exitCode}`}): ${out.join(" | ")}`;
}

/** Starts the idleconn shards and resolves once every connection is established and accepted. */
export async function startIdleConnections(
  registry: ChildRegistry,
  o: IdleConnOptions,
): Promise<IdleConnections> {
  const perProcess = o.perProcess ?? IDLECONN_PER_PROCESS;
  const timeoutMs = o.timeoutMs ?? idleSetupTimeoutMs(o.count);
  const started = performance.now();
  const baseFds = openDescriptors(o.serverPid);
  const shards: ManagedChild[] = [];
  const sizes = splitEvenly(o.count, Math.ceil(o.count / perProcess));
  for (const [i, size] of sizes.entries()) {
    const argv = [
      ...o.prefix,
      o.idleconnBinary ?? "idleconn",
      "127.0.0.1",
      String(o.port),
      String(size),
    ];
    shards.push(await registry.start(`idleconn[${i}]`, argv));
  }
  let established = 0;
  let added = 0;
  for (;;) {
    const dead = shards.find((s) => s.exitedAtMs !== null);
    if (dead) throw new IdleConnError(await describeExit(dead));
    established = establishedConnectionsTo(o.port);
    try {
      added = openDescriptors(o.serverPid) - baseFds;
    } catch {
      throw new IdleConnError("the server exited while the idle connections were being opened");
    }
    if (established >= o.count && added >= o.count) break;
    if (performance.now() - started > timeoutMs) {
      throw new IdleConnError(
        `only ${established} of ${o.count} idle connections established (${added} accepted by the server) after ${(timeoutMs / 1000).toFixed(0)} s`,
      );
    }
    await delay(100);
  }
  return {
    shards,
    established,
    serverDescriptorsAdded: added,
    setupS: (performance.now() - started) / 1000,
  };
}
