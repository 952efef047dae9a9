/**
 * Text from intent is untrusted. Before it reaches a page (HTML, SVG, the search index) every
 * character that is invisible or reorders text is replaced by a visible escape (Trojan Source).
 * The escapers themselves live in compiler/shared/escape.ts, the one place per sink; this module
 * re-exports the HTML ones under the docs site's names and walks template data.
 */
import { escapeHtml, sweepHtml, visibleText } from "../../shared/escape.js";

export { sweepHtml, visibleText };

/** {@link visibleText}, then XML/HTML-escaped for text and attribute values. */
export const xmlText = escapeHtml;

/**
 * A copy of template data with {@link visibleText} applied to every string (arrays and plain
 * objects are walked; other objects, such as Handlebars SafeStrings, are kept as they are).
 */
export function visibleData<T>(value: T): T {
  if (typeof value === "string") return visibleText(value) as T;
  if (Array.isArray(value)) return value.map((v) => visibleData(v)) as T;
  const proto =
    value !== null && typeof value === "object" ? Object.getPrototypeOf(value) : undefined;
  if (proto === Object.prototype || proto === null) {
    const out: Record<string, unknown> = {};
    const from = value as Record<string, unknown>;
    for (const k of Object.keys(from)) out[k] = visibleData(from[k]);
    return out as T;
  }
  return value;
}
