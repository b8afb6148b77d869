/**
 * `--link 100mbit`: server and clients on a wire of the paper's speed.
 *
 * The paper's server and its clients were joined by 100 Mbit/s Ethernet, so
 * Figure 8's 6 KB replies were wire-bound at ≈ 1 800 replies/s; on loopback
 * nothing bounds them. With a link, one run gets
 *
 *   netns dispatch-PID-N-srv                     netns dispatch-PID-N-cli
 *   ┌──────────────────────────┐  veth pair   ┌──────────────────────────┐
 *   │ server, 169.254.100.1/30 ├──────────────┤ httperf, idleconn        │
 *   │ tbf 100mbit on egress    │              │ 169.254.100.2/30, tbf    │
 *   └──────────────────────────┘              └──────────────────────────┘
 *
 * - two network namespaces of their own (named after Node's pid and a
 *   counter, so concurrent runs never collide and a killed run's leftovers
 *   are attributable: the next setup removes namespaces whose pid is dead);
 * - a veth pair created directly inside them (`ip link add … netns`), so no
 *   interface ever appears in the host's namespace;
 * - link-local addresses (169.254.0.0/16, RFC 3927: never routed). The
 *   server's "127.0.0.1 only" rule is for tests and default runs: under
 *   --link the server listens on the veth address inside its own namespace,
 *   where the clients' namespace is the only thing that can reach it — the
 *   C server accepts a link-local --address for exactly this (server/README.md);
 * - `tc qdisc … tbf rate R` on both ends (the wire is full duplex), with
 *   Ethernet's per-frame overhead beyond the 14-byte header (preamble 8 +
 *   FCS 4 + inter-frame gap 12 = 24 bytes) counted, so R is the wire rate;
 * - the processes enter their namespace with `ip netns exec NS`, which execs
 *   (no fork): the registry's pid is still the real program's pid.
 *
 * Teardown (`ip netns del`, which also removes the veth pair) is a registry
 * cleanup: it runs after the children stop, on success, failure and
 * SIGINT/SIGTERM/SIGHUP; on a plain process exit a synchronous fallback runs.
 * Needs root (CAP_NET_ADMIN, CAP_SYS_ADMIN) and iproute2 (`ip`, `tc`).
 */

import { execFileSync } from "node:child_process";
import { execa } from "execa";
import { processAlive } from "../../../process-alive.js";
import type { ChildRegistry } from "./child-processes.js";

export class LinkError extends Error {}

/** A tc rate: a number and kbit, mbit or gbit ("100mbit"). */
export type LinkRate = `${number}${"kbit" | "mbit" | "gbit"}`;

const RATE = /^(\d+(?:\.\d+)?)(kbit|mbit|gbit)$/;

/** Bits per second of a rate such as "100mbit"; throws LinkError on anything else. */
export function linkRateBits(rate: string): number {
  const m = RATE.exec(rate.trim().toLowerCase());
  const value = m ? Number(m[1]) : Number.NaN;
  if (!m || !(value > 0)) {
    throw new LinkError(`link rate must look like 100mbit (kbit, mbit, gbit), got '${rate}'`);
  }
  const unit = { kbit: 1e3, mbit: 1e6, gbit: 1e9 }[m[2] as "kbit" | "mbit" | "gbit"];
  return value * unit;
}

export function isLinkRate(rate: string): rate is LinkRate {
  try {
    linkRateBits(rate);
    return true;
  } catch {
    return false;
  }
}

/** Ethernet bytes per frame beyond the 14-byte header: preamble + SFD 8, FCS 4, gap 12. */
export const ETHERNET_FRAMING_BYTES = 24;

export const SERVER_ADDRESS = "169.254.100.1";
export const CLIENT_ADDRESS = "169.254.100.2";
const PREFIX_LEN = 30;
const SERVER_DEV = "veth-srv";
const CLIENT_DEV = "veth-cli";
const NS_PREFIX = "dispatch-";
const COMMAND_TIMEOUT_MS = 10_000;

