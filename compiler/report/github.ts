/** `--format github`: GitHub Actions workflow commands (`::error file=…,line=…::message`). */
import type { Diagnostic } from "../diagnostic.js";

/** Escape a workflow-command property value. */
function prop(s: string): string {
  return s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A").replace(/:/g, "%3A").replace(/,/g, "%2C");
}

/** Escape a workflow-command message. */
function data(s: string): string {
  return s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

/** Render diagnostics as GitHub annotations. */
export function renderGithub(diags: readonly Diagnostic[]): string {
  return diags
    .map((d) => {
      const level = d.severity === "error" ? "error" : d.severity === "warning" ? "warning" : "notice";
      const props = `file=${prop(d.file)},line=${d.line},col=${d.column},endLine=${d.endLine},endColumn=${d.endColumn},title=${prop(d.code)}`;
      const text = d.hint ? `${d.message} ${d.hint}` : d.message;
      return `::${level} ${props}::${data(`${d.code} ${text}`)}\n`;
    })
    .join("");
}
