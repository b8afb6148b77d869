/**
 * Manifest problems, each pinned to a place in a file so an editor or a
 * terminal can jump to it: `file:line:column: field.path: message`.
 */

export interface ManifestIssue {
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  /** Field path such as `sweep.mechanisms[2]`; empty for YAML syntax errors. */
  path: string;
  message: string;
}

export function formatIssue(issue: ManifestIssue): string {
  const where = `${issue.file}:${issue.line}:${issue.column}`;
  return issue.path === ""
    ? `${where}: ${issue.message}`
    : `${where}: ${issue.path}: ${issue.message}`;
}

/** Thrown with every issue found (not just the first), so one edit-run cycle fixes them all. */
export class ManifestError extends Error {
  override readonly name = "ManifestError";
  readonly issues: readonly ManifestIssue[];

  constructor(issues: readonly ManifestIssue[]) {
    super(issues.map(formatIssue).join("\n"));
    this.issues = issues;
  }
}
