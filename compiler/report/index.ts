/** Render diagnostics in one of the output formats (text, json, github, sarif). */
import type { Diagnostic } from "../diagnostic.js";
import { renderText } from "./text.js";
import { renderJson } from "./json.js";
import { renderGithub } from "./github.js";
import { renderSarif } from "./sarif.js";
import { intentcVersion } from "../version.js";

/** Output formats for diagnostics. */
export type ReportFormat = "text" | "json" | "github" | "sarif";

/**
 * Render diagnostics. `sources` maps a file path to its text (for code frames in text output).
 * All formats read the same Diagnostic objects; none re-derives text.
 */
export function renderDiagnostics(
  diags: readonly Diagnostic[],
  format: ReportFormat,
  sources: ReadonlyMap<string, string> = new Map(),
): string {
  switch (format) {
    case "json":
      return renderJson(diags);
    case "github":
      return renderGithub(diags);
    case "sarif":
      return renderSarif(diags, intentcVersion());
    case "text":
      return renderText(diags, sources);
  }
}
