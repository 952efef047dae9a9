/** `--format json`: the diagnostics as data, with a summary. */
import type { Diagnostic } from "../diagnostic.js";
import { jsonReport } from "../shared/escape.js";

/** Render diagnostics as a JSON document. */
export function renderJson(diags: readonly Diagnostic[]): string {
  const errors = diags.filter((d) => d.severity === "error").length;
  const warnings = diags.filter((d) => d.severity === "warning").length;
  return (
    jsonReport({
      version: 1,
      summary: { errors, warnings, total: diags.length },
      diagnostics: diags,
    }) + "\n"
  );
}
