/**
 * tsc-style text output: `path:line:col error IC2003 message`, a hint, and a code frame. Every
 * string that can hold user text (file, message, hint, related messages) goes through the
 * terminal sink, so each diagnostic is exactly the lines written here: a name holding a newline
 * cannot start a forged diagnostic or a `::error` workflow command of its own.
 */
import type { Diagnostic } from "../diagnostic.js";
import { escapeText } from "../shared/escape.js";
import { codeFrame } from "./code-frame.js";

/** Render diagnostics as text with code frames and a summary line. */
export function renderText(
  diags: readonly Diagnostic[],
  sources: ReadonlyMap<string, string>,
): string {
  let out = "";
  for (const d of diags) {
    out += `${escapeText(d.file)}:${d.line}:${d.column} ${d.severity} ${d.code} ${escapeText(d.message)}\n`;
    const src = sources.get(d.file);
    if (src !== undefined) out += codeFrame(src, d.line, d.column, d.endLine, d.endColumn);
    if (d.hint) out += `  hint: ${escapeText(d.hint)}\n`;
    for (const r of d.related ?? [])
      out += `  ${escapeText(r.loc.file)}:${r.loc.line}:${r.loc.column} ${escapeText(r.message)}\n`;
    out += "\n";
  }
  const errors = diags.filter((d) => d.severity === "error").length;
  const warnings = diags.filter((d) => d.severity === "warning").length;
  if (diags.length > 0)
    out += `Found ${errors} error${errors === 1 ? "" : "s"} and ${warnings} warning${warnings === 1 ? "" : "s"}.\n`;
  return out;
}
