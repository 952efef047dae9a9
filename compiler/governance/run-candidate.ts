/**
 * The candidate change of a run (governance/run.ts): the worktree's changes against the pre-run
 * manifest, each changed file stored as a blob of the run, built into a tree on the base commit
 * and committed under the agent's name, with the patch beside it. Nothing here can promote.
 */
import { join } from "node:path";
import { buildTree, commitTree, diffPatch } from "./commit.js";
import { diffManifests, readFileNoFollow, type Manifest } from "./manifest.js";
import { gitModeOf, writeFileInside, type RecordedChange } from "./store.js";

/** What a candidate is recorded from. */
export interface CandidateSpec {
  readonly worktree: string;
  readonly runDir: string;
  /** The base commit. */
  readonly base: string;
  /** Manifests of the worktree before the agent ran and after the last attempt. */
  readonly pre: Manifest;
  readonly after: Manifest;
  /** Largest file read into a blob. */
  readonly maxFileBytes: number;
  readonly message: string;
  readonly agentName: string;
}

/** Record the candidate: its changes, tree and commit (and `patch.diff` in the run dir). */
export function recordCandidate(spec: CandidateSpec): {
  changes: RecordedChange[];
  candidateTree?: string;
  candidateCommit?: string;
} {
  const { worktree, runDir, base, pre, after, agentName } = spec;
  const changes: RecordedChange[] = [];
  const treeChanges = diffManifests(pre, after).map((c, i) => {
    if (c.after === undefined || c.after.type !== "file") return { path: c.path, status: c.status };
    const content = readFileNoFollow(join(worktree, c.path), spec.maxFileBytes) ?? Buffer.alloc(0);
    const blob = `files/${String(i).padStart(5, "0")}`;
    writeFileInside(runDir, blob, content, 0o600);
    return {
      path: c.path,
      status: c.status,
      mode: gitModeOf(c.after.type, c.after.mode),
      content,
      blob,
    };
  });
  const built = buildTree(worktree, base, treeChanges);
  const candidateTree = built.tree;
  for (const c of treeChanges)
    changes.push({
      path: c.path,
      status: c.status,
      ...(c.content ? { mode: c.mode, oid: built.oids.get(c.path), blob: c.blob } : {}),
    });
  const candidateCommit = commitTree(worktree, built.tree, base, {
    message: spec.message,
    authorName: agentName.replace(/[<>\n]/g, ""),
    authorEmail: "agent@intentc.invalid",
    date: new Date().toISOString(),
  });
  writeFileInside(runDir, "patch.diff", diffPatch(worktree, base, candidateCommit));
  return { changes, candidateTree, candidateCommit };
}
