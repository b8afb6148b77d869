/**
 * A client host of a testbed, over one SSH connection (OpenSSH's
 * ControlMaster: every command shares it, ~10 ms per command instead of a
 * handshake each). A load process is started as
 *
 *   ssh -S CTL DEST -- 'echo dispatch-pid $$ >&2; ulimit -n 4096;
 *                        exec timeout -s KILL T taskset -c CPUS PROGRAM ARGS…'
 *
 * so the remote pid is known (first stderr line: timeout's, which passes
 * signals on to the program and leads a process group of its own) and the
 * process is signalled and stopped by pid over the same connection. The local
 * ssh client is the run's child (its exit is the process's exit, its output
 * httperf's report); killing it alone would leave the remote process
 * running, so the registry's pre-stop step kills every remote process first,
 * on success, failure and Ctrl-C, and `timeout -s KILL` bounds each one
 * should this machine die without running any hook. A master that exits
 * (a dead link) fails the run with a clear error (run-point's watchdog).
 */
import { execa } from "execa";
import { parseTcpSnmp } from "../load/tcp-counters.js";
import type { ChildRegistry, ManagedChild } from "../machine/child-processes.js";
import { HwPointError } from "../point/types.js";
import type { LoadHost } from "./load-host.js";
import type { ClientHost } from "./testbed-file.js";

/** A command over the master: this long at most (a dead link stops the run, not a hang). */
const COMMAND_TIMEOUT_MS = 10_000;

/** How long the master may take to connect. */
const CONNECT_TIMEOUT_S = 10;

const PID_LINE = /^dispatch-pid (\d+)$/m;

/** Quotes one word for the remote POSIX shell. */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

/** The remote shell command that reports its pid, raises its descriptor limit and execs `argv`. */
export function remoteCommand(
  argv: readonly string[],
  cpus: readonly number[],
  maxSeconds: number,
): string {
  const exec = [
    "timeout",
    "-s",
    "KILL",
    String(Math.ceil(maxSeconds)),
    "taskset",
    "-c",
    cpus.join(","),
    ...argv,
  ];
  return `echo dispatch-pid $$ >&2; ulimit -n 4096 2>/dev/null; exec ${exec.map(shellQuote).join(" ")}`;
}

export interface SshHostOptions {
  /** Directory for the control socket (the run's temp dir: removed with it). */
  dir: string;
  /** Every remote process is killed after this long whatever happens here. */
  maxSeconds: number;
  /** Places the local ssh processes (taskset to CPUs other than the server's). */
  localPrefix?: readonly string[];
  log?: (line: string) => void;
}

/** Connects to `client` (ControlMaster) and returns it as a load host. */
export async function sshHost(
  registry: ChildRegistry,
  client: ClientHost,
  index: number,
  o: SshHostOptions,
): Promise<LoadHost> {
  const control = `${o.dir}/ssh-${index}.ctl`;
  const base = ["-o", "BatchMode=yes", ...client.ssh_options];
  const viaMaster = ["ssh", ...base, "-S", control];
  const local = o.localPrefix ?? [];
  const master = await registry.start(`ssh-master[${client.ssh}]`, [
    ...local,
    "ssh",
    ...base,
    "-M",
    "-S",
    control,
    "-N",
    "-o",
    "ControlPersist=no",
    "-o",
    `ConnectTimeout=${CONNECT_TIMEOUT_S}`,
    "-o",
    "ServerAliveInterval=2",
    "-o",
    "ServerAliveCountMax=3",
    client.ssh,
  ]);
  // One command over the master, bounded in time (a dead link stops the run, never hangs it).
  const overMaster = (args: readonly string[]) =>
    execa(viaMaster[0]!, [...viaMaster.slice(1), ...args], {
      reject: false,
      timeout: COMMAND_TIMEOUT_MS,
      stdin: "ignore",
    });
  const remote = async (command: string): Promise<string> => {
    const r = await overMaster([client.ssh, "--", command]);
    if (r.exitCode !== 0) {
      throw new HwPointError(
        `ssh ${client.ssh}: '${command}' failed: ${String(r.stderr ?? "").trim() || r.message}`,
      );
    }
    return String(r.stdout ?? "");
  };
  // Connected once a command goes through the master.
  const started = performance.now();
  for (;;) {
    if (master.exitedAtMs !== null) {
      const r = await master.exit;
      throw new HwPointError(
        `cannot connect to client host ${client.ssh}: ${String(r.stderr ?? "").trim() || `ssh exited with ${r.exitCode}`}`,
      );
    }
    const check = await overMaster(["-O", "check", client.ssh]);
    if (check.exitCode === 0) break;
    if (performance.now() - started > (CONNECT_TIMEOUT_S + 5) * 1000) {
      throw new HwPointError(
        `cannot connect to client host ${client.ssh} within ${CONNECT_TIMEOUT_S + 5} s`,
      );
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  o.log?.(`hw: client host ${client.ssh} connected (CPUs ${client.cpus.join(",")})`);

  const pids = new Map<ManagedChild, Promise<number>>();
  // Before the local children stop (the master among them): every remote process, by pid.
  registry.addPreStop(async () => {
    const all = (await Promise.allSettled([...pids.values()]))
      .filter((p): p is PromiseFulfilledResult<number> => p.status === "fulfilled")
      .map((p) => p.value);
    if (all.length === 0 || master.exitedAtMs !== null) return;
    // timeout(1) leads a process group of its own: the group is the load process and its child.
    const groups = all.map((pid) => `-${pid}`).join(" ");
    await remote(
      `kill -TERM -- ${groups} 2>/dev/null; sleep 0.5; kill -KILL -- ${groups} 2>/dev/null; true`,
    ).catch(() => {});
  });

  return {
    label: client.ssh,
    link: master,
    async start(name, argv) {
      const child = await registry.start(name, [
        ...local,
        ...viaMaster,
        client.ssh,
        "--",
        remoteCommand(argv, client.cpus, o.maxSeconds),
      ]);
      const pid = new Promise<number>((resolve, reject) => {
        let seen = "";
        child.subprocess.stderr.on("data", (chunk: Buffer) => {
          seen += chunk.toString();
          const m = PID_LINE.exec(seen);
          if (m) resolve(Number(m[1]));
        });
        void child.exit.then(() =>
          reject(new HwPointError(`${name} on ${client.ssh} exited before it started`)),
        );
      });
      pid.catch(() => {});
      pids.set(child, pid);
      return child;
    },
    async signal(child, signal) {
      const pid = await pids.get(child);
      if (pid === undefined || child.exitedAtMs !== null) return;
      await remote(`kill -${signal.replace(/^SIG/, "")} ${pid} 2>/dev/null; true`);
    },
    async activeOpens() {
      try {
        return parseTcpSnmp(await remote("cat /proc/net/snmp")).get("ActiveOpens") ?? null;
      } catch {
        return null;
      }
    },
  };
}
