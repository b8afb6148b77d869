/**
 * The hw runner's expected failures — a tool missing, a limit too low, a
 * child that died, the machine busy — whose message says what went wrong
 * and what to do; the CLI prints the message without a stack trace.
 */
import { ChildStartError } from "./child-processes.js";
import { CpuPlacementError } from "./cpu-placement.js";
import { HttperfParseError } from "./httperf.js";
import { IdleConnError } from "./idleconn.js";
import { LinkError } from "./link-shaping.js";
import { MachineLockError } from "./machine-lock.js";
import { NofileLimitError } from "./nofile-limit.js";
import { HwPointError } from "./run-hw-point.js";
import { ServerError } from "./server-process.js";

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
