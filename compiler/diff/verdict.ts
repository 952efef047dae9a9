/**
 * What a finding means for the release, with the versions at hand — the rule `intentc build`
 * enforces (enforce.ts): a breaking change is allowed by a major bump of its domain (a minor bump
 * below 1.0.0) or by an approval, and blocks otherwise. `intentc diff` labels and exits by it,
 * so diff and build never disagree.
 */
import semver from "../vendor/semver.js";
import type { Program } from "../ir/types.js";
import { RULES } from "./rules.js";
import type { Finding } from "./types.js";

/** A domain's version in the base and now (absent: the domain is added / removed). */
export interface DomainVersion {
  readonly domain: string;
  readonly from?: string;
  readonly to?: string;
}

/**
 * - `blocking`: breaking, and neither a major bump nor an approval covers it (build fails);
 * - `bumped`: breaking, allowed by the domain's major version bump (or its removal);
 * - `approved`: breaking, covered by an `approvedBreaking` entry;
 * - `compatible`: not breaking (a warn or info finding).
 */
export type Standing = "blocking" | "bumped" | "approved" | "compatible";

/** Every domain of either program with its two versions, sorted by name. */
export function domainVersions(before: Program, after: Program): DomainVersion[] {
  const m = new Map<string, { from?: string; to?: string }>();
  for (const d of before.domains) m.set(d.name, { from: d.version });
  for (const d of after.domains) m.set(d.name, { ...m.get(d.name), to: d.version });
  return [...m]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([domain, v]) => ({ domain, ...v }));
}

/** The standing of one finding given the domains' versions. */
export function standing(f: Finding, versions: readonly DomainVersion[]): Standing {
  if (f.level !== "error") return "compatible";
  if (f.approved !== undefined) return "approved";
  // Slice findings never require a version (slices are not part of a domain's contract).
  if (RULES[f.rule]?.category === "slice") return "compatible";
  const v = versions.find((x) => x.domain === f.domain);
  // Without the domain's versions nothing allows the change.
  if (v === undefined) return "blocking";
  // A removed domain has no version left to bump (the build holds only present domains to theirs).
  if (v.to === undefined || v.from === undefined) return "bumped";
  if (semver.valid(v.from) === null || semver.valid(v.to) === null) return "blocking";
  return isMajorBump(v.from, v.to) ? "bumped" : "blocking";
}

/** The version a domain needs for its breaking changes: the next major (next minor below 1.0.0). */
export function requiredVersion(from: string): string {
  const v = semver.parse(from);
  if (v === null) return "a major version";
  return v.major === 0 ? `0.${v.minor + 1}.0` : `${v.major + 1}.0.0`;
}

/** True when `to` is a major bump over `from` (a minor bump while below 1.0.0). */
export function isMajorBump(from: string, to: string): boolean {
  const a = semver.parse(from)!;
  const b = semver.parse(to)!;
  if (b.major > a.major) return true;
  return a.major === 0 && b.major === 0 && b.minor > a.minor;
}
