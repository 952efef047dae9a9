/**
 * Diff + policy + oracle in one call, with approvals applied: the list of findings between a
 * base Program (the lock's) and the current Program, sorted deterministically.
 */
import type { BreakingApproval, Decl, Program } from "../ir/types.js";
import { COLLECTIONS, diffPrograms } from "./diff.js";
import { judge, type OracleOptions } from "./oracle.js";
import type { Finding } from "./types.js";

/** All findings from `before` to `after`, approvals applied, sorted by domain, path and rule. */
export function computeFindings(
  before: Program,
  after: Program,
  options: OracleOptions = {},
): Finding[] {
  const approvals = approvalsByElement(after);
  const declared = new Set(declarations(after).map(([key]) => key));
  const findings = judge(before, after, diffPrograms(before, after), options).map((f) => {
    const a =
      approvals.get(f.element)?.find((x) => x.rule === f.rule) ??
      removalApproval(after, declared, f);
    return a === undefined ? f : { ...f, approved: { reason: a.reason, expires: a.expires } };
  });
  return findings.sort(
    (a, b) => cmp(a.domain, b.domain) || cmp(a.path, b.path) || cmp(a.rule, b.rule),
  );
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Every declaration of a program with its lock key (`domain/kind/name`). */
export function declarations(program: Program): [string, Decl][] {
  const out: [string, Decl][] = [];
  for (const d of program.domains) {
    for (const [coll, kind] of COLLECTIONS)
      for (const el of d[coll] as readonly Decl[]) out.push([`${d.name}/${kind}/${el.name}`, el]);
  }
  return out;
}

/**
 * The domain-level approval covering a finding on a removed declaration (`approvedBreaking:
 * [{ rule: event-removed, element: ship, … }]` at the top of the domain file), if any.
 */
export function removalApproval(
  after: Program,
  declared: ReadonlySet<string>,
  f: { readonly domain: string; readonly element: string; readonly rule: string },
): BreakingApproval | undefined {
  if (declared.has(f.element)) return undefined;
  const name = removedName(f.element, f.domain);
  if (name === undefined) return undefined;
  return after.domains
    .find((d) => d.name === f.domain)
    ?.approvedBreaking?.find((a) => a.rule === f.rule && a.element === name);
}

/** The declaration name of a lock key `domain/kind/name` in `domain`, or undefined. */
export function removedName(element: string, domain: string): string | undefined {
  const parts = element.split("/");
  return parts.length === 3 && parts[0] === domain ? parts[2] : undefined;
}

/** `approvedBreaking` entries keyed by element. */
export function approvalsByElement(program: Program): Map<string, readonly BreakingApproval[]> {
  const m = new Map<string, readonly BreakingApproval[]>();
  for (const [key, decl] of declarations(program))
    if (decl.approvedBreaking.length > 0) m.set(key, decl.approvedBreaking);
  return m;
}

/** True when the finding breaks consumers and no approval covers it. */
export function isBreaking(f: Finding): boolean {
  return f.level === "error" && f.approved === undefined;
}
