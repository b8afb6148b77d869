/**
 * Shapes shared by the claim checker: a claim narrowed to one kind, and what
 * one kind check reports for one panel.
 */
import type { Claim, ClaimKind } from "../manifest/schema.js";

/** A parsed claim (defaults applied) of one kind. */
export type ClaimOf<K extends ClaimKind> = Extract<Claim, { kind: K }>;

/** The inclusive x window a claim is restricted to. */
export type XRange = readonly [number, number];

/** What one kind check found in one panel. */
export interface KindOutcome {
  pass: boolean;
  /** Short, human-readable statement of what was measured, e.g. "knee at 3200". */
  measured: string;
  /** Why it failed, or which points were off; absent when there is nothing to add. */
  detail?: string;
  /** Set when the check failed because data was missing (never a silent pass). */
  noData?: boolean;
}
