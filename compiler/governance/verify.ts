/**
 * `verify`: the change between two commits (base and head, default HEAD) checked against a slice.
 * Both sides are read from git objects (`git ls-tree`), never from the working tree, so a commit
 * cannot hide an out-of-scope change by restoring the file on disk, a FIFO in place of a slice
 * root cannot mask a committed change, and a committed deletion is seen even with an untracked
 * copy left behind. The working tree is compared with the head commit too, but only as a
 * labelled extra (`worktreeExtra`): it never decides the result. Working-tree content is read
 * with lstat, never through git, so no filter, fsmonitor or textconv can run.
 */
import { join } from "node:path";
import { allPassed, propertyResults, runGates } from "./gates.js";
import { gitOk, listTree, objectFormat, resolveCommit, splitZ } from "./git.js";
import {
  diffManifests,
  statEntry,
  takeManifest,
  type Manifest,
  type ManifestEntry,
} from "./manifest.js";
import { checkChanges } from "./policy.js";
import { createUnsafeExecutor } from "./sandbox.js";
import type { Evidence, WorktreeExtra } from "./evidence.js";
import type { SlicePack } from "./types.js";

/** Options for {@link verifySlice}. */
export interface VerifyOptions {
  readonly repo: string;
  readonly pack: SlicePack;
  readonly base: string;
  /** Head commit-ish. @default "HEAD" */
  readonly head?: string;
  /** Run the tier's gates after a clean scope check. @default true */
  readonly gates?: boolean;
  /** Environment for the gates (verify runs on a trusted checkout, e.g. CI). */
  readonly env?: Readonly<Record<string, string>>;
}

/** Result of verify: the evidence, or a user-facing error. */
export type VerifyResult = { ok: true; evidence: Evidence } | { ok: false; error: string };

function treeEntry(mode: string, oid: string, size = -1): ManifestEntry {
  if (mode === "120000") return { type: "symlink", mode: 0o777, size, oid };
  if (mode === "160000") return { type: "gitlink", mode: 0, size: -1, oid };
  return { type: "file", mode: mode === "100755" ? 0o755 : 0o644, size, oid };
}

/** A commit's tree as a manifest, from git objects only. */
export function commitManifest(repo: string, commit: string): Manifest {
  const m: Manifest = new Map();
  for (const [path, e] of listTree(repo, commit)) m.set(path, treeEntry(e.mode, e.oid, e.size));
  return m;
}

/** Both sides of the change: the base tree and the working tree, as manifests. */
export function workingChanges(repo: string, base: string, writeRoots: readonly string[]) {
  const algo = objectFormat(repo);
  const before: Manifest = new Map();
  for (const [path, e] of listTree(repo, base)) before.set(path, treeEntry(e.mode, e.oid, e.size));
  const after: Manifest = new Map();
  const staged = gitOk(repo, ["ls-files", "-z", "--stage"]).toString("utf8").split("\0");
  for (const rec of staged) {
    if (rec === "") continue;
    const tab = rec.indexOf("\t");
    const [mode, oid] = rec.slice(0, tab).split(" ");
    const path = rec.slice(tab + 1);
    if (mode === "160000") {
      after.set(path, treeEntry(mode, oid));
      continue;
    }
    const e = statEntry(join(repo, path), { objectFormat: algo });
    if (e !== undefined) after.set(path, e);
  }
  for (let path of splitZ(gitOk(repo, ["ls-files", "-z", "--others", "--exclude-standard"]))) {
    const nestedRepo = path.endsWith("/");
    path = path.replace(/\/+$/, "");
    const e = statEntry(join(repo, path), { objectFormat: algo });
    if (e !== undefined)
      after.set(path, nestedRepo && e.type === "dir" ? { type: "gitlink", mode: 0, size: 0 } : e);
  }
  const hidden = new Set<string>();
  for (const root of writeRoots) {
    const rootEntry = statEntry(join(repo, root));
    if (rootEntry?.type !== "dir") continue;
    for (const [rel, e] of takeManifest(join(repo, root), { objectFormat: algo })) {
      const path = `${root}/${rel}`;
      if (
        after.has(path) ||
        [...after.keys()].some((p) => after.get(p)?.type === "gitlink" && path.startsWith(p + "/"))
      )
        continue;
      if (e.type === "dir" && !path.split("/").includes(".git")) continue;
      after.set(path, e);
      if (!before.has(path)) hidden.add(path);
    }
  }
  return { before, after, hidden };
}