export interface LinkOptions {
  rate: LinkRate;
  /** tbf bucket size (default 64 KB: a few full-size GSO segments). */
  burstBytes?: number;
  /** tbf queue: how long a packet may wait before it is dropped (default 100 ms). */
  latencyMs?: number;
  log?: (line: string) => void;
}

export interface Link {
  rate: LinkRate;
  bitsPerS: number;
  serverNs: string;
  clientNs: string;
  serverAddress: string;
  clientAddress: string;
  /** Prepend to the server's command line. */
  serverPrefix: string[];
  /** Prepend to httperf's and idleconn's command lines. */
  clientPrefix: string[];
  /** Bytes and packets each end's tbf sent and dropped so far. */
  stats(): Promise<{ server: TbfStats; client: TbfStats }>;
  /** Removes the namespaces (and with them the veth pair); idempotent. */
  teardown(): Promise<void>;
}

export interface TbfStats {
  sentBytes: number;
  sentPackets: number;
  dropped: number;
  overlimits: number;
}

/** Why --link cannot work here, or null: root and iproute2 are needed. */
export function linkUnavailableReason(): string | null {
  if (process.geteuid?.() !== 0) return "--link needs root (network namespaces, tc)";
  for (const tool of ["ip", "tc"]) {
    try {
      execFileSync(tool, ["-V"], { stdio: "ignore", timeout: COMMAND_TIMEOUT_MS });
    } catch {
      return `--link needs '${tool}' (apt-get install -y iproute2)`;
    }
  }
  return null;
}

async function run(argv: readonly string[]): Promise<string> {
  const r = await execa(argv[0]!, argv.slice(1), {
    reject: false,
    timeout: COMMAND_TIMEOUT_MS,
    stdin: "ignore",
  });
  if (r.exitCode !== 0) {
    const why = `${String(r.stderr ?? "")} ${String(r.stdout ?? "")}`.trim() || r.message;
    throw new LinkError(`${argv.join(" ")} failed: ${why}`);
  }
  return String(r.stdout ?? "");
}

