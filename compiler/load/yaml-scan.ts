/**
 * Checks on the raw text and scalars of an intent file, outside the parser: characters outside the
 * format, directives, tags, nesting depth and a rough node count (refused before the parser, which
 * recurses and builds the AST, ever sees them), and scalar values that are not exact.
 */
import { escapedByte } from "../shared/utf8.js";
import { inexactNumber } from "../shared/numbers.js";
import type { Loc } from "../ir/types.js";

/** Deepest nesting allowed in an intent file. */
export const MAX_DEPTH = 64;

/** Why a scalar's value is outside the format (inexact number, NUL, lone surrogate), if it is. */
export function scalarProblem(
  v: unknown,
  source: unknown,
  written: string,
): { code: "inexact-number" | "invalid-character"; why: string } | undefined {
  if (typeof v === "bigint")
    return { code: "inexact-number", why: "it is outside the safe integer range" };
  if (typeof v === "number") {
    const why = inexactNumber(v, typeof source === "string" ? source : written);
    return why === undefined ? undefined : { code: "inexact-number", why };
  }
  if (typeof v === "string") {
    if (v.includes("\0")) return { code: "invalid-character", why: "a NUL character (U+0000)" };
    if (LONE_SURROGATE.test(v))
      return { code: "invalid-character", why: "an unpaired surrogate character" };
  }
  return undefined;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The first character outside the format in raw text: NUL, a bare CR, an unpaired surrogate. */
export function scanCharacters(text: string): { at: number; what: string } | undefined {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0) return { at: i, what: "a NUL character (U+0000)" };
    if (c === 13 && text.charCodeAt(i + 1) !== 10)
      return { at: i, what: "a carriage return without a line feed (old Mac line endings)" };
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
      else return { at: i, what: "an unpaired surrogate character" };
    } else if (c >= 0xdc00 && c <= 0xdfff) {
      // The host decodes each invalid UTF-8 byte as U+DC80 + byte (shared/utf8.ts).
      const byte = escapedByte(c);
      return {
        at: i,
        what:
          byte >= 0
            ? `invalid UTF-8 (byte 0x${byte.toString(16).toUpperCase().padStart(2, "0")})`
            : "an unpaired surrogate character",
      };
    }
  }
  return undefined;
}

/**
 * A `%` line is a directive when it comes before any document content (only comments, blank
 * lines and other directives above it); inside a block scalar or after content it is text.
 */
export function directiveInsideDocument(text: string, at: number): boolean {
  for (const line of text.slice(0, at).split("\n")) {
    const t = line.trim();
    if (t === "" || t.startsWith("#") || line.startsWith("%")) continue;
    return true;
  }
  return false;
}

/** The tag as written before a node starting at `start` (`!!binary`, `!custom`), if found. */
export function tagText(text: string, start: number): string | undefined {
  const m = /(![^\s,\[\]{}]*)\s*$/.exec(text.slice(Math.max(0, start - 200), start));
  if (m) return m[1];
  const own = /^(![^\s,\[\]{}]*)/.exec(text.slice(start));
  return own ? own[1] : undefined;
}

/** Where the tag before a node is (falls back to the node). */
export function tagRange(
  text: string,
  start: number,
  end: number,
  locRange: (s: number, e: number) => Loc,
): Loc {
  const tag = tagText(text, start);
  if (tag === undefined) return locRange(start, end);
  const own = text.startsWith(tag, start) ? start : text.lastIndexOf(tag, start);
  return own >= 0 ? locRange(own, own + tag.length) : locRange(start, end);
}

/** Offset of the first place nesting exceeds MAX_DEPTH, or undefined. */
export function scanDepth(text: string): number | undefined {
  let depth = 0;
  let quote: string | undefined;
  let comment = false;
  let lineStart = true;
  let indent = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "\n") {
      comment = false;
      lineStart = true;
      indent = 0;
      if (quote === "'") continue; // single-quoted scalars may span lines
      continue;
    }
    if (comment) continue;
    if (lineStart) {
      if (c === " " || c === "-") {
        indent++;
        // Indentation depth: every two columns count as one level.
        if (indent > MAX_DEPTH * 2 + 8) return i;
        continue;
      }
      lineStart = false;
    }
    if (quote) {
      if (c === "\\" && quote === '"') i++;
      else if (c === quote) quote = undefined;
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === "#" && (i === 0 || /\s/.test(text[i - 1]))) comment = true;
    else if (c === "[" || c === "{") {
      if (++depth > MAX_DEPTH) return i;
    } else if (c === "]" || c === "}") depth = Math.max(0, depth - 1);
  }
  return undefined;
}

/**
 * A cheap count, before parsing, of lines and flow-collection separators outside quotes: each
 * starts at least one value, so a text past the node limit by this count is refused unparsed
 * (the exact count while converting the AST still applies to everything else).
 */
export function roughNodeCount(text: string): number {
  let count = 0;
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (quote !== undefined) {
      if (c === 92 /* \\ */ && quote === '"') i++;
      else if (text[i] === quote) quote = undefined;
      else if (c === 10) count++;
      continue;
    }
    if (c === 34 || c === 39) quote = text[i];
    else if (c === 10 || c === 44 /* , */) count++;
  }
  return count;
}
