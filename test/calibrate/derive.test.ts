/**
 * The committed modern profile comes from its raw measurements alone: its
 * constants are derived again here from the raw numbers it keeps, and the
 * three fitted constants reproduce the server points they were fitted
 * to (and nothing else is fitted).
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { deriveProfile } from "../../src/calibrate/derive.js";
import type { CalibratedProfileFile } from "../../src/calibrate/profile-file.js";
import { costProfileOf, profileVersion } from "../../src/runners/sim/costs/profiles.js";

const file = JSON.parse(readFileSync("data/profiles/modern.json", "utf8")) as CalibratedProfileFile;

describe("data/profiles/modern.json", () => {
  const derived = deriveProfile(file.raw);

  it("its constants are derived again from its raw numbers", () => {
    expect(derived.constants).toEqual(file.constants);
    expect(derived.fit).toEqual(file.fit);
  });

  it("the fit reproduces the two points of the first fit (CPU 0, within 1 % under the final select() scale) and the slope of the second", () => {
    for (const name of ["request-path", "select-base"]) {
      const measured = file.fit[`${name}_cpu_pct_measured`] as number;
      const model = file.fit[`${name}_cpu_pct_model`] as number;
      expect(Math.abs(model / measured - 1), name).toBeLessThan(0.01);
    }
    const slope = file.fit.select_us_per_idle_per_reply_model as number;
    expect(slope / (file.fit.select_us_per_idle_per_reply_measured as number)).toBeCloseTo(1, 2);
  });

  it("the microbenchmark terms are copied, not fitted", () => {
    const m = file.raw.microbench;
    expect(file.constants.syscallUs).toBeCloseTo(m.null_syscall_us, 4);
    expect(file.constants.sigwaitinfoUs).toBeCloseTo(m.sigwaitinfo_us, 4);
    expect(file.constants.epollWaitUs).toBeCloseTo(m.epoll_wait_empty_us, 4);
    expect(file.constants.epollCtlAddUs).toBeCloseTo(m.epoll_ctl_add_us, 4);
    expect(file.constants.oneWayLatencyUs).toBeCloseTo(m.loopback_round_trip_cross_cpu_us / 2, 4);
  });

  it("states the modern machine's shape: no receive work on the server's CPU, the server closes first", () => {
    expect(file.constants.rxDataUs + file.constants.rxSynUs + file.constants.rxFinUs).toBe(0);
    expect(file.constants.serverClosesAfterReply).toBe(true);
    expect(file.provenance.machine).toContain("boot=");
  });

  it("loads by name, and its version changes with its constants", () => {
    const profile = costProfileOf("modern");
    expect(profile.epollWaitUs).toBe(file.constants.epollWaitUs);
    expect(profileVersion("modern")).toMatch(/^modern@[0-9a-f]{12}$/);
    expect(profileVersion("piii-400-linux-2.4")).toBe("piii-400-linux-2.4");
  });

  it("an unknown profile is a one-line error naming the known ones and how to make one", () => {
    expect(() => costProfileOf("no-such-profile")).toThrow(
      /unknown cost profile 'no-such-profile' \(known: piii-400-linux-2\.4, modern; a new one: dispatch-repro calibrate --profile no-such-profile\)/,
    );
  });
});

describe("deriving from other numbers", () => {
  it("a per-descriptor slope half as steep halves select()'s per-descriptor scale", () => {
    const raw = structuredClone(file.raw);
    const base = deriveProfile(raw);
    for (const p of raw.server_points) {
      if (p.role === "select-idle") {
        const baseCpu = file.fit["select-base_cpu_pct_measured"] as number;
        p.cpu_pct = baseCpu + 0.5 * (p.cpu_pct - baseCpu);
      }
    }
    // (Steeper would push the 4000-idle point past saturation, where no slope is linear.)
    const flatter = deriveProfile(raw);
    const ratio = (flatter.fit.select_scale as number) / (base.fit.select_scale as number);
    expect(ratio).toBeGreaterThan(0.45);
    expect(ratio).toBeLessThan(0.55);
  });

  it("refuses numbers that leave no per-request path", () => {
    const raw = structuredClone(file.raw);
    for (const p of raw.server_points) if (p.role === "request-path") p.cpu_pct = 0.1;
    expect(() => deriveProfile(raw)).toThrow(/leaves no per-request path/);
  });
});