/** Parses `tc -s qdisc show dev D` output (the first qdisc's counters). */
export function parseTbfStats(text: string): TbfStats {
  const m = /Sent (\d+) bytes (\d+) pkt \(dropped (\d+), overlimits (\d+)/.exec(text);
  if (!m) throw new LinkError(`unexpected tc -s output: ${text.trim().split("\n")[0] ?? ""}`);
  return {
    sentBytes: Number(m[1]),
    sentPackets: Number(m[2]),
    dropped: Number(m[3]),
    overlimits: Number(m[4]),
  };
}

// ---- leftovers ---------------------------------------------------------------

/** Namespaces this process created and has not removed: the exit fallback removes them. */
const liveNamespaces = new Set<string>();
let exitHookInstalled = false;

function deleteNamespacesSync(): void {
  for (const ns of liveNamespaces) {
    try {
      execFileSync("ip", ["netns", "del", ns], { stdio: "ignore", timeout: COMMAND_TIMEOUT_MS });
    } catch {
      // already gone
    }
    liveNamespaces.delete(ns);
  }
}

/** Our namespaces in `ip netns list` output whose creating process is dead. */
export function staleNamespaces(listing: string, isAlive: (pid: number) => boolean): string[] {
  const stale: string[] = [];
  for (const line of listing.split("\n")) {
    const name = line.trim().split(/\s+/)[0] ?? "";
    const m = /^dispatch-(\d+)-\d+-(?:srv|cli)$/.exec(name);
    if (m && !isAlive(Number(m[1]))) stale.push(name);
  }
  return stale;
}

async function removeStaleNamespaces(log: (line: string) => void): Promise<void> {
  for (const ns of staleNamespaces(await run(["ip", "netns", "list"]), processAlive)) {
    log(`hw: removing network namespace ${ns} left by a killed run`);
    await run(["ip", "netns", "del", ns]).catch(() => {});
  }
}

// ---- setup -------------------------------------------------------------------

let counter = 0;

/**
 * Creates the two namespaces, the shaped veth pair and their addresses, and
 * registers the teardown with the registry (also run if setup fails midway).
 */
export async function setUpLink(registry: ChildRegistry, o: LinkOptions): Promise<Link> {
  const log = o.log ?? (() => {});
  const bitsPerS = linkRateBits(o.rate);
  const unavailable = linkUnavailableReason();
  if (unavailable) throw new LinkError(unavailable);
  await removeStaleNamespaces(log);

  const id = `${NS_PREFIX}${process.pid}-${counter++}`;
  const serverNs = `${id}-srv`;
  const clientNs = `${id}-cli`;
  let torn: Promise<void> | null = null;
  const teardown = () => {
    torn ??= (async () => {
      for (const ns of [serverNs, clientNs]) {
        if (!liveNamespaces.has(ns)) continue;
        await run(["ip", "netns", "del", ns]).catch(() => {});
        liveNamespaces.delete(ns);
      }
    })();
    return torn;
  };
  registry.addCleanup(teardown);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on("exit", deleteNamespacesSync);
  }

  const burst = o.burstBytes ?? 64 * 1024;
  const latencyMs = o.latencyMs ?? 100;
  const tbf = (ns: string, dev: string) => [
    ...["ip", "netns", "exec", ns, "tc", "qdisc", "add", "dev", dev, "root", "tbf"],
    ...["rate", `${bitsPerS / 1000}kbit`, "burst", String(burst), "latency", `${latencyMs}ms`],
    ...["overhead", String(ETHERNET_FRAMING_BYTES)],
  ];
  for (const ns of [serverNs, clientNs]) {
    await run(["ip", "netns", "add", ns]);
    liveNamespaces.add(ns);
  }
  const steps: string[][] = [
    ["ip", "link", "add", SERVER_DEV, "netns", serverNs, "type", "veth"].concat([
      "peer",
      "name",
      CLIENT_DEV,
      "netns",
      clientNs,
    ]),
    ["ip", "-n", serverNs, "addr", "add", `${SERVER_ADDRESS}/${PREFIX_LEN}`, "dev", SERVER_DEV],
    ["ip", "-n", clientNs, "addr", "add", `${CLIENT_ADDRESS}/${PREFIX_LEN}`, "dev", CLIENT_DEV],
    tbf(serverNs, SERVER_DEV),
    tbf(clientNs, CLIENT_DEV),
    ["ip", "-n", serverNs, "link", "set", "lo", "up"],
    ["ip", "-n", clientNs, "link", "set", "lo", "up"],
    ["ip", "-n", serverNs, "link", "set", SERVER_DEV, "up"],
    ["ip", "-n", clientNs, "link", "set", CLIENT_DEV, "up"],
  ];
  for (const argv of steps) await run(argv);
  log(
    `hw: link ${o.rate} (tbf, both directions): server ${SERVER_ADDRESS} in netns ${serverNs}, clients ${CLIENT_ADDRESS} in netns ${clientNs}`,
  );

  const statsOf = async (ns: string, dev: string) =>
    parseTbfStats(await run(["ip", "netns", "exec", ns, "tc", "-s", "qdisc", "show", "dev", dev]));
  return {
    rate: o.rate,
    bitsPerS,
    serverNs,
    clientNs,
    serverAddress: SERVER_ADDRESS,
    clientAddress: CLIENT_ADDRESS,
    serverPrefix: ["ip", "netns", "exec", serverNs],
    clientPrefix: ["ip", "netns", "exec", clientNs],
    stats: async () => ({
      server: await statsOf(serverNs, SERVER_DEV),
      client: await statsOf(clientNs, CLIENT_DEV),
    }),
    teardown,
  };
}
