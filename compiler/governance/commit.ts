/**
 * Build a commit from a base commit plus recorded file changes with git plumbing only (temp index,
 * hash-object, update-index, write-tree, commit-tree, update-ref): no working tree is touched,
 * no hook, filter or pager runs, and a branch is only ever created, never moved.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gitOk, runGit } from "./git.js";

/** One change to apply: content for adds/modifications, none for deletions. */
export interface TreeChange {
  readonly path: string;
  readonly mode?: string;
  readonly content?: Buffer;
}

/** Author/committer identity and message of a commit. */
export interface CommitInfo {
  readonly message: string;
  readonly authorName: string;
  readonly authorEmail: string;
  /** ISO date used for author and committer dates. */
  readonly date: string;
}

/** Write the blobs and a tree for `base` + `changes`; returns the tree id and blob ids by path. */
export function buildTree(
  repo: string,
  base: string,
  changes: readonly TreeChange[],
): { tree: string; oids: Map<string, string> } {
  const tmp = mkdtempSync(join(tmpdir(), "intentc-index-"));
  const env = { GIT_INDEX_FILE: join(tmp, "index") };
  const oids = new Map<string, string>();
  try {
    gitOk(repo, ["read-tree", base], { env });
    const lines: string[] = [];
    for (const c of changes) {
      if (c.content === undefined) {
        gitOk(repo, ["update-index", "--force-remove", "--", c.path], { env });
        continue;
      }
      const oid = gitOk(repo, ["hash-object", "-w", "--no-filters", "--stdin"], {
        input: c.content,
      })
        .toString("utf8")
        .trim();
      oids.set(c.path, oid);
      lines.push(`${c.mode ?? "100644"} ${oid}\t${c.path}`);
    }
    if (lines.length > 0)
      gitOk(repo, ["update-index", "--add", "-z", "--index-info"], {
        env,
        input: lines.join("\0") + "\0",
      });
    const tree = gitOk(repo, ["write-tree"], { env }).toString("utf8").trim();
    return { tree, oids };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** Create a commit object for `tree` on top of `base` (no ref is moved). */
export function commitTree(repo: string, tree: string, base: string, info: CommitInfo): string {
  const env = {
    GIT_AUTHOR_NAME: info.authorName,
    GIT_AUTHOR_EMAIL: info.authorEmail,
    GIT_AUTHOR_DATE: info.date,
    GIT_COMMITTER_NAME: "intentc",
    GIT_COMMITTER_EMAIL: "intentc@localhost",
    GIT_COMMITTER_DATE: info.date,
  };
  return gitOk(repo, ["commit-tree", tree, "-p", base, "-F", "-"], { env, input: info.message })
    .toString("utf8")
    .trim();
}

/** Create `refs/heads/<branch>` at `commit`; fails when the branch exists or the name is invalid. */
export function createBranch(
  repo: string,
  branch: string,
  commit: string,
): { ok: true } | { ok: false; reason: string } {
  const check = runGit(repo, ["check-ref-format", "--branch", branch]);
  if (check.status !== 0) return { ok: false, reason: `'${branch}' is not a valid branch name` };
  const zero = "0".repeat(commit.length);
  const r = runGit(repo, [
    "update-ref",
    "--no-deref",
    "-m",
    "intentc promote",
    `refs/heads/${branch}`,
    commit,
    zero,
  ]);
  if (r.status !== 0)
    return { ok: false, reason: `branch '${branch}' could not be created: ${r.stderr.trim()}` };
  return { ok: true };
}

/** A binary patch between two commits (tree to tree: no working tree, textconv or external diff). */
export function diffPatch(repo: string, base: string, head: string): string {
  return gitOk(repo, [
    "diff",
    "--no-textconv",
    "--no-ext-diff",
    "--no-color",
    "--binary",
    "--full-index",
    base,
    head,
    "--",
  ]).toString("utf8");
}
