/** `--format sarif`: SARIF 2.1.0, one rule per diagnostic code from the table. */
import type { Diagnostic } from "../diagnostic.js";
import { diagnostics as table } from "../diagnostics.js";
import { formatMessage } from "../diagnostic.js";
import { jsonReport } from "../shared/escape.js";

/** Render diagnostics as a SARIF 2.1.0 log. */
export function renderSarif(diags: readonly Diagnostic[], toolVersion: string): string {
  const codes = [...new Set(diags.map((d) => d.name))].sort();
  const rules = codes.map((name) => {
    const def = (
      table as Record<
        string,
        {
          code: string;
          message: { parts: readonly string[]; params: readonly string[] };
          hint?: string;
        }
      >
    )[name];
    const template = def
      ? formatMessage(def.message, Object.fromEntries(def.message.params.map((p) => [p, `{${p}}`])))
      : name;
    return {
      id: def?.code ?? name,
      name,
      shortDescription: { text: template },
      ...(def?.hint ? { help: { text: def.hint } } : {}),
    };
  });
  const ruleIndex = new Map(rules.map((r, i) => [r.name, i]));
  const results = diags.map((d) => ({
    ruleId: d.code,
    ruleIndex: ruleIndex.get(d.name) ?? 0,
    level: d.severity === "error" ? "error" : d.severity === "warning" ? "warning" : "note",
    message: { text: d.hint ? `${d.message} ${d.hint}` : d.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: d.file, uriBaseId: "SRCROOT" },
          region: {
            startLine: d.line,
            startColumn: d.column,
            endLine: d.endLine,
            endColumn: Math.max(d.endColumn, d.column),
          },
        },
      },
    ],
    ...(d.related && d.related.length > 0
      ? {
          relatedLocations: d.related.map((r, i) => ({
            id: i,
            message: { text: r.message },
            physicalLocation: {
              artifactLocation: { uri: r.loc.file, uriBaseId: "SRCROOT" },
              region: { startLine: r.loc.line, startColumn: r.loc.column },
            },
          })),
        }
      : {}),
  }));
  const log = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "intentc",
            version: toolVersion,
            informationUri: "https://github.com/intentc/intentc",
            rules,
          },
        },
        results,
      },
    ],
  };
  return jsonReport(log) + "\n";
}
