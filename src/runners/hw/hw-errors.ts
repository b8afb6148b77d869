/**
 * The hw runner's expected failures — a tool missing, a limit too low, a
 * child that died, the machine busy — whose message says what went wrong
 * and what to do; the CLI prints the message without a stack trace.
 */

import { HttperfParseError } from "./load/httperf.js";
import { IdleConnError } from "./load/idleconn.js";
import { ChildStartError } from "./machine/child-processes.js";
import { CpuPlacementError } from "./machine/cpu-placement.js";
import { LinkError } from "./machine/link-shaping.js";
import { MachineLockError } from "./machine/machine-lock.js";
import { NofileLimitError } from "./machine/nofile-limit.js";
import { HwPointError } from "./point/types.js";
import { ServerError } from "./server/server-process.js";

/** A `run --runner hw` that could not make every run (the finished ones are cached). */
export class HwRunFailed extends Error {}

/** Errors after which no point can run on this machine: stop the whole run at once. */
export function isMachineError(e: unknown): boolean {
  return (
    e instanceof NofileLimitError ||
    e instanceof CpuPlacementError ||
    e instanceof MachineLockError ||
    e instanceof ChildStartError
  );
}

const EXPECTED = [
  HwRunFailed,
  ChildStartError,
  CpuPlacementError,
  HttperfParseError,
  IdleConnError,
  LinkError,
  MachineLockError,
  NofileLimitError,
  HwPointError,
  ServerError,
];

export function isHwRunnerError(e: unknown): e is Error {
  return EXPECTED.some((c) => e instanceof c);
}
