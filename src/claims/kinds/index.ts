/** One check per claim kind, dispatched on `kind`. */
import type { Claim } from "../../manifest/schema.js";
import type { SeriesPoint } from "../../results/types.js";
import type { KindOutcome } from "../types.js";
import { checkFlat } from "./flat.js";
import { checkKnee } from "./knee.js";
import { checkGapGrows, checkKneeOrder } from "./knee-order.js";
import { checkLinear } from "./linear.js";
import { checkMonotone } from "./monotone.js";
import { checkOnsetInPanel, checkOnsetOrder } from "./onset-order.js";
import { checkOrder } from "./order.js";
import { checkPredicts } from "./predicts.js";
import { checkRatio } from "./ratio.js";
import { checkReaches } from "./reaches.js";
import { checkTracks } from "./tracks.js";
import { checkValue } from "./value.js";

/**
 * Checks one claim against the points of one panel. Conditions that span
 * panels (knee_order's gap_grows, onset_order) are checked by check.ts with
 * all points.
 */
export function checkKind(claim: Claim, points: readonly SeriesPoint[]): KindOutcome {
  switch (claim.kind) {
    case "value":
      return checkValue(claim, points);
    case "tracks":
      return checkTracks(claim, points);
    case "flat":
      return checkFlat(claim, points);
    case "monotone":
      return checkMonotone(claim, points);
    case "reaches":
      return checkReaches(claim, points);
    case "onset_order":
      return checkOnsetInPanel(claim, points);
    case "order":
      return checkOrder(claim, points);
    case "knee":
      return checkKnee(claim, points);
    case "knee_order":
      return checkKneeOrder(claim, points);
    case "linear":
      return checkLinear(claim, points);
    case "ratio":
      return checkRatio(claim, points);
    case "predicts":
      return checkPredicts(claim, points);
  }
}

export {
  checkFlat,
  checkGapGrows,
  checkKnee,
  checkKneeOrder,
  checkLinear,
  checkMonotone,
  checkOnsetOrder,
  checkOrder,
  checkRatio,
  checkReaches,
  checkTracks,
  checkValue,
};
