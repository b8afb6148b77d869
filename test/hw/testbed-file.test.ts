/**
 * The testbed file: what it accepts, and bad input as one line per problem
 * with file:line:column; the remote command line a client host runs.
 */
import { describe, expect, it } from "vitest";
import { remoteCommand, shellQuote } from "../../src/runners/hw/testbed/ssh-host.js";
import { parseTestbed, serverAddressProblem } from "../../src/runners/hw/testbed/testbed-file.js";

const VALID = `server:
  address: 169.254.10.1
  cpu: 0
clients:
  - ssh: root@169.254.10.2
    cpus: [0, 1]
    ssh_options: ["-i", "/root/.ssh/bench"]
  - ssh: bench@169.254.10.3
    cpus: [2]
`;

describe("testbed file", () => {
  it("reads the server and the client hosts, with defaults", () => {
    const t = parseTestbed(VALID, "testbed.yaml");
    expect(t.testbed.server).toEqual({ address: "169.254.10.1", cpu: 0 });
    expect(t.testbed.clients.map((c) => c.ssh)).toEqual([
      "root@169.254.10.2",
      "bench@169.254.10.3",
    ]);
    expect(t.testbed.clients[1]?.ssh_options).toEqual([]);
    expect(t.hash).toMatch(/^[0-9a-f]{16}$/);
  });

  it("refuses a routable or wildcard server address, saying where", () => {
    expect(() => parseTestbed(VALID.replace("169.254.10.1", "0.0.0.0"), "tb.yaml")).toThrow(
      /^tb\.yaml:2:12: server\.address: the server listens only on 127\.0\.0\.1 or a link-local/,
    );
    expect(serverAddressProblem("10.0.0.1")).not.toBeNull();
    expect(serverAddressProblem("169.254.169.254")).not.toBeNull();
    expect(serverAddressProblem("127.0.0.1")).toBeNull();
  });

  it("reports every problem, one line each: an unknown key, no CPUs", () => {
    const bad = VALID.replace("    cpus: [2]\n", "    cpus: []\n    user: x\n");
    let message = "";
    try {
      parseTestbed(bad, "tb.yaml");
    } catch (e) {
      message = (e as Error).message;
    }
    const lines = message.split("\n");
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(line).toMatch(/^tb\.yaml:\d+:\d+: clients\[1\]/);
  });

  it("says where a YAML syntax error is", () => {
    expect(() => parseTestbed("server: [\n", "tb.yaml")).toThrow(
      /^tb\.yaml:\d+:\d+: YAML syntax error/,
    );
  });
});

describe("remote command", () => {
  it("reports its pid, pins the CPUs, bounds the time, and quotes every word", () => {
    const cmd = remoteCommand(["httperf", "--uri=/a b", "--rate=100"], [1, 2], 90.2);
    expect(cmd).toBe(
      "echo dispatch-pid $$ >&2; ulimit -n 4096 2>/dev/null; exec timeout -s KILL 91 taskset -c 1,2 httperf '--uri=/a b' --rate=100",
    );
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
  });
});
