/**
 * Before its first run the hw runner checks the server (prepareServer): it
 * is current with its sources and build configuration, and can run every
 * mechanism the runs use — never a failure minutes into a sweep. A server
 * built before liburing was installed is stale (its build-config changed).
 * Builds a copy of the server, so the repository's binary is not touched.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { prepareServer, serverDir, serverIsCurrent } from "../../src/runners/hw/runner.js";

const copy = mkdtempSync(join(tmpdir(), "dispatch-server-"));
cpSync(serverDir(), copy, {
  recursive: true,
  filter: (src) => !/dispatch-server(\.tmp\..*)?$|build-config/.test(src),
});
afterAll(() => rmSync(copy, { recursive: true, force: true }));

const withLiburing =
  spawnSync("sh", ["-c", "echo '#include <liburing.h>' | cc -E -x c - >/dev/null 2>&1"]).status ===
  0;

describe("the hw server before the first run", () => {
  it("a server built without liburing, now that liburing is there, is stale: one clear error, no build", async () => {
    if (!withLiburing) throw new Error("liburing-dev is not installed (test/system-packages.sh)");
    execFileSync("make", ["-s", "-C", copy, "HAVE_LIBURING=no"], { stdio: "ignore" });
    const direct = spawnSync(
      join(copy, "dispatch-server"),
      ["--mechanism", "io_uring", "--check"],
      {
        encoding: "utf8",
      },
    );
    expect(direct.status).toBe(3);
    expect(direct.stderr).toMatch(/built without liburing/);
    expect(serverIsCurrent(copy)).toBe(false);
    await expect(prepareServer(["io_uring"], { build: false, dir: copy })).rejects.toThrow(
      /older than its sources or build configuration: run 'make server'/,
    );
  });

  it("building brings it up to date, and every mechanism the runs use is checked", async () => {
    await prepareServer(["select", "epoll", "rtsig", "io_uring"], { build: true, dir: copy });
    expect(serverIsCurrent(copy)).toBe(true);
    const io = spawnSync(join(copy, "dispatch-server"), ["--mechanism", "io_uring", "--check"], {
      encoding: "utf8",
    });
    expect([io.status, io.stdout.trim()]).toEqual([0, "io_uring: available"]);
  });

  it("a mechanism the server does not have stops the run before it starts, naming it", async () => {
    await expect(prepareServer(["select", "devpoll"], { build: false, dir: copy })).rejects.toThrow(
      /the hw server cannot run devpoll \(unknown mechanism 'devpoll'.*nothing measured/,
    );
  });
});
