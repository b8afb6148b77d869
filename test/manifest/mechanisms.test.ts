/**
 * One registry per side: the simulator's (src/runners/sim/mechanisms/
 * registry.ts) and the C servers' (src/runners/hw/server/mechanisms.def).
 * The shared vocabulary of manifests (MECHANISMS in the schema) is exactly
 * their union, so a mechanism added to either side and forgotten in the
 * vocabulary — or a vocabulary id no runner implements — fails here, saying
 * which.
 */
import { describe, expect, it } from "vitest";
import { MECHANISMS } from "../../src/manifest/schema.js";
import { HW_MECHANISMS } from "../../src/runners/hw/server/server-process.js";
import { SIM_MECHANISMS } from "../../src/runners/sim/run-point.js";

describe("mechanism registries", () => {
  it("the vocabulary is exactly the simulator's and the C servers' mechanisms", () => {
    const implemented = new Set([...SIM_MECHANISMS, ...HW_MECHANISMS]);
    expect([...MECHANISMS].filter((m) => !implemented.has(m))).toEqual([]);
    expect([...implemented].filter((m) => !MECHANISMS.includes(m))).toEqual([]);
  });

  it("reads both registries: the paper's 2.4 patches are simulator-only", () => {
    expect(HW_MECHANISMS).toEqual([
      "select",
      "select-ma",
      "poll",
      "epoll",
      "epoll-et",
      "rtsig",
      "io_uring",
    ]);
    // The simulator has every mechanism: the 2.4 patches and, for a modern profile, today's.
    expect(SIM_MECHANISMS).toEqual([
      "select",
      "select-ma",
      "poll",
      "devpoll",
      "rtsig",
      "rtsig-perfd",
      "epoll",
      "epoll-et",
      "io_uring",
    ]);
  });
});
