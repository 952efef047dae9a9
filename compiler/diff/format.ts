/** Render findings as text, JSON or SARIF 2.1.0 (same objects, no re-derived text). */
import semver from "../vendor/semver.js";
import { detail } from "./enforce.js";
import { RULES } from "./rules.js";
import type { Finding } from "./types.js";
import { requiredVersion, standing, type DomainVersion, type Standing } from "./verdict.js";

/** Output formats of `intentc diff`. */
export type FindingsFormat = "text" | "json" | "sarif";

/** What `(input)`, `(output)` and `(both)` after a change's name mean (printed under the list). */
export const DIRECTIONS_LEGEND =
  "(input): values callers send (event payloads, API inputs): narrowing them breaks callers. " +
  "(output): values consumers read (API outputs): widening them breaks consumers. " +
  "(both): stored or exchanged both ways (entities, machines, shared types): a change either way breaks someone.";

/**
 * Render findings in one format. With the domains' versions, a breaking change is labelled by
 * its standing: `error` when it blocks the build, `breaking` when a major bump or an approval
 * allows it.
 */
export function renderFindings(
  findings: readonly Finding[],
  format: FindingsFormat,
  versions: readonly DomainVersion[] = [],
): string {
  const standings = findings.map((f) => standing(f, versions));
  if (format === "json") return JSON.stringify({ findings, versions }, null, 2) + "\n";
  if (format === "sarif") return JSON.stringify(sarif(findings, standings), null, 2) + "\n";
  if (findings.length === 0) return "No changes.\n";
  const lines: string[] = [];
  const touched = new Set(findings.map((f) => f.domain));
  for (const v of versions)
    if (touched.has(v.domain)) lines.push(versionLine(v, findings, standings));
  findings.forEach((f, i) => {
    const at = f.loc ? `${f.loc.file}:${f.loc.line}:${f.loc.column} ` : "";
    lines.push(
      `${at}${label(f, standings[i])} ${f.rule} ${detail(f)}${note(f, standings[i], versions)}`,
    );
  });
  const count = (s: Standing) => standings.filter((x) => x === s).length;
  const level = (l: string) =>
    findings.filter((f, i) => f.level === l && standings[i] === "compatible").length;
  const allowed = count("bumped") + count("approved");
  lines.push(
    `${findings.length} change(s): ${count("blocking")} error, ${allowed} breaking but allowed (major version bump or approval), ${level("warn")} warn, ${level("info")} info.`,
  );
  lines.push(`Directions: ${DIRECTIONS_LEGEND}`);
  return lines.join("\n") + "\n";
}

/** `error` blocks the build; an allowed breaking change reads `breaking`; others keep their level. */
function label(f: Finding, s: Standing): string {
  return s === "blocking" ? "error" : s === "bumped" || s === "approved" ? "breaking" : f.level;
}

function note(f: Finding, s: Standing, versions: readonly DomainVersion[]): string {
  if (s === "approved") return ` [approved: ${f.approved!.reason}, until ${f.approved!.expires}]`;
  if (s !== "bumped") return "";
  const v = versions.find((x) => x.domain === f.domain);
  if (v?.to === undefined) return " [allowed: the domain is removed]";
  if (v.from === undefined) return "";
  return ` [allowed by the major version bump ${v.from} → ${v.to}]`;
}

/** `orders: 1.2.0 → 2.0.0 (major: breaking changes allowed)` and the like, for a domain with changes. */
function versionLine(
  v: DomainVersion,
  findings: readonly Finding[],
  standings: readonly Standing[],
): string {
  const blocking = findings.filter(
    (f, i) => f.domain === v.domain && standings[i] === "blocking",
  ).length;
  if (v.from === undefined) return `${v.domain}: added at ${v.to}`;
  if (v.to === undefined) return `${v.domain}: removed (was ${v.from})`;
  const moved = v.from === v.to ? `${v.from} (unchanged)` : `${v.from} → ${v.to}`;
  if (blocking > 0)
    return `${v.domain}: ${moved}; ${blocking} breaking change(s) need ${requiredVersion(v.from)} or an approval`;
  const breaking = findings.some((f, i) => f.domain === v.domain && standings[i] === "bumped");
  if (v.from === v.to && releasedChanged(v.from, v.domain, findings))
    return `${v.domain}: ${moved}; a released version cannot change: bump it (patch, or minor for additions)`;
  return `${v.domain}: ${moved}${breaking ? " (major: breaking changes allowed)" : ""}`;
}

/** Changes to a released (non-prerelease) version, which `intentc build` refuses (IC6004). */
function releasedChanged(version: string, domain: string, findings: readonly Finding[]): boolean {
  return (
    semver.valid(version) !== null &&
    semver.prerelease(version) === null &&
    findings.some((f) => f.domain === domain && RULES[f.rule]?.category !== "slice")
  );
}

function sarif(findings: readonly Finding[], standings: readonly Standing[] = []): object {
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
            rules: used.map((id) => ({
              id,
              shortDescription: { text: RULES[id]?.summary ?? id },
              properties: { category: RULES[id]?.category ?? "unknown" },
            })),
          },
        },
        results: findings.map((f, i) => ({
          ruleId: f.rule,
          ruleIndex: used.indexOf(f.rule),
          level:
            f.level === "error"
              ? standings[i] === "bumped"
                ? "note"
                : "error"
              : f.level === "warn"
                ? "warning"
                : "note",
          message: { text: detail(f) },
          ...(f.loc
            ? {
                locations: [
                  {
                    physicalLocation: {
                      artifactLocation: { uri: f.loc.file },
                      region: {
                        startLine: f.loc.line,
                        startColumn: f.loc.column,
                        endLine: f.loc.endLine,
                        endColumn: f.loc.endColumn,
                      },
                    },
                    logicalLocations: [{ fullyQualifiedName: f.path }],
                  },
                ],
              }
            : { locations: [{ logicalLocations: [{ fullyQualifiedName: f.path }] }] }),
          properties: {
            direction: f.direction,
            before: f.before,
            after: f.after,
            counterexample: f.counterexample,
            approved: f.approved,
          },
          ...(f.approved
            ? { suppressions: [{ kind: "inSource", justification: f.approved.reason }] }
            : {}),
        })),
      },
    ],
  };
}
