/**
 * Semver enforcement for `intentc build`: a breaking change needs a major bump (a minor bump
 * below 1.0.0); a version may not decrease; a released version may not change content.
 * Approvals (`approvedBreaking`) must name a known rule, match a change, and not be expired.
 */
import semver from "../vendor/semver.js";
import type { Diagnostic } from "../diagnostic.js";
import { createCollector } from "../diagnostics.js";
import type { BreakingApproval, Loc, Program } from "../ir/types.js";
import { LOCK_PATH, type LockFile } from "./lock-file.js";
import { elementHashes, hashValue } from "../ir/normalize.js";
import { findingsSince } from "./changelog.js";
import { computeFindings, declarations, isBreaking, removedName } from "./findings.js";
import { isRule, RULES } from "./rules.js";
import type { Finding } from "./types.js";
import { isMajorBump, requiredVersion } from "./verdict.js";
import type { OracleOptions } from "./oracle.js";

/** Options of {@link enforceVersions}. */
export interface EnforceOptions extends OracleOptions {
  /** Today's date (YYYY-MM-DD) for approval expiry; default: the current UTC date. */
  readonly today?: string;
}

/** Path of the lock file, for diagnostics about the lock itself. */
export { LOCK_PATH };

/** Compare the program with the previous lock; report version-policy errors. */
export function enforceVersions(
  program: Program,
  previous: LockFile | undefined,
  options: EnforceOptions = {},
): Diagnostic[] {
  const diags = createCollector();
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  for (const d of program.domains) {
    if (semver.valid(d.version) === null)
      diags.report("invalid-semver", { version: d.version }, d.versionLoc ?? d.loc);
  }
  const approvals: [string, readonly BreakingApproval[]][] = [
    ...declarations(program).map(([key, decl]): [string, readonly BreakingApproval[]] => [
      key,
      decl.approvedBreaking,
    ]),
    ...program.domains.map((d): [string, readonly BreakingApproval[]] => [
      d.name,
      d.approvedBreaking ?? [],
    ]),
  ];
  for (const [key, list] of approvals) {
    for (const a of list) {
      const element = a.element === undefined ? key : `${key}/${a.element}`;
      if (!isRule(a.rule)) diags.report("unknown-approval-rule", { rule: a.rule }, a.loc);
      else if (a.expires < today || !/^\d{4}-\d{2}-\d{2}$/.test(a.expires))
        diags.report("expired-approval", { rule: a.rule, element, expires: a.expires }, a.loc);
    }
  }
  if (previous === undefined) return [...diags.diagnostics];
  const stale = staleness(previous);
  if (stale !== undefined) {
    diags.report(
      "stale-lock",
      { detail: stale },
      { file: LOCK_PATH, line: 1, column: 1, endLine: 1, endColumn: 1 },
    );
    return [...diags.diagnostics];
  }
  // With the default oracle, the findings are the ones the change log uses (computed once).
  const findings =
    options.seed === undefined && options.numRuns === undefined
      ? findingsSince(program, previous)
      : computeFindings(previous.program, program, options);
  reportUnusedApprovals(program, previous.program, findings, diags.report);
  for (const d of program.domains) {
    const before = previous.program.domains.find((x) => x.name === d.name);
    if (
      before === undefined ||
      semver.valid(d.version) === null ||
      semver.valid(before.version) === null
    )
      continue;
    if (semver.lt(d.version, before.version)) {
      diags.report(
        "version-decreased",
        { domain: d.name, from: before.version, to: d.version },
        d.versionLoc ?? d.loc,
      );
      continue;
    }
    const mine = findings.filter((f) => f.domain === d.name && RULES[f.rule]?.category !== "slice");
    const breaking = mine.filter(isBreaking);
    if (breaking.length > 0 && !isMajorBump(before.version, d.version)) {
      const declared = new Set(declarations(program).map(([key]) => key));
      for (const f of breaking) {
        const args = {
          rule: f.rule,
          domain: d.name,
          from: before.version,
          to: d.version,
          detail: detail(f),
        };
        diags.report("breaking-change-without-major", args, f.loc ?? d.loc, {
          hint: approvalHint(f, declared, requiredVersion(before.version)),
        });
      }
    } else if (
      mine.length > 0 &&
      semver.eq(d.version, before.version) &&
      semver.prerelease(before.version) === null
    ) {
      diags.report(
        "released-version-changed",
        { domain: d.name, count: mine.length, version: d.version },
        d.versionLoc ?? d.loc,
      );
    }
  }
  return [...diags.diagnostics];
}

