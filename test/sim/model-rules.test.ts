/**
 * Model rules (docs/model-rules.md): a model key names the profile and the
 * rules that differ; given a mechanism, only the rules that act on it, which
 * is safe only if no other mechanism reads them — checked here by simulation.
 */
import { describe, expect, it } from "vitest";
import { MECHANISMS, type Mechanism, MODEL_RULE_VARIANTS } from "../../src/manifest/schema.js";
import type { PointSpec } from "../../src/results/types.js";
import {
  DEFAULT_RULES,
  type ModelRules,
  modelKey,
  parseModelKey,
  RULE_MECHANISMS,
} from "../../src/runners/sim/model-rules.js";
import { SIM_MECHANISMS, simulatePoint } from "../../src/runners/sim/run-point.js";

const PROFILE = "piii-400-linux-2.4";

function spec(mechanism: Mechanism): PointSpec {
  return {
    workload: "idle-burst",
    mechanism,
    connections: 0,
    idle: 300,
    rate: 2600,
    reply_bytes: 1,
    duration_s: 2,
    warmup_s: 0.5,
    client_timeout_s: 1,
    seed: 1,
  };
}

describe("model keys", () => {
  it("name the profile and the rules that differ, and parse back", () => {
    const rules: Partial<ModelRules> = {
      devpoll_listen_position: "middle",
      rtsig_fallback_exit: "until-caught-up",
    };
    const key = modelKey(PROFILE, rules);
    expect(key).toBe(
      `${PROFILE}+devpoll_listen_position=middle+rtsig_fallback_exit=until-caught-up`,
    );
    expect(parseModelKey(key)).toEqual({ profile: PROFILE, rules: { ...DEFAULT_RULES, ...rules } });
    expect(modelKey(PROFILE, DEFAULT_RULES)).toBe(PROFILE);
  });

  it("keep only the rules that act on the mechanism", () => {
    const rules: Partial<ModelRules> = { rtsig_fallback_exit: "until-caught-up" };
    expect(modelKey(PROFILE, rules, "select-ma")).toBe(PROFILE);
    expect(modelKey(PROFILE, rules, "rtsig")).toBe(
      `${PROFILE}+rtsig_fallback_exit=until-caught-up`,
    );
  });

  it("a rule's other variants leave every mechanism it does not act on unchanged", () => {
    // The paper's profile simulates the 2001 mechanisms (epoll and io_uring need a modern one).
    const simulated = MECHANISMS.filter(
      (m) =>
        (SIM_MECHANISMS as readonly string[]).includes(m) &&
        !["epoll", "epoll-et", "io_uring"].includes(m),
    );
    for (const name of Object.keys(MODEL_RULE_VARIANTS) as (keyof ModelRules)[]) {
      for (const mechanism of simulated) {
        if (RULE_MECHANISMS[name].includes(mechanism)) continue;
        const base = simulatePoint(spec(mechanism)).metrics;
        for (const variant of MODEL_RULE_VARIANTS[name].slice(1)) {
          const key = `${PROFILE}+${name}=${variant}`;
          expect(simulatePoint(spec(mechanism), key).metrics, `${mechanism} under ${key}`).toEqual(
            base,
          );
        }
      }
    }
  });
});
