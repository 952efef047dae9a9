/** Render findings as text, JSON or SARIF 2.1.0 (same objects, no re-derived text). */
import { detail } from "./enforce.js";
import { RULES } from "./rules.js";
import type { Finding } from "./types.js";

/** Output formats of `intentc diff`. */
export type FindingsFormat = "text" | "json" | "sarif";

/** Render findings in one format. */
export function renderFindings(findings: readonly Finding[], format: FindingsFormat): string {
  if (format === "json") return JSON.stringify({ findings }, null, 2) + "\n";
  if (format === "sarif") return JSON.stringify(sarif(findings), null, 2) + "\n";
  if (findings.length === 0) return "No changes.\n";
  const lines = findings.map((f) => {
    const at = f.loc ? `${f.loc.file}:${f.loc.line}:${f.loc.column} ` : "";
    const approved = f.approved ? ` [approved: ${f.approved.reason}, until ${f.approved.expires}]` : "";
    return `${at}${f.level} ${f.rule} ${detail(f)}${approved}`;
  });
  const count = (l: string) => findings.filter((f) => f.level === l).length;
  lines.push(`${findings.length} change(s): ${count("error")} error, ${count("warn")} warn, ${count("info")} info.`);
  return lines.join("\n") + "\n";
}

function sarif(findings: readonly Finding[]): object {
  const used = [...new Set(findings.map((f) => f.rule))].sort();
  return {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "intentc-diff",
            informationUri: "https://github.com/intentc/intentc",
            rules: used.map((id) => ({ id, shortDescription: { text: RULES[id]?.summary ?? id }, properties: { category: RULES[id]?.category ?? "unknown" } })),
          },
        },
        results: findings.map((f) => ({
          ruleId: f.rule,
          ruleIndex: used.indexOf(f.rule),
          level: f.level === "error" ? "error" : f.level === "warn" ? "warning" : "note",
          message: { text: detail(f) },
          ...(f.loc
            ? {
                locations: [
                  {
                    physicalLocation: {
                      artifactLocation: { uri: f.loc.file },
                      region: { startLine: f.loc.line, startColumn: f.loc.column, endLine: f.loc.endLine, endColumn: f.loc.endColumn },
                    },
                    logicalLocations: [{ fullyQualifiedName: f.path }],
                  },
                ],
              }
            : { locations: [{ logicalLocations: [{ fullyQualifiedName: f.path }] }] }),
          properties: { direction: f.direction, before: f.before, after: f.after, counterexample: f.counterexample, approved: f.approved },
          ...(f.approved ? { suppressions: [{ kind: "inSource", justification: f.approved.reason }] } : {}),
        })),
      },
    ],
  };
}
