/**
 * `--link <rate>` of `point` and `run` (hw runner): a shaped veth link
 * between server and clients instead of loopback (./link-shaping.ts).
 */

import { UsageError } from "../../../errors.js";
import { isLinkRate, type LinkRate, linkUnavailableReason } from "./link-shaping.js";

/** The validated rate, or undefined without --link; a UsageError when it is malformed or this machine cannot shape. */
export function linkOption(raw: string | undefined): LinkRate | undefined {
  if (raw === undefined) return undefined;
  if (!isLinkRate(raw)) {
    throw new UsageError(`--link must be a rate such as 100mbit (kbit, mbit, gbit), got '${raw}'`);
  }
  const unavailable = linkUnavailableReason();
  if (unavailable) throw new UsageError(unavailable);
  return raw;
}
