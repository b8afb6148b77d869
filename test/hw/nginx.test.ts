/**
 * nginx as an hw server (src/runners/hw/server/nginx.ts, for `npm run bench:hw`):
 * started through the child registry on a free loopback port, it serves the
 * 1-byte reply, and once the registry stops it neither the process nor the
 * port is left.
 *
 * test/system-packages.sh installs nginx (its service kept from starting), so
 * under CI this runs; elsewhere it skips, saying so, when nginx is missing.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ChildRegistry } from "../../src/runners/hw/machine/child-processes.js";
import {
  findNginx,
  listeningInodes,
  nginxConfig,
  nginxLauncher,
} from "../../src/runners/hw/server/nginx.js";
import { childrenOfThisProcess, portFree, processAlive } from "./hw-env.js";

describe("nginx config", () => {
  it("is one process on the run's address, epoll, backlog 128, keep-alive without limits", () => {
    const conf = nginxConfig({
      dir: "/tmp/x",
      address: "127.0.0.1",
      port: 8123,
      maxConnections: 500,
    });
    for (const line of [
      "daemon off;",
      "master_process off;",
      "use epoll;",
      "worker_connections 500;",
      "access_log off;",
      "listen 127.0.0.1:8123 backlog=128;",
      "root /tmp/x/www;",
      "keepalive_timeout 3600s;",
      "keepalive_requests 1000000000;",
    ]) {
      expect(conf).toContain(line);
    }
    const closing = nginxConfig({
      dir: "/tmp/x",
      address: "127.0.0.1",
      port: 8123,
      maxConnections: 500,
      closeAfterReply: true,
    });
    expect(closing).toContain("keepalive_timeout 0;");
  });

  it("finds a process's listening sockets in /proc/net/tcp", () => {
    const text =
      "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n" +
      "   0: 0100007F:1FBB 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 4242 1 0 100 0 0 10 0\n" +
      "   1: 0100007F:1FBB 0100007F:9C40 01 00000000:00000000 00:00000000 00000000     0        0 4343 1 0 20 4 30 10 -1\n";
    expect(listeningInodes(text, 0x1fbb)).toEqual(["4242"]);
    expect(listeningInodes(text, 80)).toEqual([]);
  });
});

const nginx = findNginx();

describe.skipIf(nginx === null && !process.env.CI)(
  `nginx launcher${nginx === null ? " (skipped: nginx is not installed — make test installs it as root: bash test/system-packages.sh)" : ""}`,
  () => {
    it("serves the 1-byte reply once, then leaves no process and no bound port", async () => {
      const registry = new ChildRegistry(1000);
      const dir = await mkdtemp(join(tmpdir(), "dispatch-nginx-test-"));
      try {
        const server = await nginxLauncher({ binary: nginx! }).launch({
          registry,
          prefix: [],
          address: "127.0.0.1",
          replyBytes: 1,
          maxConnections: 128,
          dir,
          maxSeconds: 60,
        });
        expect(server.port).toBeGreaterThan(0);
        expect(await portFree(server.port)).toBe(false);
        const reply = await fetch(`http://127.0.0.1:${server.port}/`);
        expect(reply.status).toBe(200);
        expect(await reply.text()).toBe("x");
        await registry.stopAll();
        expect(processAlive(server.pid), "nginx still alive").toBe(false);
        expect(childrenOfThisProcess()).toEqual([]);
        expect(await portFree(server.port), `port ${server.port} still bound`).toBe(true);
      } finally {
        await registry.stopAll();
        await rm(dir, { recursive: true, force: true });
      }
    });
  },
);
