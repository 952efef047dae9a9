/**
 * One escaping function per sink for names and paths that an agent or an intent author controls.
 * Each makes the invisible visible instead of dropping it, so a reviewer sees that something was
 * there: C0/C1 controls (LF, CR, ESC …), DEL, line/paragraph separators, bidi embeddings and
 * isolates (U+202A–U+202E, U+2066–U+2069, U+061C) and zero-width characters (U+200B–U+200F,
 * U+2060–U+2064, U+FEFF) — the Trojan Source set — become `\u{…}` text.
 *
 * Sinks: {@link escapeText} (terminal lines, evidence messages), {@link escapeMarkdown} (Markdown
 * inline text), {@link escapeComment} (generated TS comments), {@link escapeJsString} (generated
 * TS/JS string literals), {@link escapeJsonText} (generated JSON). The docs-site HTML has its own escaper.
 */

/** Every code point that can change how a line reads without being seen. */
export const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff]/g;

/** {@link INVISIBLE} without C0 controls (JSON.stringify already escapes those inside strings). */
const INVISIBLE_NON_C0 = /[\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff]/g;

const hex = (c: string) => `\\u{${c.codePointAt(0)!.toString(16)}}`;

/** True when text holds anything {@link INVISIBLE} matches. */
export function hasInvisible(text: string): boolean {
  INVISIBLE.lastIndex = 0;
  const r = INVISIBLE.test(text);
  INVISIBLE.lastIndex = 0;
  return r;
}

/** Terminal and plain-text sink: one line, every invisible or control character shown as `\u{…}`. */
export function escapeText(text: string): string {
  return text.replace(INVISIBLE, hex);
}

/** Markdown inline sink: visible escapes, then HTML and Markdown specials neutralised. */
export function escapeMarkdown(text: string): string {
  return escapeText(text)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/([\\`*_[\]|#!])/g, "\\$1");
}

/** Generated-comment sink: one line, no comment terminators, invisible characters shown. */
export function escapeComment(text: string): string {
  return text
    .replace(/[\r\n\u2028\u2029\u0085]+/g, " ")
    .replace(/\t/g, " ")
    .replace(/\*\//g, "*\\/")
    .replace(/\/\*/g, "/\\*")
    .replace(INVISIBLE, hex)
    .trim();
}

/** JSON text sink: raw invisible characters inside JSON strings become `\uXXXX` (same value). */
export function escapeJsonText(json: string): string {
  return json.replace(INVISIBLE_NON_C0, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** Generated string-literal sink: JSON syntax with every invisible character as a `\uXXXX` escape. */
export function escapeJsString(text: string): string {
  return JSON.stringify(text)
    .replace(INVISIBLE_NON_C0, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`)
    .replace(/<\//g, "<\\/");
}
