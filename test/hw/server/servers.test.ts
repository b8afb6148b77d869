/**
 * The C micro servers (src/runners/hw/server): built with make, started on a
 * free loopback port per mechanism, spoken to with node:net, stopped with
 * SIGTERM, and judged by their replies and their counters JSON.
 * Every server started here is killed in afterEach if it is still running.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { HW_MECHANISMS } from "../../../src/runners/hw/server/server-process.js";

const SERVER_DIR = "src/runners/hw/server";
const BIN = join(SERVER_DIR, "dispatch-server");
/** Every mechanism of the C servers' registry (mechanisms.def). */
const MECHANISMS = HW_MECHANISMS;
const REPLY_BYTES = 100;
const IO_TIMEOUT_MS = 5000;

interface Counters {
  mechanism: string;
  stopped_by: string;
  dispatch_calls: number;
  events: number;
  sigwaitinfo_calls: number;
  sigio_count: number;
  fallbacks: number;
  fallback_selects: number;
  accepts: number;
  replies: number;
  closes: number;
  read_errors: number;
  fd_setsize_rejects: number;
}

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

interface Server {
  proc: ChildProcess;
  port: number;
  countersPath: string;
  exited: Promise<Exit>;
}

/** The server exited before listening (e.g. status 3: io_uring unavailable). */
class NotListening extends Error {
  constructor(
    readonly exit: Exit,
    readonly stderr: string,
  ) {
    super(`server exited (${exit.code ?? exit.signal}) before listening: ${stderr.trim()}`);
  }
}

let workDir = "";
let serial = 0;
const running = new Set<ChildProcess>();

function exitOf(proc: ChildProcess): Promise<Exit> {
  return new Promise((resolve) => {
    if (proc.exitCode !== null || proc.signalCode !== null) {
      resolve({ code: proc.exitCode, signal: proc.signalCode });
      return;
    }
    proc.once("exit", (code, signal) => resolve({ code, signal }));
  });
}

/** Reads lines from a stream until one matches, or the process exits first. */
function waitForLine(stream: Readable, exited: Promise<Exit>, pattern: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffered = "";
    const onData = (chunk: Buffer) => {
      buffered += chunk.toString("utf8");
      for (const line of buffered.split("\n")) {
        if (pattern.test(line)) {
          stream.off("data", onData);
          resolve(line);
          return;
        }
      }
    };
    stream.on("data", onData);
    exited.then(() => reject(new Error("exited")));
  });
}

async function startServer(
  mechanism: string,
  extra: string[] = [],
  ready: "stdout" | "fd" = "stdout",
): Promise<Server> {
  const countersPath = join(workDir, `counters-${mechanism}-${++serial}.json`);
  const args = ["--mechanism", mechanism, "--port", "0", "--max-seconds", "20"];
  args.push("--reply-bytes", String(REPLY_BYTES), "--counters", countersPath, ...extra);
  if (ready === "fd") args.push("--ready-fd", "3");
  const proc = spawn(BIN, args, { stdio: ["ignore", "pipe", "pipe", "pipe"] });
  running.add(proc);
  const exited = exitOf(proc);
  exited.then(() => running.delete(proc));
  let stderr = "";
  proc.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString("utf8");
  });
  const readyStream = (ready === "fd" ? proc.stdio[3] : proc.stdout) as Readable;
  try {
    const line = await waitForLine(readyStream, exited, /^listening 127\.0\.0\.1:\d+$/);
    return { proc, port: Number(line.split(":")[1]), countersPath, exited };
  } catch {
    throw new NotListening(await exited, stderr);
  }
}

async function stopServer(server: Server): Promise<Counters> {
  server.proc.kill("SIGTERM");
  const exit = await server.exited;
  expect(exit).toEqual({ code: 0, signal: null });
  return JSON.parse(readFileSync(server.countersPath, "utf8")) as Counters;
}

