/**
 * What the review app shows, read from the shared remote's run refs: every published run with its
 * evidence and review progress, and for one run the pack it ran against (from the base commit,
 * not anyone's working tree) and its patch.
 */
import { fleetGit, fetchRefs, showFile } from "../fleet/remote.js";
import { reviewAtRef } from "../fleet/review-actions.js";
import type { ReviewState } from "../fleet/types.js";
import type { Evidence } from "../governance/evidence.js";
import type { RunRecord } from "../governance/store.js";
import type { SlicePack } from "../governance/types.js";

/** Where a run stands for a reviewer. */
export type ReviewStatus = "awaiting review" | "approved" | "promoted" | "rejected" | "failed";

/** A run in the list. */
export interface RunSummary {
  readonly runId: string;
  readonly slice: string;
  readonly result: Evidence["result"];
  readonly reason: string;
  readonly agentName: string;
  readonly status: ReviewStatus;
  readonly review: ReviewState;
}

/** Everything the run page shows. */
export interface RunDetail extends RunSummary {
  readonly evidence: Evidence;
  readonly run: RunRecord;
  readonly pack?: SlicePack;
  readonly patch: string;
}

function json<T>(repo: string, commit: string, name: string): T | undefined {
  const t = showFile(repo, commit, name);
  try {
    return t === undefined ? undefined : (JSON.parse(t) as T);
  } catch {
    return undefined;
  }
}

function statusOf(result: Evidence["result"], review: ReviewState): ReviewStatus {
  if (result !== "passed") return "failed";
  if (review.promoted) return "promoted";
  if (review.rejected) return "rejected";
  return review.approvals.length >= review.required ? "approved" : "awaiting review";
}

function summary(repo: string, runId: string): RunDetail | undefined {
  const ref = `refs/intentc/runs/${runId}`;
  const commit = fleetGit(repo, ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`])
    .stdout.toString("utf8")
    .trim();
  if (commit === "") return undefined;
  const evidence = json<Evidence>(repo, commit, "evidence.json");
  const run = json<RunRecord>(repo, commit, "run.json");
  const review = reviewAtRef(repo, runId, run?.approvalsRequired ?? 1);
  if (evidence === undefined || run === undefined || review === undefined || run.runId !== runId)
    return undefined;
  return {
    runId,
    slice: run.slice,
    result: run.result,
    reason: evidence.reason,
    agentName: run.agentName,
    status: statusOf(run.result, review),
    review,
    evidence,
    run,
    patch: "",
  };
}

/** Fetch every run ref from the remote and list the runs, newest first. */
export function listRuns(repo: string, target: string): RunSummary[] {
  fetchRefs(repo, target, ["refs/intentc/runs/*"]);
  const names = fleetGit(repo, [
    "for-each-ref",
    "--format=%(refname:strip=3)",
    "refs/intentc/runs/",
  ])
    .stdout.toString("utf8")
    .split("\n")
    .filter(Boolean);
  const runs = names.map((id) => summary(repo, id)).filter((r): r is RunDetail => r !== undefined);
  // Run ids embed their start time (yyyymmddThhmmss) after the slice name.
  const when = (id: string) => /-(\d{8}T\d{6})-[0-9a-f]{6}$/.exec(id)?.[1] ?? "";
  return runs.sort(
    (a, b) => when(b.runId).localeCompare(when(a.runId)) || b.runId.localeCompare(a.runId),
  );
}

/** One run with its pack (at the run's base) and its patch. */
export function runDetail(repo: string, target: string, runId: string): RunDetail | undefined {
  try {
    fetchRefs(repo, target, [`refs/intentc/runs/${runId}`]);
  } catch {
    return undefined;
  }
  const s = summary(repo, runId);
  if (s === undefined) return undefined;
  const commit = fleetGit(repo, ["rev-parse", `refs/intentc/runs/${runId}^{commit}`])
    .stdout.toString("utf8")
    .trim();
  const packText = fleetGit(repo, [
    "cat-file",
    "blob",
    `${s.run.base}:generated/slices/${s.slice}/slice.json`,
  ]);
  let pack: SlicePack | undefined;
  try {
    pack =
      packText.status === 0
        ? (JSON.parse(packText.stdout.toString("utf8")) as SlicePack)
        : undefined;
  } catch {
    pack = undefined;
  }
  return { ...s, ...(pack ? { pack } : {}), patch: showFile(repo, commit, "patch.diff") ?? "" };
}

/** The patch split per file (`diff --git` sections), for showing intent changes on their own. */
export function patchSections(patch: string): { path: string; text: string }[] {
  const out: { path: string; text: string }[] = [];
  for (const part of patch.split(/^(?=diff --git )/m)) {
    const m = /^diff --git a\/(.*?) b\//.exec(part);
    if (m) out.push({ path: m[1], text: part });
  }
  return out;
}
