/**
 * Maps a field path of the parsed manifest (as zod reports it) back to a node
 * of the YAML document, so that errors carry a line and column.
 */
import { type Document, isAlias, isMap, isScalar, isSeq, type LineCounter, type Node } from "yaml";

export type FieldPath = readonly PropertyKey[];

/** `sweep.mechanisms[2]` style rendering of a field path. */
export function formatFieldPath(path: FieldPath): string {
  let out = "";
  for (const segment of path) {
    if (typeof segment === "number") out += `[${segment}]`;
    else out += out === "" ? String(segment) : `.${String(segment)}`;
  }
  return out;
}

export interface Position {
  line: number;
  column: number;
}

/** Where a field path leads in a document. */
export interface Located {
  /** The node at the full path, or the deepest ancestor that exists. */
  node: Node | null;
  /** False when the path leaves the document (a missing key or item). */
  found: boolean;
}

function deref(doc: Document, node: Node): Node {
  // An alias' own position is what the user wrote, but its children live at the anchor.
  if (isAlias(node)) return (node.resolve(doc) as Node | undefined) ?? node;
  return node;
}

function keyNodeIn(node: Node, key: PropertyKey): Node | undefined {
  if (!isMap(node)) return undefined;
  for (const pair of node.items) {
    if (isScalar(pair.key) && String(pair.key.value) === String(key)) return pair.key;
  }
  return undefined;
}

function childOf(doc: Document, parent: Node, segment: PropertyKey): Node | undefined {
  const node = deref(doc, parent);
  if (isMap(node)) {
    for (const pair of node.items) {
      if (isScalar(pair.key) && String(pair.key.value) === String(segment)) {
        // `? key` with no value has no value node; the key is the best place to point.
        return (pair.value as Node | null) ?? (pair.key as Node);
      }
    }
    return undefined;
  }
  if (isSeq(node) && typeof segment === "number") {
    return (node.items[segment] as Node | undefined) ?? undefined;
  }
  return undefined;
}

export function locate(doc: Document, path: FieldPath): Located {
  let node = (doc.contents as Node | null) ?? null;
  for (const segment of path) {
    if (node === null) return { node: null, found: false };
    const child = childOf(doc, node, segment);
    if (child === undefined) return { node, found: false };
    node = child;
  }
  return { node, found: true };
}

/** The key node of the last path segment (for unknown keys), else the node at the path. */
export function locateKey(doc: Document, path: FieldPath): Located {
  const parentPath = path.slice(0, -1);
  const last = path[path.length - 1];
  const parent = locate(doc, parentPath);
  if (last !== undefined && parent.found && parent.node !== null) {
    const key = keyNodeIn(deref(doc, parent.node), last);
    if (key !== undefined) return { node: key, found: true };
  }
  return locate(doc, path);
}

export function positionOf(node: Node | null, lines: LineCounter): Position {
  const offset = node?.range?.[0] ?? 0;
  const { line, col } = lines.linePos(offset);
  return { line, column: col };
}