interface Reply {
  status: string;
  contentLength: number;
  connection: string;
  body: Buffer;
}

/** Parses one reply from the front of buf; null until it is complete. */
function takeReply(buf: Buffer): { reply: Reply; rest: Buffer } | null {
  const end = buf.indexOf("\r\n\r\n");
  if (end < 0) return null;
  const lines = buf.subarray(0, end).toString("latin1").split("\r\n");
  const header = (name: string) =>
    lines
      .find((l) => l.toLowerCase().startsWith(`${name}:`))
      ?.slice(name.length + 1)
      .trim() ?? "";
  const contentLength = Number(header("content-length"));
  if (buf.length < end + 4 + contentLength) return null;
  const body = buf.subarray(end + 4, end + 4 + contentLength);
  const reply = { status: lines[0] ?? "", contentLength, connection: header("connection"), body };
  return { reply, rest: buf.subarray(end + 4 + contentLength) };
}

interface Exchange {
  replies: Reply[];
  /** The server ended the connection (FIN or reset) before the client did. */
  closedByServer: boolean;
}

/**
 * One connection: sends the requests one at a time (each after the previous
 * reply; `pipelined`: all at once), then ends the connection itself if the
 * last reply kept it open, else waits for the server to close it.
 */
function exchange(port: number, requests: string[], pipelined = false): Promise<Exchange> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: "127.0.0.1", port });
    const replies: Reply[] = [];
    let pending: Buffer = Buffer.alloc(0);
    let next = 0;
    let clientEnded = false;
    const timer = setTimeout(() => {
      socket.destroy();
      reject(
        new Error(`no complete exchange within ${IO_TIMEOUT_MS} ms (${replies.length} replies)`),
      );
    }, IO_TIMEOUT_MS);
    const finish = (closedByServer: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ replies, closedByServer });
    };
    const sendNext = () => {
      if (pipelined) {
        socket.write(requests.join(""));
        next = requests.length;
      } else if (next < requests.length) {
        socket.write(requests[next++] as string);
      }
    };
    socket.on("connect", sendNext);
    socket.on("data", (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      for (let r = takeReply(pending); r !== null; r = takeReply(pending)) {
        replies.push(r.reply);
        pending = r.rest;
        if (!pipelined) sendNext();
      }
      const last = replies[replies.length - 1];
      if (replies.length === requests.length && last?.connection === "keep-alive") {
        clientEnded = true;
        socket.end();
      }
    });
    socket.on("end", () => finish(!clientEnded));
    socket.on("close", () => finish(false));
    socket.on("error", (err: NodeJS.ErrnoException) => {
      // A server that closes a connection with a request unread resets it.
      if (err.code === "ECONNRESET") finish(!clientEnded);
      else {
        clearTimeout(timer);
        reject(err);
      }
    });
  });
}

const HTTP10 = "GET / HTTP/1.0\r\nUser-Agent: vitest\r\n\r\n";
const KEEP_ALIVE_10 = "GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n";
const HTTP11 = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
const CLOSE_11 = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";

function expectReply(reply: Reply | undefined, bytes: number, connection: string) {
  expect(reply?.status).toBe("HTTP/1.0 200 OK");
  expect(reply?.contentLength).toBe(bytes);
  expect(reply?.body.length).toBe(bytes);
  expect(reply?.connection).toBe(connection);
}

/** Starts a server, or skips the test when its mechanism is unavailable here (exit 3). */
async function startOrSkip(
  mechanism: string,
  skip: (note?: string) => never,
  extra: string[] = [],
): Promise<Server> {
  try {
    return await startServer(mechanism, extra);
  } catch (err) {
    if (err instanceof NotListening && err.exit.code === 3) skip(err.stderr.trim());
    throw err;
  }
}

beforeAll(() => {
  execFileSync("make", ["-C", SERVER_DIR], { stdio: "pipe" });
  workDir = mkdtempSync(join(tmpdir(), "dispatch-server-test-"));
});

