/**
 * The simulator's mechanisms: one line each, id → how to build it for a
 * cost profile. Adding a mechanism to the simulator touches its own file in
 * this folder and one line here (its id must be in the shared vocabulary,
 * MECHANISMS in src/manifest/schema.ts; test/manifest/mechanisms.test.ts
 * says so if it is not).
 */
import type { Mechanism } from "../../../manifest/schema.js";
import type { CostProfile } from "../costs/profile.js";
import type { ModelRules } from "../model-rules.js";
import { DevpollMechanism } from "./devpoll.js";
import { EpollMechanism } from "./epoll.js";
import { IoUringMechanism } from "./io-uring.js";
import type { DispatchMechanism } from "./mechanism.js";
import { PollMechanism } from "./poll.js";
import { RtsigMechanism } from "./rtsig.js";
import { SelectMechanism } from "./select.js";

export const SIM_MECHANISM_REGISTRY: Partial<
  Record<Mechanism, (costs: CostProfile, rules: ModelRules) => DispatchMechanism>
> = {
  select: (costs) => new SelectMechanism(costs, false),
  "select-ma": (costs) => new SelectMechanism(costs, true),
  poll: (costs) => new PollMechanism(costs),
  devpoll: (costs, rules) => new DevpollMechanism(costs, rules),
  rtsig: (costs, rules) => new RtsigMechanism(costs, false, undefined, rules),
  "rtsig-perfd": (costs, rules) => new RtsigMechanism(costs, true, undefined, rules),
  epoll: (costs) => new EpollMechanism(costs, false),
  "epoll-et": (costs) => new EpollMechanism(costs, true),
  io_uring: (costs) => new IoUringMechanism(costs),
};
