/**
 * The kernel's TCP counters (/proc/net/snmp `Tcp:` lines) of the clients'
 * network namespace. `ActiveOpens` counts connect() calls: over the
 * measurement window its growth is the rate at which the clients offered new
 * connections — in the idle-burst workload one request each — whatever the
 * server then did with them (accepted, dropped on a full listen queue,
 * refused). That is the window's offered request rate, free of httperf's
 * whole-run test-duration, which a run's last timeouts stretch.
 */
import { readFileSync } from "node:fs";

/** Parses the `Tcp:` header and value lines of /proc/net/snmp text into name → value. */
export function parseTcpSnmp(text: string): Map<string, number> {
  const lines = text.split("\n").filter((l) => l.startsWith("Tcp:"));
  const [names, values] = lines.map((l) => l.trim().split(/\s+/).slice(1));
  const out = new Map<string, number>();
  if (!names || !values) return out;
  names.forEach((name, i) => {
    const v = Number(values[i]);
    if (Number.isFinite(v)) out.set(name, v);
  });
  return out;
}

/**
 * connect() calls so far in the network namespace of process `viewPid`
 * (default: ours), or null when it cannot be read (the process is gone).
 */
export function readActiveOpens(viewPid?: number): number | null {
  const file = viewPid === undefined ? "/proc/net/snmp" : `/proc/${viewPid}/net/snmp`;
  try {
    return parseTcpSnmp(readFileSync(file, "utf8")).get("ActiveOpens") ?? null;
  } catch {
    return null;
  }
}
