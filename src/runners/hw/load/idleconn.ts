/**
 * Idle connections (§4: "we used a set of idle connections along with a set
 * of httperf clients"): `idleconn server port numidle` from Debian's httperf
 * package opens numidle connections, sends nothing and reopens any the server
 * closes. It is select()-based and fails beyond FD_SETSIZE (1024) descriptors,
 * so N idle connections are spread over several processes. Each process
 * connects all of its connections at once, so they are opened in bursts of at
 * most IDLECONN_BURST (below the server's 128-entry listen backlog), one
 * process after another, each once the server has accepted the previous
 * ones: a burst larger than the backlog overflows the listen queue, and the
 * dropped handshakes complete only on SYN retransmission (1 s, 3 s, 7 s …
 * later) — 10 000 idle connections took 10 s against epoll that way, and did
 * not all arrive within 50 s against select; paced, epoll takes ~1 s and
 * select ~15 s (it accepts one connection per call, each call scanning every
 * descriptor: quadratic in N).
 *
 * A connection counts as established when the client's socket is ESTABLISHED
 * in /proc/net/tcp *and* the server has accepted it (its descriptor count has
 * grown by N): a connection still in the listen queue is established for the
 * kernel but not yet part of the server's interest set, which is what the
 * experiment is about.
 */
import { readdirSync, readFileSync } from "node:fs";
import { setTimeout as delay } from "node:timers/promises";
import type { ManagedChild } from "../machine/child-processes.js";
import { splitEvenly } from "./httperf.js";

/** Most idle connections one idleconn process may hold (FD_SETSIZE 1024 minus stdio and headroom). */
export const IDLECONN_PER_PROCESS = 1000;

/** Connections opened at once (one idleconn process): fewer than the listen backlog of 128. */
export const IDLECONN_BURST = 100;

export class IdleConnError extends Error {}

/** TCP state code of ESTABLISHED in /proc/net/tcp. */
const TCP_ESTABLISHED = "01";

/**
 * Counts ESTABLISHED sockets of `port` in /proc/net/tcp text: client-side
 * ones (remote port = port), or with `side: "server"` the server's (local
 * port = port) — a testbed's clients are on other hosts, so their
 * connections are counted where the server is.
 */
export function countEstablishedTo(
  procNetTcp: string,
  port: number,
  side: "client" | "server" = "client",
): number {
  const portHex = `:${port.toString(16).toUpperCase().padStart(4, "0")}`;
  // fields: sl local_address rem_address st …
  const column = side === "client" ? 2 : 1;
  let count = 0;
  for (const line of procNetTcp.split("\n")) {
    const fields = line.trim().split(/\s+/);
    if (fields[column]?.endsWith(portHex) && fields[3] === TCP_ESTABLISHED) count++;
  }
  return count;
}

/**
 * ESTABLISHED connections to `port` as the network namespace of process
 * `viewPid` sees them (default: ours). Under --link the clients have a
 * namespace of their own, so the count is read through an idleconn's view.
 */
export function establishedConnectionsTo(port: number, viewPid?: number): number {
  const file = viewPid === undefined ? "/proc/net/tcp" : `/proc/${viewPid}/net/tcp`;
  return countEstablishedTo(readFileSync(file, "utf8"), port);
}

/** ESTABLISHED connections to the server's `port`, seen from the server's namespace. */
export function establishedAtServer(port: number, serverPid: number): number {
  return countEstablishedTo(readFileSync(`/proc/${serverPid}/net/tcp`, "utf8"), port, "server");
}

/** Open descriptors of a process (throws if it is gone). */
export function openDescriptors(pid: number): number {
  return readdirSync(`/proc/${pid}/fd`).length;
}

/**
 * How long opening `count` idle connections may take: 30 s, plus 2 s per
 * 1000 connections, plus a quadratic term for servers that accept one
 * connection per call and scan every descriptor in each (select, poll:
 * ~16 s for 10 000 on a 2-vCPU VM; this allows 50 s).
 */
export function idleSetupTimeoutMs(count: number): number {
  return 30_000 + 2 * count + 5e-4 * count * count;
}

export interface IdleConnOptions {
  /** The server's address (default 127.0.0.1; the veth address under --link or a testbed's). */
  host?: string;
  port: number;
  count: number;
  /** Starts shard `index` (where it runs: this machine, a testbed's client host). */
  start: (index: number, name: string, argv: readonly string[]) => Promise<ManagedChild>;
  /**
   * ESTABLISHED connections to the server so far (default: the client side,
   * seen from the first shard's network namespace on this machine).
   */
  countEstablished?: (shards: readonly ManagedChild[]) => number;
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
export async function startIdleConnections(o: IdleConnOptions): Promise<IdleConnections> {
  const perProcess = Math.min(o.perProcess ?? IDLECONN_BURST, IDLECONN_PER_PROCESS);
  const timeoutMs = o.timeoutMs ?? idleSetupTimeoutMs(o.count);
  const started = performance.now();
  const baseFds = openDescriptors(o.serverPid);
  const shards: ManagedChild[] = [];
  const sizes = splitEvenly(o.count, Math.ceil(o.count / perProcess));
  let opened = 0;
  for (const [i, size] of sizes.entries()) {
    const argv = [
      o.idleconnBinary ?? "idleconn",
      o.host ?? "127.0.0.1",
      String(o.port),
      String(size),
    ];
    shards.push(await o.start(i, `idleconn[${i}]`, argv));
    opened += size;
    // Paced: the next burst only once the server has accepted this one.
    for (;;) {
      const dead = shards.find((s) => s.exitedAtMs !== null);
      if (dead) throw new IdleConnError(await describeExit(dead));
      let accepted: number;
      try {
        accepted = openDescriptors(o.serverPid) - baseFds;
      } catch {
        throw new IdleConnError("the server exited while the idle connections were being opened");
      }
      if (accepted >= opened) break;
      if (performance.now() - started > timeoutMs) {
        throw new IdleConnError(
          `only ${accepted} of ${o.count} idle connections accepted by the server after ${(timeoutMs / 1000).toFixed(0)} s`,
        );
      }
      await delay(5);
    }
  }
  let established = 0;
  let added = 0;
  for (;;) {
    const dead = shards.find((s) => s.exitedAtMs !== null);
    if (dead) throw new IdleConnError(await describeExit(dead));
    try {
      // Seen from the clients' network namespace (theirs differs under --link).
      established = o.countEstablished
        ? o.countEstablished(shards)
        : establishedConnectionsTo(o.port, shards[0]?.pid);
    } catch {
      // The shard exited meanwhile: reported at the top of the loop once reaped.
      await delay(100);
      continue;
    }
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
