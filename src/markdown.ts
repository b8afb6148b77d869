/**
 * Text from manifests (titles, quotes, reasons) inside Markdown (drift.md,
 * check's Markdown tables): characters that would start emphasis, code, a
 * link or a table cell are escaped, anything shaped like an HTML tag is
 * neutralised, and a newline becomes a space — so the text reads as it was
 * written and can neither break a table nor inject markup. Left as they are:
 * `_` (GitHub does not emphasise inside words such as cpu_pct) and a `<` or
 * `>` that starts no tag ("rtsig < 0.5 × select").
 */
export function escapeMarkdown(text: string): string {
  return text
    .replaceAll("\\", "\\\\")
    .replace(/[`*[\]|~]/g, (c) => `\\${c}`)
    .replace(/<(?=[A-Za-z/!?])/g, "&lt;")
    .replace(/\r?\n/g, " ");
}
