/** tsc-style text output: `path:line:col error IC2003 message`, a hint, and a code frame. */
import type { Diagnostic } from "../diagnostic.js";
import { codeFrame, safeText } from "./code-frame.js";

/** Render diagnostics as text with code frames and a summary line. */
export function renderText(diags: readonly Diagnostic[], sources: ReadonlyMap<string, string>): string {
  let out = "";
  for (const d of diags) {
    out += `${d.file}:${d.line}:${d.column} ${d.severity} ${d.code} ${safeText(d.message)}\n`;
    const src = sources.get(d.file);
    if (src !== undefined) out += codeFrame(src, d.line, d.column, d.endLine, d.endColumn);
    if (d.hint) out += `  hint: ${safeText(d.hint)}\n`;
    for (const r of d.related ?? []) out += `  ${r.loc.file}:${r.loc.line}:${r.loc.column} ${safeText(r.message)}\n`;
    out += "\n";
  }
  const errors = diags.filter((d) => d.severity === "error").length;
  const warnings = diags.filter((d) => d.severity === "warning").length;
  if (diags.length > 0) out += `Found ${errors} error${errors === 1 ? "" : "s"} and ${warnings} warning${warnings === 1 ? "" : "s"}.\n`;
  return out;
}
