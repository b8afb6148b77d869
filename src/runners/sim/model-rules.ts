/**
 * The model's unstated rules as options (docs/model-rules.md): a manifest
 * may pick a variant for a whole experiment (`runners.sim.rules`), e.g. for
 * an ablation. A point's model is named by one key — the cost profile, then
 * every rule that differs from its default — which travels wherever the
 * profile id did: the cache key, provenance, `point --profile`, plan/import.
 *
 *   piii-400-linux-2.4
 *   piii-400-linux-2.4+rtsig_fallback_exit=until-caught-up
 */
import {
  MECHANISMS,
  type Mechanism,
  MODEL_RULE_VARIANTS,
  type ModelRuleName,
} from "../../manifest/schema.js";

export type ModelRules = { [R in ModelRuleName]: (typeof MODEL_RULE_VARIANTS)[R][number] };

/** The defaults, chosen from the sources (docs/model-rules.md): each rule's first variant. */
export const DEFAULT_RULES: ModelRules = Object.fromEntries(
  (Object.keys(MODEL_RULE_VARIANTS) as ModelRuleName[]).map((name) => [
    name,
    MODEL_RULE_VARIANTS[name][0],
  ]),
) as ModelRules;

/** Why a model key is malformed. */
export class ModelKeyError extends Error {
  override name = "ModelKeyError";
}

/** The mechanisms each rule acts on (the file that reads it): a rule no other file reads. */
export const RULE_MECHANISMS: Record<ModelRuleName, readonly Mechanism[]> = {
  rtsig_fallback_exit: ["rtsig", "rtsig-perfd"],
  rtsig_overflow_queue: ["rtsig", "rtsig-perfd"],
  devpoll_waiter: ["devpoll"],
  devpoll_busy_walk: ["devpoll"],
  devpoll_listen_position: ["devpoll"],
  devpoll_accept_read: ["devpoll"],
  // The clients' schedule: every mechanism's load.
  client_phases: MECHANISMS,
};

/**
 * "profile" plus each rule that differs from its default, in name order.
 * Given a mechanism, only the rules that act on it: a point of multi-accept
 * select is the same simulation under any RT-signal rule (one cache entry).
 */
export function modelKey(
  profile: string,
  rules: Partial<ModelRules> = {},
  mechanism?: Mechanism,
): string {
  const parts = (Object.keys(MODEL_RULE_VARIANTS) as (keyof ModelRules)[])
    .sort()
    .filter((name) => mechanism === undefined || RULE_MECHANISMS[name].includes(mechanism))
    .filter((name) => rules[name] !== undefined && rules[name] !== DEFAULT_RULES[name])
    .map((name) => `${name}=${rules[name]}`);
  return [profile, ...parts].join("+");
}

/** The profile id and the full rules of a model key. */
export function parseModelKey(key: string): { profile: string; rules: ModelRules } {
  const [profile, ...parts] = key.split("+");
  const rules: ModelRules = { ...DEFAULT_RULES };
  for (const part of parts) {
    const [name, value] = part.split("=");
    const variants = (MODEL_RULE_VARIANTS as Record<string, readonly string[]>)[name ?? ""];
    if (variants === undefined || value === undefined || !variants.includes(value)) {
      throw new ModelKeyError(
        `unknown model rule '${part}' in '${key}' (rules: ${Object.entries(MODEL_RULE_VARIANTS)
          .map(([n, v]) => `${n}=${v.join("|")}`)
          .join(", ")})`,
      );
    }
    (rules as unknown as Record<string, string>)[name as string] = value;
  }
  return { profile: profile ?? "", rules };
}