afterEach(async () => {
  const left = [...running];
  for (const proc of left) proc.kill("SIGKILL");
  await Promise.all(left.map(exitOf));
});

afterAll(() => {
  if (workDir !== "") rmSync(workDir, { recursive: true, force: true });
});

describe("dispatch-server, every mechanism", () => {
  it.for(MECHANISMS)("%s: HTTP/1.0 and keep-alive requests, then counters", async (mech, ctx) => {
    const server = await startOrSkip(mech, ctx.skip);
    for (let i = 0; i < 3; i++) {
      const once = await exchange(server.port, [HTTP10]);
      expect(once.closedByServer).toBe(true);
      expectReply(once.replies[0], REPLY_BYTES, "close");
    }
    const kept = await exchange(server.port, [KEEP_ALIVE_10, HTTP11, CLOSE_11]);
    expect(kept.replies).toHaveLength(3);
    expectReply(kept.replies[0], REPLY_BYTES, "keep-alive");
    expectReply(kept.replies[1], REPLY_BYTES, "keep-alive");
    expectReply(kept.replies[2], REPLY_BYTES, "close");
    expect(kept.closedByServer).toBe(true);
    const clientCloses = await exchange(server.port, [HTTP11, KEEP_ALIVE_10]);
    expect(clientCloses.replies).toHaveLength(2);
    expect(clientCloses.closedByServer).toBe(false);

    const c = await stopServer(server);
    expect(c.mechanism).toBe(mech);
    expect(c.stopped_by).toBe("signal");
    expect(c.replies).toBe(8);
    expect(c.accepts).toBe(5);
    expect(c.read_errors).toBe(0);
    expect(c.dispatch_calls).toBeGreaterThan(0);
    expect(c.events).toBeGreaterThan(0);
    if (mech === "rtsig") expect(c.sigwaitinfo_calls).toBeGreaterThan(0);
    else expect(c.sigwaitinfo_calls).toBe(0);
  });

  it.for(MECHANISMS)("%s: pipelined 4 MB replies, written in parts", async (mech, ctx) => {
    const big = 4 << 20;
    const server = await startOrSkip(mech, ctx.skip, ["--reply-bytes", String(big)]);
    const got = await exchange(server.port, [HTTP11, KEEP_ALIVE_10, HTTP10], true);
    expect(got.replies).toHaveLength(3);
    expectReply(got.replies[0], big, "keep-alive");
    expectReply(got.replies[2], big, "close");
    expect(got.closedByServer).toBe(true);
    const c = await stopServer(server);
    expect(c.replies).toBe(3);
  });
});

/**
 * Overflows an 8-entry RT signal queue (the server stopped while 64
 * connections arrive and send their requests), lets the server recover,
 * then sends one more request; returns the server's counters.
 */
async function overflowAndRecover(extraArgs: string[] = []): Promise<Counters> {
  const server = await startServer("rtsig", ["--queue-limit", "8", ...extraArgs]);
  // Stopped, the server dequeues nothing: 64 completed connections queue 64
  // listen signals against a limit of 8, so the kernel raises SIGIO.
  server.proc.kill("SIGSTOP");
  const connected: Promise<net.Socket>[] = [];
  for (let i = 0; i < 64; i++) {
    connected.push(
      new Promise((resolve, reject) => {
        const s = net.connect({ host: "127.0.0.1", port: server.port }, () => resolve(s));
        s.on("error", reject);
      }),
    );
  }
  const sockets = await Promise.all(connected);
  const answers = sockets.map(
    (s) =>
      new Promise<Reply | null>((resolve) => {
        let buf: Buffer = Buffer.alloc(0);
        s.on("data", (chunk: Buffer) => {
          buf = Buffer.concat([buf, chunk]);
        });
        s.on("close", () => resolve(takeReply(buf)?.reply ?? null));
        s.setTimeout(IO_TIMEOUT_MS, () => s.destroy());
        s.write(HTTP10);
      }),
  );
  await new Promise((r) => setTimeout(r, 200)); // let the kernel queue every signal
  server.proc.kill("SIGCONT");
  const replies = await Promise.all(answers);
  for (const r of replies) expectReply(r ?? undefined, REPLY_BYTES, "close");

  const after = await exchange(server.port, [HTTP10]); // back on RT signals
  expect(after.replies).toHaveLength(1);
  return stopServer(server);
}

