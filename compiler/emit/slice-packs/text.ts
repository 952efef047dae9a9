/** Text helpers for slice-pack files: untrusted intent text made inert in Markdown, YAML and sh. */
import { jsString } from "../code.js";
import { escapeText } from "../../shared/escape.js";

/**
 * One line of intent text safe inside Markdown: control characters and line breaks removed, and
 * `<`/`>` escaped so a description can never close an `<!-- intentc:… -->` fence or open HTML.
 */
export function mdText(text: string): string {
  return escapeText(text.replace(/[\r\n\u2028\u2029\u0085]+/g, " "))
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .trim();
}

/** Inline code span for a name or path (backticks inside are not possible in validated names). */
export function mdCode(text: string): string {
  // Entities are shown literally inside code spans, so keep `<`/`>` and only break comment markers.
  const line = escapeText(text.replace(/[\r\n\u2028\u2029\u0085]+/g, " "))
    .replace(/<!--/g, "<!- -")
    .replace(/--!?>/g, "- ->")
    .trim();
  return "`" + line.replace(/`/g, "'") + "`";
}

/** A YAML double-quoted scalar (JSON string syntax, which YAML 1.2 accepts). */
export function yamlString(text: string): string {
  return jsString(text.replace(/[\r\n\u2028\u2029\u0085]+/g, " "));
}

/** A POSIX shell single-quoted word. */
export function shQuote(text: string): string {
  return "'" + text.replace(/'/g, "'\\''") + "'";
}

/** Estimated tokens of a text: ceil(UTF-8 bytes / 4). */
export function estimateTokens(text: string): number {
  return Math.ceil(Buffer.byteLength(text, "utf8") / 4);
}
