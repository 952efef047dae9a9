/**
 * Approve, reject and promote a run from any clone that has the shared remote: fetch the run's
 * ref, lay its evidence package into `.intentc/runs/<run>/`, apply the governance runtime's own
 * `approveRun` / `promoteRun` there, and publish the result back as a new commit on the ref (a
 * lease on the old value: two reviewers acting at once cannot overwrite each other). A promoted
 * branch is pushed to the remote too, created only if it does not exist.
 */
import { join } from "node:path";
import { approveRun, promoteRun } from "../governance/promote.js";
import {
  readApprovals,
  readJsonFile,
  RUN_ID_PATTERN,
  writeFileInside,
  type RunRecord,
} from "../governance/store.js";
import type { Evidence } from "../governance/evidence.js";
import { fetchRefs, fleetGit, materializeRun, showFile, updateRunRef } from "./remote.js";
import { finishedState, type QueueBackend, type QueueEntry, type ReviewState } from "./types.js";

/** Outcome of a review action. */
export type ActionResult<T> = { ok: true; value: T } | { ok: false; error: string };

/** A run as fetched from the remote and laid out locally. */
export interface FetchedRun {
  readonly runId: string;
  readonly commit: string;
  readonly dir: string;
  readonly run: RunRecord;
  readonly evidence: Evidence;
  readonly review: ReviewState;
}

/** Review progress recorded in a run dir. */
export function reviewOf(dir: string, run: RunRecord): ReviewState {
  const rejected = readJsonFile<{ by: string; reason: string }>(join(dir, "rejected.json"));
  const promoted = readJsonFile<{ branch: string; commit: string }>(join(dir, "promoted.json"));
  return {
    approvals: readApprovals(dir).map((a) => a.by),
    required: run.approvalsRequired,
    ...(rejected ? { rejected: { by: rejected.by, reason: rejected.reason } } : {}),
    ...(promoted ? { promoted: { branch: promoted.branch, commit: promoted.commit } } : {}),
  };
}

