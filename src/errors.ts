/**
 * Bad input from the user — a command line, an experiment id, a flag this
 * machine cannot honour: printed as one line (no stack trace), exit status 2.
 * Any layer may throw it; only the command line catches it.
 */
export class UsageError extends Error {
  override name = "UsageError";
}
