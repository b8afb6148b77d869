/**
 * Building blocks of the report page: escaping text for HTML, JSON and
 * scripts that are safe inside a <script> element, and ids safe in the DOM.
 */

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/** An element with escaped attributes around (already safe) inner HTML. */
export function element(
  name: string,
  attributes: Record<string, string | undefined>,
  inner = "",
): string {
  const attrs = Object.entries(attributes)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([key, value]) => ` ${key}="${escapeHtml(value)}"`)
    .join("");
  return `<${name}${attrs}>${inner}</${name}>`;
}

/** A table: header cells as text, body cells as (already safe) HTML. */
export function htmlTable(
  head: readonly string[],
  rows: readonly (readonly string[])[],
  className?: string,
): string {
  const th = head.map((h) => `<th>${escapeHtml(h)}</th>`).join("");
  const body = rows.map((cells) => `<tr>${cells.map((c) => `<td>${c}</td>`).join("")}</tr>`);
  const cls = className === undefined ? "" : ` class="${escapeHtml(className)}"`;
  return `<table${cls}><thead><tr>${th}</tr></thead><tbody>${body.join("")}</tbody></table>`;
}

/**
 * JSON to place inside <script type="application/json">: `<`, `>`, `&` and
 * the line separators are written as \u escapes, so no `</script>` or `<!--`
 * can end or confuse the element.
 */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

/**
 * A library's source to inline in a <script> element: its source-map comment
 * dropped (a browser would try to load the map beside the page) and any
 * `</script` written `<\/script` (the same text to JavaScript). A `<!--`
 * could switch the HTML parser into a state that hides the rest of the page,
 * and has no safe rewrite: it is refused.
 */
export function inlineScript(source: string, name: string): string {
  if (source.includes("<!--")) throw new Error(`${name}: cannot inline a script containing '<!--'`);
  return source
    .replace(/\n?\/\/# sourceMappingURL=\S*\s*$/, "\n")
    .replace(/<\/script/gi, "<\\/script");
}

/** A DOM id from parts: letters, digits, '-' and '_' only. */
export function domId(...parts: readonly string[]): string {
  return parts.map((p) => p.replace(/[^A-Za-z0-9_-]/g, "_")).join("-");
}
