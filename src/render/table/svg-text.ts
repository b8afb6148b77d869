/** Text helpers for the hand-built table SVG: XML escaping and width estimates. */

/** Escapes text for SVG element content and attribute values. */
export function escapeXml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

/**
 * Average advance of a DejaVu Sans character, in em: about 0.6 in general,
 * capitals wider; bold runs a little wider still.
 */
const EM_PER_CHAR = { regular: 0.6, bold: 0.66 } as const;
const EM_PER_CAPITAL = { regular: 0.72, bold: 0.8 } as const;

/** Approximate rendered width in px; no font metrics needed, so layout is deterministic. */
export function textWidth(text: string, fontSize: number, bold = false): number {
  const weight = bold ? "bold" : "regular";
  let em = 0;
  for (const char of text) em += /[A-Z]/.test(char) ? EM_PER_CAPITAL[weight] : EM_PER_CHAR[weight];
  return em * fontSize;
}