describe("dispatch-server, rtsig overflow", () => {
  it("SIGIO on a full queue, fallback to multi-accept select, every request answered", async () => {
    const c = await overflowAndRecover();
    expect(c.sigio_count).toBeGreaterThanOrEqual(1);
    expect(c.fallbacks).toBe(c.sigio_count);
    expect(c.accepts).toBe(65);
    expect(c.replies).toBe(65);
    // R1's default (docs/model-rules.md): one select() pass per overflow, then sigwaitinfo().
    expect(c.fallback_selects).toBe(c.fallbacks);
  });

  it("--fallback-exit until-caught-up stays in the fallback while connections wait", async () => {
    const c = await overflowAndRecover(["--fallback-exit", "until-caught-up"]);
    expect(c.replies).toBe(65);
    // The first pass finds 64 connections waiting on the listen socket: at least one more select().
    expect(c.fallback_selects).toBeGreaterThan(c.fallbacks);
  });
});

describe("dispatch-server, limits and lifecycle", () => {
  it("refuses connections past --select-setsize cleanly and counts them", async () => {
    const server = await startServer("select", ["--select-setsize", "16"]);
    // Keep-alive connections stay open, so descriptors pile up past the bitmaps.
    const results = await Promise.all(
      Array.from({ length: 20 }, () => exchange(server.port, [KEEP_ALIVE_10, KEEP_ALIVE_10])),
    );
    const served = results.filter((r) => r.replies.length === 2).length;
    const refused = results.filter((r) => r.replies.length === 0 && r.closedByServer).length;
    expect(served + refused).toBe(20);
    expect(refused).toBeGreaterThan(0);
    const later = await exchange(server.port, [HTTP10]);
    expectReply(later.replies[0], REPLY_BYTES, "close");
    const c = await stopServer(server);
    expect(c.fd_setsize_rejects).toBe(refused);
    expect(c.replies).toBe(2 * served + 1);
  });

  it("stops by itself after --max-seconds, writes counters, frees its port", async () => {
    const server = await startServer("epoll", ["--max-seconds", "0.5"], "fd");
    expect((await exchange(server.port, [HTTP10])).replies).toHaveLength(1);
    expect(await server.exited).toEqual({ code: 0, signal: null });
    const c = JSON.parse(readFileSync(server.countersPath, "utf8")) as Counters;
    expect(c.stopped_by).toBe("max-seconds");
    expect(c.replies).toBe(1);
    const probe = net.createServer();
    await new Promise<void>((resolve, reject) => {
      probe.once("error", reject);
      probe.listen(server.port, "127.0.0.1", () => resolve());
    });
    await new Promise((r) => probe.close(r));
  });

  it.each([
    [["--mechanism", "kqueue"], /unknown mechanism 'kqueue'/],
    [["--mechanism", "epoll", "--address", "0.0.0.0"], /only 127\.0\.0\.1 is allowed/],
    [["--mechanism", "epoll", "--port", "70000"], /--port must be an integer/],
    [["--port", "0"], /--mechanism is required/],
  ])("bad command line %j: one line on stderr, exit 2", async (args, message) => {
    const proc = spawn(BIN, args, { stdio: ["ignore", "pipe", "pipe"] });
    running.add(proc);
    let stderr = "";
    proc.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString("utf8");
    });
    expect(await exitOf(proc)).toEqual({ code: 2, signal: null });
    expect(stderr.trim().split("\n")).toHaveLength(1);
    expect(stderr).toMatch(message);
  });
});