/** Fetch `refs/intentc/runs/<run>` from the remote and lay it out under `.intentc/runs/<run>/`. */
export function fetchRun(repo: string, target: string, runId: string): ActionResult<FetchedRun> {
  if (!RUN_ID_PATTERN.test(runId)) return { ok: false, error: `'${runId}' is not a run id.` };
  const ref = `refs/intentc/runs/${runId}`;
  try {
    fetchRefs(repo, target, [ref]);
  } catch {
    return { ok: false, error: `No run '${runId}' in ${target} (no ${ref}).` };
  }
  const commit = fleetGit(repo, ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`])
    .stdout.toString("utf8")
    .trim();
  if (commit === "") return { ok: false, error: `No run '${runId}' in ${target}.` };
  const dir = materializeRun(repo, commit, runId);
  const run = readJsonFile<RunRecord>(join(dir, "run.json"));
  const evidence = readJsonFile<Evidence>(join(dir, "evidence.json"));
  if (run === undefined || evidence === undefined || run.runId !== runId)
    return { ok: false, error: `Run '${runId}' in ${target} is incomplete.` };
  return { ok: true, value: { runId, commit, dir, run, evidence, review: reviewOf(dir, run) } };
}

/** Approve a run by `by` and publish the approval. */
export function approveRemote(
  repo: string,
  target: string,
  runId: string,
  by: string,
): ActionResult<ReviewState> {
  const f = fetchRun(repo, target, runId);
  if (!f.ok) return f;
  if (f.value.review.rejected)
    return { ok: false, error: `Run '${runId}' was rejected by ${f.value.review.rejected.by}.` };
  if (f.value.review.promoted) return { ok: false, error: `Run '${runId}' is already promoted.` };
  const r = approveRun(repo, runId, by);
  if (!r.ok) return r;
  return publish(repo, target, f.value, `approved by ${by.trim()}`);
}

/** Reject a run with a reason and publish the rejection. */
export function rejectRemote(
  repo: string,
  target: string,
  runId: string,
  by: string,
  reason: string,
): ActionResult<ReviewState> {
  const f = fetchRun(repo, target, runId);
  if (!f.ok) return f;
  if (f.value.review.promoted) return { ok: false, error: `Run '${runId}' is already promoted.` };
  const why = reason.trim();
  if (why === "") return { ok: false, error: "A rejection needs a reason." };
  writeFileInside(
    f.value.dir,
    "rejected.json",
    JSON.stringify({ by, reason: why.slice(0, 4000), at: new Date().toISOString() }, null, 2) +
      "\n",
  );
  return publish(repo, target, f.value, `rejected by ${by}`);
}

/** Promote a run (branch + commit, pushed to the remote) once its approvals are met. */
export function promoteRemote(
  repo: string,
  target: string,
  runId: string,
  by: string,
  branch?: string,
): ActionResult<ReviewState> {
  const f = fetchRun(repo, target, runId);
  if (!f.ok) return f;
  if (f.value.review.rejected)
    return { ok: false, error: `Run '${runId}' was rejected by ${f.value.review.rejected.by}.` };
  if (f.value.review.promoted)
    return {
      ok: false,
      error: `Run '${runId}' is already promoted (${f.value.review.promoted.branch}).`,
    };
  if (fleetGit(repo, ["cat-file", "-e", `${f.value.run.base}^{commit}`]).status !== 0)
    fleetGit(repo, [
      "fetch",
      "--quiet",
      "--no-tags",
      "--no-write-fetch-head",
      "--",
      target,
      f.value.run.base,
    ]);
  const p = promoteRun(repo, runId, branch ? { branch } : {});
  if (!p.ok) return p;
  const ref = `refs/heads/${p.value.branch}`;
  const pushed = fleetGit(repo, [
    "push",
    "--quiet",
    `--force-with-lease=${ref}:`,
    "--",
    target,
    `${p.value.commit}:${ref}`,
  ]);
  if (pushed.status !== 0) {
    fleetGit(repo, ["update-ref", "-d", ref, p.value.commit]);
    return {
      ok: false,
      error: `branch ${p.value.branch} could not be pushed: ${pushed.stderr.trim()}`,
    };
  }
  writeFileInside(
    f.value.dir,
    "promoted.json",
    JSON.stringify({ ...p.value, by, at: new Date().toISOString() }, null, 2) + "\n",
  );
  return publish(repo, target, f.value, `promoted to ${p.value.branch} by ${by}`);
}

function publish(
  repo: string,
  target: string,
  f: FetchedRun,
  what: string,
): ActionResult<ReviewState> {
  try {
    updateRunRef(repo, target, f.runId, f.commit, f.dir, `intentc run ${f.runId}: ${what}\n`);
  } catch (e) {
    return { ok: false, error: (e as Error).message };
  }
  return { ok: true, value: reviewOf(f.dir, f.run) };
}

/** Copy a run's review progress into the queue entry that produced it (if this queue has one). */
export async function syncQueue(
  queue: QueueBackend,
  runId: string,
  review: ReviewState,
): Promise<boolean> {
  const entry = (await queue.list()).find((e) => e.outcome?.runId === runId);
  if (entry === undefined) return false;
  await queue.setReview(entry.id, review);
  return true;
}

/** Review progress as the run's ref in the remote records it (the ref is the record). */
export function reviewAtRef(
  repo: string,
  runId: string,
  required: number,
): ReviewState | undefined {
  const commit = fleetGit(repo, [
    "rev-parse",
    "--verify",
    "--quiet",
    `refs/intentc/runs/${runId}^{commit}`,
  ])
    .stdout.toString("utf8")
    .trim();
  if (commit === "") return undefined;
  const json = <T>(name: string): T | undefined => {
    const t = showFile(repo, commit, name);
    try {
      return t === undefined ? undefined : (JSON.parse(t) as T);
    } catch {
      return undefined;
    }
  };
  const approvals = (json<Array<{ by: string }>>("approvals.json") ?? []).map((a) => String(a.by));
  const rejected = json<{ by: string; reason: string }>("rejected.json");
  const promoted = json<{ branch: string; commit: string }>("promoted.json");
  return {
    approvals,
    required,
    ...(rejected ? { rejected: { by: String(rejected.by), reason: String(rejected.reason) } } : {}),
    ...(promoted
      ? { promoted: { branch: String(promoted.branch), commit: String(promoted.commit) } }
      : {}),
  };
}

/** Queue entries with the review progress their runs' refs hold now (one fetch per remote). */
export function withReviewFromRefs(repo: string, entries: readonly QueueEntry[]): QueueEntry[] {
  const targets = new Set(
    entries.filter((e) => e.outcome?.result === "passed").map((e) => e.outcome?.remote as string),
  );
  for (const t of targets) {
    try {
      fetchRefs(repo, t, ["refs/intentc/runs/*"]);
    } catch {
      // Remote unreachable: show what the queue recorded.
    }
  }
  return entries.map((e) => {
    if (e.outcome?.result !== "passed") return e;
    const review = reviewAtRef(repo, e.outcome.runId, e.outcome.approvalsRequired);
    return review ? { ...e, review, state: finishedState(e.outcome, review) } : e;
  });
}
