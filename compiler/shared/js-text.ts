/** Text that goes into generated JS/TS source: string literals and comments (shared by emit/ and expr/). */

/**
 * A JS/TS string literal for any text: JSON.stringify plus escaping of U+2028/U+2029 (which end a
 * line in older parsers) and of `</` so the literal is also safe inside HTML script tags.
 */
export function jsString(text: string): string {
  return JSON.stringify(text)
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029")
    .replace(/<\//g, "<\\/");
}

/**
 * Text safe to place inside a `/** … *\/` or `//` comment: one line, no comment terminators,
 * no line or paragraph separators.
 */
export function commentText(text: string): string {
  return text
    .replace(/[\r\n\u2028\u2029\u0085]+/g, " ")
    .replace(/\*\//g, "*\\/")
    .replace(/\/\*/g, "/\\*")
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, "")
    .trim();
}

/** A JSDoc block (or nothing) for an optional description, at the given indent. */
export function jsDoc(description: string | undefined, indent = ""): string {
  if (description === undefined || description.trim() === "") return "";
  return `${indent}/** ${commentText(description)} */\n`;
}
