/**
 * Ring 4: approvals are recorded by people, and only when every gate passed, the scope is clean
 * and the tier's approval count is met does the orchestrator create a branch and commit from the
 * run's recorded changes. The agent never reaches this code: its sandbox sees neither the run
 * store nor the repository's `.git`.
 */
import { createHash } from "node:crypto";
import { join } from "node:path";
import { buildTree, commitTree, createBranch } from "./commit.js";
import { renderEvidenceMarkdown, type Approval, type Evidence } from "./evidence.js";
import { blobOid, objectFormat, resolveCommit } from "./git.js";
import { readFileNoFollow } from "./manifest.js";
import {
  getRunDir,
  readApprovals,
  readJsonFile,
  writeFileInside,
  type RunRecord,
} from "./store.js";

/** Where a promoted commit carries its evidence: `<dir>/<run-id>/{evidence.json,EVIDENCE.md}`. */
export const EVIDENCE_DIR = ".intentc/evidence";

/** Approver names: a person or account, no control characters. */
export const APPROVER_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._@+ -]{0,63}$/;

/** Outcome of approve or promote. */
export type GovernanceResult<T> = { ok: true; value: T } | { ok: false; error: string };

function loadRun(
  repo: string,
  runId: string,
): GovernanceResult<{ dir: string; run: RunRecord; evidence: Evidence }> {
  const dir = getRunDir(repo, runId);
  if (dir === undefined) return { ok: false, error: `No run '${runId}' under .intentc/runs.` };
  const run = readJsonFile<RunRecord>(join(dir, "run.json"));
  const evidence = readJsonFile<Evidence>(join(dir, "evidence.json"));
  if (run === undefined || evidence === undefined || run.runId !== runId)
    return { ok: false, error: `Run '${runId}' is incomplete or corrupt.` };
  return { ok: true, value: { dir, run, evidence } };
}

/** Record an approval of a run by a person; never by the agent that made it. */
export function approveRun(
  repo: string,
  runId: string,
  by: string,
  now = new Date(),
): GovernanceResult<{ approvals: Approval[]; required: number }> {
  const loaded = loadRun(repo, runId);
  if (!loaded.ok) return loaded;
  const { dir, run, evidence } = loaded.value;
  const name = by.trim();
  if (!APPROVER_PATTERN.test(name))
    return { ok: false, error: `'${by}' is not a valid approver name.` };
  if (name.toLowerCase() === run.agentName.toLowerCase() || name.toLowerCase() === "intentc")
    return {
      ok: false,
      error: `'${name}' is the agent that made this run; an agent can never approve its own change.`,
    };
  if (run.result !== "passed")
    return { ok: false, error: `Run '${runId}' ${run.result}; only a passed run can be approved.` };
  const approvals = readApprovals(dir);
  if (!approvals.some((a) => a.by.toLowerCase() === name.toLowerCase()))
    approvals.push({ by: name, at: now.toISOString() });
  writeFileInside(dir, "approvals.json", JSON.stringify(approvals, null, 2) + "\n");
  const updated: Evidence = {
    ...evidence,
    approvals: { required: evidence.approvals.required, recorded: approvals },
  };
  writeFileInside(dir, "evidence.json", JSON.stringify(updated, null, 2) + "\n");
  writeFileInside(dir, "EVIDENCE.md", renderEvidenceMarkdown(updated));
  return { ok: true, value: { approvals, required: run.approvalsRequired } };
}

/** Create `intentc/<slice>/<run>` with one commit holding the run's changes, if the run may be promoted. */
export function promoteRun(
  repo: string,
  runId: string,
  options: { branch?: string } = {},
): GovernanceResult<{ branch: string; commit: string }> {
  const loaded = loadRun(repo, runId);
  if (!loaded.ok) return loaded;
  const { dir, run, evidence } = loaded.value;
  if (run.result !== "passed" || evidence.result !== "passed")
    return {
      ok: false,
      error: `Run '${runId}' ${run.result}: promotion needs every gate passed and a clean scope.`,
    };
  if (evidence.violations.length > 0)
    return { ok: false, error: `Run '${runId}' has scope violations.` };
  const approvers = new Set(
    readApprovals(dir)
      .map((a) => a.by.toLowerCase())
      .filter((n) => APPROVER_PATTERN.test(n) && n !== run.agentName.toLowerCase()),
  );
  if (approvers.size < run.approvalsRequired)
    return {
      ok: false,
      error: `Run '${runId}' has ${approvers.size} approval(s); risk tier '${evidence.risk.tier}' requires ${run.approvalsRequired}. Record one with 'intentc approve ${runId} --by <name>'.`,
    };
  if (resolveCommit(repo, run.base) !== run.base)
    return { ok: false, error: `Base commit ${run.base} is not in this repository.` };
  const algo = objectFormat(repo);
  const changes = [];
  for (const c of run.changes) {
    if (c.blob === undefined) {
      changes.push({ path: c.path });
      continue;
    }
    const content = readFileNoFollow(join(dir, c.blob), 1 << 30);
    if (content === undefined || blobOid(content, algo) !== c.oid)
      return { ok: false, error: `Recorded content of '${c.path}' is missing or altered.` };
    changes.push({ path: c.path, mode: c.mode, content });
  }
  const { tree } = buildTree(repo, run.base, changes);
  if (run.candidateTree !== undefined && tree !== run.candidateTree)
    return {
      ok: false,
      error: `Rebuilt tree ${tree} differs from the run's candidate ${run.candidateTree}.`,
    };
  // The evidence travels with the change: committed next to it, outside every slice's scope
  // (.intentc/ is a control path), and its sha256 in a trailer.
  const evidenceDir = `${EVIDENCE_DIR}/${runId}`;
  if (run.changes.some((c) => c.path === ".intentc" || c.path.startsWith(".intentc/")))
    return {
      ok: false,
      error: `Run '${runId}' changes paths under .intentc/, where the evidence is committed.`,
    };
  const evidenceJson = readFileNoFollow(join(dir, "evidence.json"), 16 << 20);
  const evidenceMd = readFileNoFollow(join(dir, "EVIDENCE.md"), 16 << 20);
  if (evidenceJson === undefined || evidenceMd === undefined)
    return { ok: false, error: `Run '${runId}' has no evidence to commit.` };
  const withEvidence = buildTree(repo, run.base, [
    ...changes,
    { path: `${evidenceDir}/evidence.json`, mode: "100644", content: evidenceJson },
    { path: `${evidenceDir}/EVIDENCE.md`, mode: "100644", content: evidenceMd },
  ]);
  const trailers = [
    `Evidence: ${evidenceDir}/evidence.json`,
    `Evidence-sha256: ${createHash("sha256").update(evidenceJson).digest("hex")}`,
    `Candidate-tree: ${tree}`,
    `Pack-hash: ${evidence.packHash}`,
    ...[...approvers].sort().map((a) => `Approved-by: ${a}`),
  ];
  const message = `slice ${run.slice}: agent change from run ${runId}\n\nThe change is exactly tree ${tree}; the evidence under ${evidenceDir}/ was checked by the gates against it.\n\n${trailers.join("\n")}\n`;
  const commit = commitTree(repo, withEvidence.tree, run.base, {
    message,
    authorName: run.agentName.replace(/[<>\n]/g, ""),
    authorEmail: "agent@intentc.invalid",
    date: new Date().toISOString(),
  });
  const branch = options.branch ?? `intentc/${run.slice}/${runId}`;
  const made = createBranch(repo, branch, commit);
  if (!made.ok) return { ok: false, error: made.reason };
  return { ok: true, value: { branch, commit } };
}
