/** Text that goes into generated JS/TS source: string literals and comments (shared by emit/ and expr/). */
import { escapeComment, escapeJsString } from "./escape.js";

/**
 * A JS/TS string literal for any text: JSON.stringify plus escaping of U+2028/U+2029 (which end a
 * line in older parsers), of bidi/zero-width/C1 characters (Trojan Source) and of `</` so the
 * literal is also safe inside HTML script tags.
 */
export function jsString(text: string): string {
  return escapeJsString(text);
}

/**
 * Text safe to place inside a `/** … *\/` or `//` comment: one line, no comment terminators,
 * no line or paragraph separators; bidi, zero-width and control characters shown as `\u{…}`.
 */
export function commentText(text: string): string {
  return escapeComment(text);
}

/** A JSDoc block (or nothing) for an optional description, at the given indent. */
export function jsDoc(description: string | undefined, indent = ""): string {
  if (description === undefined || description.trim() === "") return "";
  return `${indent}/** ${commentText(description)} */\n`;
}
