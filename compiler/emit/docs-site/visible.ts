/**
 * Text from intent is untrusted. Before it reaches a page (HTML, SVG, the search index) every
 * character that is invisible or reorders text is replaced by a visible escape, so a name or
 * description can neither hide text nor flip its display order (Trojan Source):
 * C0/C1 controls, DEL, the bidi embeddings, overrides and isolates (U+202A–202E, U+2066–2069,
 * U+061C), zero-width and direction marks (U+200B–200F), line/paragraph separators
 * (U+2028/2029) and the BOM (U+FEFF) are shown as `\uXXXX`. Tab and newline become a space.
 */

const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]/g;

/** `text` with every invisible or bidi control character shown as `\uXXXX` (tab/newline → space). */
export function visibleText(text: string): string {
  return text.replace(INVISIBLE, (ch) => {
    if (ch === "\t" || ch === "\n" || ch === "\r") return " ";
    return `\\u${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`;
  });
}

/**
 * A last sweep over a whole rendered HTML page: any invisible or bidi character still present
 * (from a field a template forgot) becomes `\uXXXX`; tab, newline and CR are kept. Only for
 * HTML: in a script, `\uXXXX` inside a string literal would turn back into the character.
 */
export function sweepHtml(html: string): string {
  return html.replace(INVISIBLE, (ch) => (ch === "\t" || ch === "\n" || ch === "\r" ? ch : visibleText(ch)));
}

/** {@link visibleText}, then XML/HTML-escaped for text and attribute values. */
export function xmlText(text: string): string {
  return visibleText(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * A copy of template data with {@link visibleText} applied to every string (arrays and plain
 * objects are walked; other objects, such as Handlebars SafeStrings, are kept as they are).
 */
export function visibleData<T>(value: T): T {
  if (typeof value === "string") return visibleText(value) as T;
  if (Array.isArray(value)) return value.map((v) => visibleData(v)) as T;
  const proto = value !== null && typeof value === "object" ? Object.getPrototypeOf(value) : undefined;
  if (proto === Object.prototype || proto === null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as object)) out[k] = visibleData(v);
    return out as T;
  }
  return value;
}
