/** `--format json`: the diagnostics as data, with a summary. */
import type { Diagnostic } from "../diagnostic.js";

/** Render diagnostics as a JSON document. */
export function renderJson(diags: readonly Diagnostic[]): string {
  const errors = diags.filter((d) => d.severity === "error").length;
  const warnings = diags.filter((d) => d.severity === "warning").length;
  return JSON.stringify({ version: 1, summary: { errors, warnings, total: diags.length }, diagnostics: diags }, null, 2) + "\n";
}
