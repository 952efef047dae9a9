/**
 * Text helpers for slice-pack files: untrusted intent text made inert in Markdown (through the
 * one Markdown sink in compiler/shared/escape.ts), YAML and sh.
 */
import { jsString } from "../code.js";
import { escapeMarkdown, markdownCode } from "../../shared/escape.js";

/** One line of intent text as Markdown inline text (the Markdown sink of shared/escape.ts). */
export const mdText = (text: string): string => escapeMarkdown(text);

/** A name, path or rule as a Markdown code span (the Markdown sink of shared/escape.ts). */
export const mdCode = (text: string): string => markdownCode(text);

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
