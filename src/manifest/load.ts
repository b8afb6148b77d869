/**
 * Reads an experiment manifest: YAML → zod schema → cross-checks. Every
 * problem is reported as `file:line:column: field.path: message`, pointing at
 * the node to edit (the value for a bad value, the parent map for a missing
 * key, the key itself for an unknown key).
 */
import { readFileSync } from "node:fs";
import { type Document, LineCounter, parseDocument } from "yaml";
import { crossCheck } from "./cross-checks.js";
import { ManifestError, type ManifestIssue } from "./errors.js";
import { type FieldPath, formatFieldPath, locate, locateKey, positionOf } from "./locate.js";
import { Manifest } from "./schema.js";
import { schemaProblems } from "./zod-issues.js";

export { ManifestError, type ManifestIssue } from "./errors.js";

interface Source {
  file: string;
  doc: Document;
  lines: LineCounter;
}

function issueAt(
  src: Source,
  path: FieldPath,
  message: string,
  at: "value" | "key" = "value",
  expected?: string,
): ManifestIssue {
  const located = at === "key" ? locateKey(src.doc, path) : locate(src.doc, path);
  const { line, column } = positionOf(located.node, src.lines);
  let text = message;
  if (!located.found) {
    const key = path[path.length - 1];
    const detail = expected ? ` (expected ${expected})` : "";
    text = `Missing required key "${String(key)}"${detail}`;
  }
  return { file: src.file, line, column, path: formatFieldPath(path) || "(root)", message: text };
}

function yamlSyntaxIssues(src: Source): ManifestIssue[] {
  return src.doc.errors.map((error) => {
    const { line, col } = src.lines.linePos(error.pos[0]);
    return {
      file: src.file,
      line,
      column: col,
      path: "",
      message: `YAML syntax error: ${error.message}`,
    };
  });
}

/** Parses manifest text; `file` is used in messages and must be named `<id>.yaml`. */
export function parseManifest(text: string, file: string): Manifest {
  const lines = new LineCounter();
  // prettyErrors off: we format positions ourselves and want one-line messages.
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const src: Source = { file, doc, lines };

  const syntax = yamlSyntaxIssues(src);
  if (syntax.length > 0) throw new ManifestError(syntax);

  let data: unknown;
  try {
    data = doc.toJS();
  } catch (error) {
    // e.g. alias expansion limits; the document parsed, but has no plain value.
    const message = error instanceof Error ? error.message : String(error);
    throw new ManifestError([issueAt(src, [], `YAML error: ${message}`)]);
  }

  const parsed = Manifest.safeParse(data);
  if (!parsed.success) {
    const issues = schemaProblems(parsed.error.issues).map((p) =>
      issueAt(src, p.path, p.message, p.at, p.expected),
    );
    throw new ManifestError(issues);
  }

  const problems = crossCheck(parsed.data, file);
  if (problems.length > 0) {
    throw new ManifestError(problems.map((p) => issueAt(src, p.path, p.message)));
  }
  return parsed.data;
}

/** Reads and validates one manifest file. File-system errors propagate unchanged. */
export function loadManifest(path: string): Manifest {
  return parseManifest(readFileSync(path, "utf8"), path);
}
