/**
 * A two-client testbed on this machine, for `make test-remote`: two network
 * namespaces ("hosts") joined to this one by a bridge on a link-local
 * network, each running Debian's OpenSSH server with keys made for the run.
 * The server under test listens on the bridge's address here; the load comes
 * over SSH from the two hosts, exactly as from two real machines. Everything
 * is torn down by `teardown()` — sshd processes, namespaces (their veth ends
 * go with them), the bridge, the keys — also when setup fails midway.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { ChildRegistry } from "../../src/runners/hw/machine/child-processes.js";

export const SSHD = "/usr/sbin/sshd";
const NET = "169.254.213";

export interface TwoHostTestbed {
  /** The testbed file for --testbed. */
  file: string;
  serverAddress: string;
  hosts: { ns: string; address: string; sshd: number }[];
  dir: string;
  bridge: string;
  teardown(): Promise<void>;
}

/** Why the remote test cannot run here, or null. */
export function remoteUnavailableReason(): string | null {
  if (process.geteuid?.() !== 0) return "needs root (network namespaces, a bridge, sshd)";
  if (!existsSync(SSHD)) return "needs openssh-server (apt-get install -y openssh-server)";
  for (const tool of ["ip", "ssh", "ssh-keygen", "httperf", "idleconn"]) {
    try {
      execFileSync("which", [tool], { stdio: "ignore" });
    } catch {
      return `needs ${tool}`;
    }
  }
  return null;
}

function run(...argv: string[]): string {
  return execFileSync(argv[0]!, argv.slice(1), {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
}

export async function setUpTwoHostTestbed(): Promise<TwoHostTestbed> {
  const tag = String(process.pid % 100_000);
  const bridge = `drbr${tag}`;
  const dir = mkdtempSync(join(tmpdir(), `dispatch-remote-${process.pid}-`));
  const registry = new ChildRegistry(2000);
  const namespaces: string[] = [];
  let bridgeUp = false;
  const teardown = async () => {
    await registry.stopAll();
    for (const ns of namespaces) {
      try {
        run("ip", "netns", "del", ns);
      } catch {
        // already gone
      }
    }
    if (bridgeUp) {
      try {
        run("ip", "link", "del", bridge);
      } catch {
        // already gone
      }
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    run("ip", "link", "add", bridge, "type", "bridge");
    bridgeUp = true;
    run("ip", "addr", "add", `${NET}.1/24`, "dev", bridge);
    run("ip", "link", "set", bridge, "up");
    run(
      "ssh-keygen",
      "-q",
      "-t",
      "ed25519",
      "-N",
      "",
      "-C",
      "dispatch-remote",
      "-f",
      join(dir, "id"),
    );
    writeFileSync(join(dir, "authorized_keys"), readFileSync(join(dir, "id.pub")), { mode: 0o600 });
    mkdirSync("/run/sshd", { recursive: true, mode: 0o755 });
    const hosts: TwoHostTestbed["hosts"] = [];
    for (const i of [1, 2]) {
      const ns = `dispatch-remote-${process.pid}-${i}`;
      const address = `${NET}.${i + 1}`;
      run("ip", "netns", "add", ns);
      namespaces.push(ns);
      const outside = `drv${tag}h${i}`;
      run("ip", "link", "add", outside, "type", "veth", "peer", "name", "eth0", "netns", ns);
      run("ip", "link", "set", outside, "master", bridge);
      run("ip", "link", "set", outside, "up");
      run("ip", "-n", ns, "addr", "add", `${address}/24`, "dev", "eth0");
      run("ip", "-n", ns, "link", "set", "eth0", "up");
      run("ip", "-n", ns, "link", "set", "lo", "up");
      const hostKey = join(dir, `host${i}`);
      run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", hostKey);
      const sshd = await registry.start(`sshd[${i}]`, [
        "ip",
        "netns",
        "exec",
        ns,
        // sshd and what it runs stay off the server's CPU 0, as on a machine of their own.
        "taskset",
        "-c",
        "1",
        SSHD,
        "-D",
        "-e",
        "-f",
        "/dev/null",
        "-o",
        `ListenAddress=${address}`,
        "-o",
        `HostKey=${hostKey}`,
        "-o",
        `AuthorizedKeysFile=${join(dir, "authorized_keys")}`,
        "-o",
        `PidFile=${join(dir, `sshd${i}.pid`)}`,
        "-o",
        "PermitRootLogin=prohibit-password",
        "-o",
        "StrictModes=no",
        "-o",
        "MaxSessions=64",
        "-o",
        "MaxStartups=64",
      ]);
      hosts.push({ ns, address, sshd: sshd.pid });
    }
    // sshd is up once its port accepts connections.
    for (const h of hosts) {
      for (let attempt = 0; ; attempt++) {
        try {
          run("ip", "netns", "exec", h.ns, "sh", "-c", `ss -ltn | grep -q '${h.address}:22 '`);
          break;
        } catch {
          if (attempt > 100) throw new Error(`sshd in ${h.ns} did not start listening`);
          await delay(50);
        }
      }
    }
    const sshOptions = [
      "-i",
      join(dir, "id"),
      "-o",
      "StrictHostKeyChecking=no",
      "-o",
      `UserKnownHostsFile=/dev/null`,
      "-o",
      "LogLevel=ERROR",
    ];
    const file = join(dir, "testbed.yaml");
    writeFileSync(
      file,
      [
        "server:",
        `  address: ${NET}.1`,
        "  cpu: 0",
        "clients:",
        ...hosts.flatMap((h) => [
          `  - ssh: root@${h.address}`,
          "    cpus: [1]",
          `    ssh_options: [${sshOptions.map((o) => JSON.stringify(o)).join(", ")}]`,
        ]),
        "",
      ].join("\n"),
    );
    return { file, serverAddress: `${NET}.1`, hosts, dir, bridge, teardown };
  } catch (error) {
    await teardown();
    throw error;
  }
}
