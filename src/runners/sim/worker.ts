/**
 * Worker-thread entry of the simulator's pool: receives point specs, answers
 * with their metrics (or an error message).
 */
import { parentPort } from "node:worker_threads";
import type { PointSpec } from "../../results/types.js";
import { simulatePoint } from "./run-point.js";

export interface WorkRequest {
  index: number;
  spec: PointSpec;
  profile: string;
}

const port = parentPort;
if (port) {
  port.on("message", (req: WorkRequest) => {
    try {
      const result = simulatePoint(req.spec, req.profile);
      port.postMessage({ index: req.index, metrics: result.metrics, events: result.events });
    } catch (err) {
      port.postMessage({
        index: req.index,
        error: err instanceof Error ? err.message : String(err),
      });
    }
  });
}
