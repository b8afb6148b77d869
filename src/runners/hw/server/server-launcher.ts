/**
 * What runHwPoint runs as "the server": a launcher that starts one server
 * process through the run's child registry (so it is stopped on success,
 * failure and Ctrl-C like every other child) and says where it listens.
 *
 * runHwPoint owns everything around it — placement (the `prefix` pins the
 * server to its CPU and raises RLIMIT_NOFILE; under --link it also enters the
 * server's network namespace), idle connections, httperf, CPU accounting —
 * so the same orchestration measures the C micro servers (the default,
 * `dispatchServerLauncher`) and an external server such as nginx
 * (./nginx.ts, for `npm run bench:hw`).
 */
import { type ChildRegistry, type ManagedChild, signalChild } from "../machine/child-processes.js";
import {
  type HwMechanism,
  readWindowCounters,
  type ServerCounters,
  startServer,
  stopServer,
} from "./server-process.js";

export interface ServerLaunchContext {
  registry: ChildRegistry;
  /** Command prefix: [ip netns exec NS] taskset -c CPU prlimit --nofile=… -- */
  prefix: readonly string[];
  /** Address to listen on: 127.0.0.1, or the server end of the veth under --link. */
  address: string;
  replyBytes: number;
  /** Connections the server must be able to hold at once (idle + persistent + in flight + slack). */
  maxConnections: number;
  /** The run's private temp dir (removed when the run ends). */
  dir: string;
  /** The server should stop by itself after this long: a last guard against a lost server. */
  maxSeconds: number;
  /**
   * One connection per request (idle-burst): reply, then close at once, as
   * the paper's HTTP/1.0 servers did (httperf 0.9.0 asks for keep-alive even
   * with --http-version=1.0, so the C server is told with --close-after-reply).
   */
  closeAfterReply?: boolean;
}

export interface LaunchedServer {
  /** The process whose CPU time is the server's and whose descriptors hold its connections. */
  child: ManagedChild;
  pid: number;
  address: string;
  port: number;
  /**
   * Stops the server (through the registry) and returns its counters, or
   * null for a server that keeps none. Throws if it had already died.
   */
  stop(graceMs: number): Promise<ServerCounters | null>;
  /**
   * Marks the measurement window's start or end: the server snapshots its
   * counters there (SIGUSR1, SIGUSR2). Absent for a server that keeps none.
   */
  markWindow?(edge: "start" | "end"): void;
  /**
   * The counters as the server wrote them at the end of its `windows`-th
   * window (whole life so far and that window). Absent with markWindow.
   */
  windowCounters?(windows: number): Promise<ServerCounters>;
}

export interface ServerLauncher {
  /** For progress lines and tables: "epoll server", "nginx 1.22.1". */
  readonly label: string;
  launch(ctx: ServerLaunchContext): Promise<LaunchedServer>;
}

export interface DispatchServerLauncherOptions {
  binary: string;
  mechanism: HwMechanism;
  /** rtsig: RLIMIT_SIGPENDING (the server's default is 1024). */
  queueLimit?: number;
}

/** The C micro server (./server/dispatch-server), one mechanism. */
export function dispatchServerLauncher(o: DispatchServerLauncherOptions): ServerLauncher {
  return {
    label: `${o.mechanism} server`,
    async launch(ctx) {
      const server = await startServer(ctx.registry, {
        binary: o.binary,
        mechanism: o.mechanism,
        replyBytes: ctx.replyBytes,
        ...(o.queueLimit !== undefined ? { queueLimit: o.queueLimit } : {}),
        // Only passed when not the default, so the command line stays as it was.
        ...(ctx.address !== "127.0.0.1" ? { address: ctx.address } : {}),
        ...(ctx.closeAfterReply ? { closeAfterReply: true } : {}),
        countersFile: `${ctx.dir}/counters.json`,
        maxSeconds: ctx.maxSeconds,
        prefix: ctx.prefix,
      });
      return {
        child: server.child,
        pid: server.pid,
        address: server.address,
        port: server.port,
        stop: (graceMs) => stopServer(ctx.registry, server, graceMs),
        markWindow: (edge) => signalChild(server.child, edge === "start" ? "SIGUSR1" : "SIGUSR2"),
        windowCounters: (windows) => readWindowCounters(server, windows),
      };
    },
  };
}
