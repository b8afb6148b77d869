/**
 * Worker-thread entry of the simulator's pool: receives one run (the points
 * of one trajectory), answers with each point's metrics (or an error).
 */
import { parentPort } from "node:worker_threads";
import type { PointSpec } from "../../results/types.js";
import { type PointOutcome, simulateRun } from "./pool.js";

export interface WorkRequest {
  /** The points' indices in the caller's list. */
  run: readonly number[];
  /** The points, in the order of `run`. */
  specs: readonly PointSpec[];
  profile: string;
}

export interface WorkReply {
  outcomes: PointOutcome[];
}

const port = parentPort;
if (port) {
  port.on("message", (req: WorkRequest) => {
    const reply: WorkReply = { outcomes: simulateRun(req.run, req.specs, req.profile) };
    port.postMessage(reply);
  });
}