/** Check the change since `base` against the slice, then run its gates. */
export function verifySlice(options: VerifyOptions): VerifyResult {
  const { repo, pack } = options;
  const base = resolveCommit(repo, options.base);
  if (base === undefined) return { ok: false, error: `'${options.base}' does not name a commit.` };
  const head = resolveCommit(repo, options.head ?? "HEAD");
  if (head === undefined)
    return { ok: false, error: `'${options.head ?? "HEAD"}' does not name a commit.` };
  const after = commitManifest(repo, head);
  const changes = diffManifests(commitManifest(repo, base), after);
  const { files, violations } = checkChanges(changes, {
    writes: pack.writes,
    maxFileBytes: pack.limits.fileSizeBytes,
    tree: after.keys(),
  });
  const worktreeExtra = worktreeAgainst(repo, head, pack);
  const runGatesNow = options.gates !== false && violations.length === 0;
  const gates = runGatesNow
    ? runGates(
        pack.risk.gates,
        createUnsafeExecutor(repo, pack.limits, { ...(options.env ?? {}) }),
        1,
      )
    : [];
  // Scope-only (--no-gates) passes on a clean scope and says so; otherwise no gate run is never a pass.
  const result =
    violations.length > 0
      ? "rejected"
      : (runGatesNow ? allPassed(gates) : true)
        ? "passed"
        : "failed";
  const reason =
    result === "rejected"
      ? `${violations.length} change(s) out of policy; gates not run.`
      : result === "failed"
        ? `Gate '${gates.find((g) => g.status !== "passed" && g.status !== "skipped")?.name}' failed.`
        : runGatesNow
          ? "Every change is in scope and every gate passed."
          : "Every change is in scope (gates not run).";
  const dirty =
    worktreeExtra.files.length > 0
      ? ` The working tree differs from ${head.slice(0, 12)} in ${worktreeExtra.files.length} path(s) (worktreeExtra; not part of the verdict${runGatesNow ? ", but the gates ran on it" : ""}).`
      : "";
  const evidence: Evidence = {
    format: 1,
    kind: "verify",
    slice: pack.id,
    packHash: pack.packHash,
    intentVersions: pack.intentVersions,
    base,
    head,
    result,
    reason: reason + dirty,
    risk: { tier: pack.risk.tier, approvals: pack.risk.approvals, retries: pack.risk.retries },
    attempts: runGatesNow ? 1 : 0,
    sandbox: "none",
    files,
    violations,
    gates,
    properties: propertyResults(pack.invariants, gates),
    approvals: { required: pack.risk.approvals, recorded: [] },
    untrusted: {},
    worktreeExtra,
  };
  return { ok: true, evidence };
}

/** The working tree against the head commit: an extra for the reviewer, never the verdict. */
function worktreeAgainst(repo: string, head: string, pack: SlicePack): WorktreeExtra {
  const { before, after, hidden } = workingChanges(repo, head, pack.writeRoots);
  const r = checkChanges(diffManifests(before, after), {
    writes: pack.writes,
    maxFileBytes: pack.limits.fileSizeBytes,
    hidden,
    tree: after.keys(),
  });
  return {
    note: `The working tree compared with the head commit ${head.slice(0, 12)}. NOT verified: the result above is decided by the commits alone.`,
    files: r.files,
    violations: r.violations,
  };
}
