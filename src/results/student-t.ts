/**
 * Two-sided 95% critical values of Student's t distribution, for confidence
 * intervals over a handful of seeds (standard table values).
 */

/** t(0.975, dof) for dof = 1…30. */
const T_975_SMALL = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145,
  2.131, 2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048,
  2.045, 2.042,
] as const;

/** Sparser rows beyond 30; between rows we use the smaller dof's (wider, conservative) value. */
const T_975_LARGE: readonly (readonly [dof: number, t: number])[] = [
  [40, 2.021],
  [60, 2.0],
  [120, 1.98],
];

const T_975_NORMAL = 1.96;

export function tCritical95(dof: number): number {
  if (!Number.isInteger(dof) || dof < 1)
    throw new RangeError(`degrees of freedom must be ≥ 1, got ${dof}`);
  const small = T_975_SMALL[dof - 1];
  if (small !== undefined) return small;
  let t: number = T_975_SMALL[T_975_SMALL.length - 1] ?? T_975_NORMAL;
  for (const [rowDof, rowT] of T_975_LARGE) if (dof >= rowDof) t = rowT;
  return dof > 120 ? T_975_NORMAL : t;
}
