/**
 * The change log as data. History lives in the lock (`changelog`), so CHANGELOG.md is a pure
 * function of (previous lock, program): each build diffs the program against the lock's
 * program and merges the findings into the entry for (domain, current version). A rebuild with
 * a lock equal to its own output finds no change, keeps the history, and writes the same bytes.
 */
import semver from "../vendor/semver.js";
import { derived, keyedDerivation } from "../ir/derived.js";
import type { Program } from "../ir/types.js";
import type { ChangelogChange, ChangelogEntry, LockFile } from "./lock-file.js";
import { computeFindings } from "./findings.js";
import type { Finding, Level } from "./types.js";

export type { ChangelogChange, ChangelogEntry } from "./lock-file.js";

/** A lock with its change log (the lock file type carries it already). */
export type LockWithChangelog = LockFile;

/** The findings since a previous lock (version enforcement and the change log both read them). */
const FINDINGS_SINCE = keyedDerivation(
  "findings since a previous lock",
  (program: Program, previous: LockFile) => computeFindings(previous.program, program),
);

/** Findings between the previous lock and the program, computed once per (program, lock). */
export function findingsSince(program: Program, previous: LockFile | undefined): Finding[] {
  return previous === undefined ? [] : derived(program, FINDINGS_SINCE, previous);
}

/** The accumulated history after this build (to store in the new lock as `changelog`). */
export function changelogHistory(
  program: Program,
  previous: LockFile | undefined,
): ChangelogEntry[] {
  const history = new Map<string, ChangelogEntry>();
  const key = (d: string, v: string) => `${d}@${v}`;
  for (const e of previous?.changelog ?? []) history.set(key(e.domain, e.version), e);
  const known = new Set([...history.values()].map((e) => e.domain));
  for (const d of program.domains) {
    // A domain the history has never seen starts a baseline, unless this build adds it (then the
    // `domain-added` finding opens its entry).
    if (
      !known.has(d.name) &&
      (previous === undefined || previous.program.domains.some((x) => x.name === d.name))
    ) {
      history.set(key(d.name, d.version), {
        domain: d.name,
        version: d.version,
        baseline: true,
        changes: [],
      });
    }
  }
  const byDomain = new Map<string, Finding[]>();
  for (const f of findingsSince(program, previous))
    byDomain.set(f.domain, [...(byDomain.get(f.domain) ?? []), f]);
  for (const [domain, fs] of byDomain) {
    const version =
      program.domains.find((d) => d.name === domain)?.version ??
      previous?.program.domains.find((d) => d.name === domain)?.version ??
      "0.0.0";
    const k = key(domain, version);
    const prev = history.get(k);
    const merged = new Map<string, ChangelogChange>();
    for (const c of prev?.changes ?? []) merged.set(`${c.path} ${c.rule}`, c);
    for (const f of fs)
      merged.set(`${f.path} ${f.rule}`, {
        rule: f.rule,
        level: f.level,
        path: f.path,
        message: f.message,
      });
    const changes = [...merged.values()].sort((a, b) => cmp(a.path, b.path) || cmp(a.rule, b.rule));
    history.set(k, { domain, version, ...(prev?.baseline ? { baseline: true } : {}), changes });
  }
  return [...history.values()].sort(
    (a, b) => cmp(a.domain, b.domain) || compareVersionsDesc(a.version, b.version),
  );
}

function compareVersionsDesc(a: string, b: string): number {
  if (semver.valid(a) && semver.valid(b)) return semver.rcompare(a, b);
  return cmp(b, a);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The entry for a domain's current version, if any. */
export function currentEntry(
  history: readonly ChangelogEntry[],
  domain: string,
  version: string,
): ChangelogEntry | undefined {
  return history.find((e) => e.domain === domain && e.version === version);
}
