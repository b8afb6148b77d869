/**
 * RLIMIT_NOFILE for the server: it holds every idle and persistent connection
 * at once (10 000+ in the scaled Section 4 runs), far above common soft limits.
 * Node cannot call setrlimit, so the limit is raised for the child alone with
 * util-linux `prlimit --nofile=SOFT:HARD -- cmd`, which sets it and execs.
 * Raising the hard limit needs CAP_SYS_RESOURCE (root) and is capped by
 * fs.nr_open; when that is impossible we stop with an error naming the limit.
 */
import { readFileSync } from "node:fs";

export class NofileLimitError extends Error {}

export interface NofileLimit {
  soft: number;
  hard: number;
}

/** Parses the "Max open files" row of /proc/PID/limits ("unlimited" as Infinity). */
export function parseNofileLimit(limitsText: string): NofileLimit {
  const m = /^Max open files\s+(\S+)\s+(\S+)/m.exec(limitsText);
  if (!m) throw new NofileLimitError("no 'Max open files' row in /proc/self/limits");
  const value = (s: string) => (s === "unlimited" ? Number.POSITIVE_INFINITY : Number(s));
  return { soft: value(m[1]!), hard: value(m[2]!) };
}

export function currentNofileLimit(): NofileLimit {
  return parseNofileLimit(readFileSync("/proc/self/limits", "utf8"));
}

function nrOpen(): number {
  try {
    return Number(readFileSync("/proc/sys/fs/nr_open", "utf8").trim());
  } catch {
    return 1_048_576; // the kernel default
  }
}

/** CAP_SYS_RESOURCE's bit in /proc/PID/status's CapEff mask (linux/capability.h). */
const CAP_SYS_RESOURCE = 24n;

/**
 * Whether a process with this /proc/PID/status may raise its hard
 * RLIMIT_NOFILE: CAP_SYS_RESOURCE in its effective set. Being root is not
 * enough — a container often drops the capability (this project's CI VM
 * does: root, hard limit 20 000, no CAP_SYS_RESOURCE).
 */
export function mayRaiseHardLimit(statusText: string): boolean {
  const m = /^CapEff:\s*([0-9a-fA-F]+)/m.exec(statusText);
  if (!m) return false;
  return ((BigInt(`0x${m[1]}`) >> CAP_SYS_RESOURCE) & 1n) === 1n;
}

function privilegedHere(): boolean {
  try {
    return mayRaiseHardLimit(readFileSync("/proc/self/status", "utf8"));
  } catch {
    return process.geteuid?.() === 0;
  }
}

/**
 * The limit to give a child that needs `needed` descriptors: soft = needed
 * (or the current soft limit if larger), hard never lowered. Throws a
 * NofileLimitError naming RLIMIT_NOFILE or fs.nr_open when it cannot be had.
 */
export function planNofile(
  needed: number,
  current: NofileLimit = currentNofileLimit(),
  privileged: boolean = privilegedHere(),
  maxOpen: number = nrOpen(),
): NofileLimit {
  const soft = Math.max(needed, Number.isFinite(current.soft) ? current.soft : needed);
  if (soft <= current.hard) return { soft, hard: current.hard };
  if (needed > maxOpen) {
    throw new NofileLimitError(
      `RLIMIT_NOFILE: the point needs ${needed} descriptors in one process but fs.nr_open is ${maxOpen}; raise it (sysctl -w fs.nr_open=${needed}) or use fewer connections`,
    );
  }
  if (!privileged) {
    throw new NofileLimitError(
      `RLIMIT_NOFILE: the point needs ${needed} descriptors in one process but the hard limit is ${current.hard} and this process may not raise it (no CAP_SYS_RESOURCE); raise it (ulimit -Hn ${needed}, /etc/security/limits.conf, or the container's nofile limit), run as root with CAP_SYS_RESOURCE, or use fewer connections`,
    );
  }
  return { soft: needed, hard: needed };
}

/** `prlimit --nofile=SOFT:HARD --` prefix: the child sets the limit on itself and execs the command. */
export function prlimitPrefix(limit: NofileLimit): string[] {
  const hard = Number.isFinite(limit.hard) ? String(limit.hard) : "unlimited";
  return ["prlimit", `--nofile=${limit.soft}:${hard}`, "--"];
}

/** httperf and idleconn are select()-based: they never use more than FD_SETSIZE descriptors. */
export const FD_SETSIZE = 1024;

/**
 * The limit for httperf and idleconn: FD_SETSIZE, soft and hard. httperf
 * raises its soft limit to the hard one and then warns that it exceeds
 * FD_SETSIZE; a hard limit of exactly FD_SETSIZE keeps its output clean.
 */
export function selectClientNofile(
  current: NofileLimit = currentNofileLimit(),
  privileged: boolean = privilegedHere(),
): NofileLimit {
  planNofile(FD_SETSIZE, current, privileged); // throws if FD_SETSIZE is out of reach
  return { soft: FD_SETSIZE, hard: FD_SETSIZE };
}
