/**
 * `--format github`: GitHub Actions workflow commands (`::error file=…,line=…::message`), one
 * line per diagnostic. Properties and message go through the workflow-command sink
 * (compiler/shared/escape.ts), so user text can neither end the line nor add a property.
 */
import type { Diagnostic } from "../diagnostic.js";
import { githubData, githubProperty } from "../shared/escape.js";

/** Render diagnostics as GitHub annotations. */
export function renderGithub(diags: readonly Diagnostic[]): string {
  return diags
    .map((d) => {
      const level =
        d.severity === "error" ? "error" : d.severity === "warning" ? "warning" : "notice";
      const props = `file=${githubProperty(d.file)},line=${d.line},col=${d.column},endLine=${d.endLine},endColumn=${d.endColumn},title=${githubProperty(d.code)}`;
      const text = d.hint ? `${d.message} ${d.hint}` : d.message;
      return `::${level} ${props}::${githubData(`${d.code} ${text}`)}\n`;
    })
    .join("");
}