/** The message detail of a finding, with the counterexample when there is one. */
export function detail(f: Finding): string {
  const cx = f.counterexample;
  if (cx === undefined) return f.message;
  const what =
    cx.kind === "old-accepts-new-rejects"
      ? "the old contract accepts and the new one rejects"
      : "the new contract allows and the old one rejects";
  const value = JSON.stringify(cx.value);
  // A guard's counterexample is an event payload on a record; an invariant's a record after another.
  if (f.rule.startsWith("guard-")) {
    const on = cx.entity !== undefined ? ` on the record ${JSON.stringify(cx.entity)}` : "";
    return `${f.message}; counterexample ${what}: the event payload ${value}${on}`;
  }
  const ctx =
    cx.entity !== undefined
      ? ` ${f.rule.startsWith("invariant-") ? "after" : "with"} ${JSON.stringify(cx.entity)}`
      : "";
  return `${f.message}; counterexample ${what}: ${value}${ctx}`;
}

/** True when `to` is a major bump over `from` (a minor bump while below 1.0.0). */
export { isMajorBump } from "./verdict.js";

function staleness(lock: LockFile): string | undefined {
  if (lock.program === undefined || !Array.isArray(lock.program.domains)) return "no program";
  const hashes = elementHashes(lock.program);
  const keys = new Set([...Object.keys(hashes), ...Object.keys(lock.elements ?? {})]);
  for (const k of [...keys].sort()) if (hashes[k] !== lock.elements?.[k]) return `element ${k}`;
  if (lock.programHash !== hashValue(lock.program)) return "program hash";
  return undefined;
}

/**
 * How to allow one breaking change: the version it needs, or an approval where it can be written
 * — next to the element, or (a removed declaration has no place left) at the top of the domain file.
 */
export function approvalHint(f: Finding, declared: ReadonlySet<string>, version: string): string {
  const name = declared.has(f.element) ? undefined : removedName(f.element, f.domain);
  const approve =
    name === undefined
      ? `approve it on '${f.element.split("/").slice(2).join("/") || f.domain}': approvedBreaking: [{ rule: ${f.rule}, reason, expires }]`
      : `approve the removal at the top of the domain file: approvedBreaking: [{ rule: ${f.rule}, element: ${name}, reason, expires }]`;
  return `Bump the version to ${version}, or ${approve}.`;
}

type Report = ReturnType<typeof createCollector>["report"];

function reportUnusedApprovals(
  program: Program,
  before: Program,
  findings: readonly Finding[],
  report: Report,
): void {
  const declared = new Set(declarations(program).map(([key]) => key));
  for (const d of program.domains) {
    const carried = before.domains.find((x) => x.name === d.name)?.approvedBreaking ?? [];
    for (const a of d.approvedBreaking ?? []) {
      if (!isRule(a.rule)) continue;
      if (
        findings.some(
          (f) =>
            f.domain === d.name &&
            f.rule === a.rule &&
            !declared.has(f.element) &&
            removedName(f.element, d.name) === a.element,
        )
      )
        continue;
      if (
        carried.some(
          (c) =>
            c.rule === a.rule &&
            c.element === a.element &&
            c.reason === a.reason &&
            c.expires === a.expires,
        )
      )
        continue;
      report("unused-approval", { rule: a.rule, element: `${d.name}/${a.element}` }, a.loc as Loc);
    }
  }
  const old = new Map(declarations(before));
  for (const [key, decl] of declarations(program)) {
    const carried = old.get(key)?.approvedBreaking ?? [];
    for (const a of decl.approvedBreaking) {
      if (!isRule(a.rule)) continue;
      if (findings.some((f) => f.element === key && f.rule === a.rule)) continue;
      // An approval already in the base was used by the build that wrote the lock: keep until it expires.
      if (
        carried.some((c) => c.rule === a.rule && c.reason === a.reason && c.expires === a.expires)
      )
        continue;
      report("unused-approval", { rule: a.rule, element: key }, a.loc as Loc);
    }
  }
}