describe("dispatch-server, measurement window and stopping (issue 13)", () => {
  it.for(MECHANISMS)(
    "%s: SIGUSR1/SIGUSR2 mark a window whose counts go out beside the whole run's",
    async (mech, ctx) => {
      const server = await startOrSkip(mech, ctx.skip);
      for (let i = 0; i < 2; i++) await exchange(server.port, [HTTP10]);
      server.proc.kill("SIGUSR1");
      await new Promise((r) => setTimeout(r, 50));
      for (let i = 0; i < 3; i++) await exchange(server.port, [HTTP10]);
      await new Promise((r) => setTimeout(r, 50));
      server.proc.kill("SIGUSR2");
      await new Promise((r) => setTimeout(r, 50));
      await exchange(server.port, [HTTP10]);
      const c = (await stopServer(server)) as Counters & {
        window: Counters & { window_s: number };
      };
      expect(c.replies).toBe(6);
      expect([c.window.replies, c.window.accepts]).toEqual([3, 3]);
      expect(c.window.window_s).toBeGreaterThan(0.05);
      expect(c.window.dispatch_calls).toBeGreaterThan(0);
      expect(c.window.dispatch_calls).toBeLessThan(c.dispatch_calls);
    },
  );

  it.for(MECHANISMS)(
    "%s: --max-seconds stops it though its waits have no timeout",
    async (mech, ctx) => {
      const started = performance.now();
      const server = await startOrSkip(mech, ctx.skip, ["--max-seconds", "0.4"]);
      expect(await server.exited).toEqual({ code: 0, signal: null });
      expect(performance.now() - started).toBeLessThan(3000);
      const c = JSON.parse(readFileSync(server.countersPath, "utf8")) as Counters;
      expect(c.stopped_by).toBe("max-seconds");
      // No timeout: the idle server made its first wait and slept in it until the alarm.
      expect(c.dispatch_calls).toBeLessThanOrEqual(1);
    },
  );

  it("out of descriptors (EMFILE): backs off instead of spinning, counts the errors, and still stops on SIGTERM", async () => {
    const countersPath = join(workDir, `counters-emfile-${++serial}.json`);
    const proc = spawn(
      "prlimit",
      ["--nofile=16", BIN, "--mechanism", "select", "--port", "0", "--counters", countersPath],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    running.add(proc);
    const exited = exitOf(proc);
    const line = await waitForLine(proc.stdout as Readable, exited, /^listening 127\.0\.0\.1:\d+$/);
    const port = Number(line.split(":")[1]);
    // 30 connections for a server that can hold 16 descriptors: the rest wait in the listen queue.
    const sockets = await Promise.all(
      Array.from(
        { length: 30 },
        () =>
          new Promise<net.Socket>((resolve, reject) => {
            const s = net.connect(port, "127.0.0.1", () => resolve(s));
            s.once("error", reject);
          }),
      ),
    );
    const cpuS = () => {
      const f = readFileSync(`/proc/${proc.pid}/stat`, "utf8").split(") ")[1]!.split(" ");
      return (Number(f[11]) + Number(f[12])) / 100;
    };
    await new Promise((r) => setTimeout(r, 200));
    const before = cpuS();
    await new Promise((r) => setTimeout(r, 1000));
    // A spinning level-triggered server would use the whole second.
    expect(cpuS() - before).toBeLessThan(0.2);
    proc.kill("SIGTERM");
    expect(await exited).toEqual({ code: 0, signal: null });
    for (const s of sockets) s.destroy();
    const c = JSON.parse(readFileSync(countersPath, "utf8")) as Counters & {
      accept_errors: number;
    };
    expect(c.stopped_by).toBe("signal");
    expect(c.accept_errors).toBeGreaterThan(0);
  });
});
