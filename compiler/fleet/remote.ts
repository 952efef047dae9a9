/**
 * Run results in the shared git remote, so no machine needs another's disk. A finished run is one
 * commit at `refs/intentc/runs/<run>`: its tree is the run's evidence package (run.json,
 * evidence.json, EVIDENCE.md, patch.diff, the changed files under files/, approvals), its parent
 * the candidate commit (base + the change) or, for a rejected run, the base. Approvals, a rejection
 * or a promotion add a commit on top. `refs/intentc/jobs/<job>` names the one run a queued job
 * produced: it is created in the same atomic push with a lease that it did not exist, so two
 * attempts of one job (a stalled worker that was not dead after all) can never both publish.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { HARDENED_GIT_CONFIG, hardenedGitEnv, type GitResult } from "../governance/git.js";
import { readFileNoFollow } from "../governance/manifest.js";
import {
  ensureDirInside,
  readJsonFile,
  writeFileInside,
  type RunRecord,
} from "../governance/store.js";
import type { Evidence } from "../governance/evidence.js";

/** Files of a run dir that travel in its ref (nothing else is read back from a remote). */
export const PUBLISHED_FILE =
  /^(run\.json|evidence\.json|EVIDENCE\.md|patch\.diff|approvals\.json|promoted\.json|rejected\.json|files\/\d{5})$/;

/** Job ids: `job-` and a safe suffix (also valid as a BullMQ id and a ref component). */
export const JOB_ID_PATTERN = /^job-[A-Za-z0-9_-]{1,80}$/;

/**
 * Git with the governance runtime's hardening, except that a remote may be reached over ssh or
 * https too (workers on other machines); the user's HOME and ssh agent are kept for that.
 */
export function fleetGit(
  cwd: string,
  args: readonly string[],
  input?: string | Buffer,
  env: Record<string, string> = {},
): GitResult {
  const allow = ["protocol.ssh.allow=always", "protocol.https.allow=always", "core.sshCommand=ssh"];
  const argv = [
    ...[...HARDENED_GIT_CONFIG, ...allow].flatMap((c) => ["-c", c]),
    "--no-pager",
    ...args,
  ];
  const pass: Record<string, string> = {};
  for (const k of ["HOME", "SSH_AUTH_SOCK"]) if (process.env[k]) pass[k] = process.env[k] as string;
  const r = spawnSync("git", argv, {
    cwd,
    env: hardenedGitEnv({ ...pass, GIT_ALLOW_PROTOCOL: "file:ssh:https", ...env }),
    input,
    maxBuffer: 512 << 20,
    shell: false,
  });
  if (r.error) throw r.error;
  return { status: r.status ?? 128, stdout: r.stdout, stderr: r.stderr.toString("utf8") };
}

function ok(
  cwd: string,
  args: readonly string[],
  input?: string | Buffer,
  env?: Record<string, string>,
): string {
  const r = fleetGit(cwd, args, input, env);
  if (r.status !== 0) throw new Error(`git ${args[0]} failed (${r.status}): ${r.stderr.trim()}`);
  return r.stdout.toString("utf8").trim();
}

/** Where results go: a remote's URL (when `remote` names one), the URL itself, or the repo. */
export function resolveTarget(repo: string, remote: string | undefined): string {
  if (remote === undefined || remote === "") return repo;
  const r = fleetGit(repo, ["remote", "get-url", "--", remote]);
  return r.status === 0 ? r.stdout.toString("utf8").trim() : remote;
}

/** The remote a new job publishes to by default: `origin` when the repo has one. */
export function defaultRemote(repo: string): string | undefined {
  return fleetGit(repo, ["remote", "get-url", "origin"]).status === 0 ? "origin" : undefined;
}

/** A tree of the publishable files of a run dir, written into `objRepo`'s object store. */
function runTree(objRepo: string, runDir: string): string {
  const names: string[] = [];
  for (const n of readdirSync(runDir)) if (PUBLISHED_FILE.test(n)) names.push(n);
  try {
    for (const n of readdirSync(join(runDir, "files")))
      if (PUBLISHED_FILE.test(`files/${n}`)) names.push(`files/${n}`);
  } catch {
    // No files: nothing changed.
  }
  const tmp = mkdtempSync(join(tmpdir(), "intentc-fleet-index-"));
  const env = { GIT_INDEX_FILE: join(tmp, "index") };
  try {
    const lines = names.sort().map((n) => {
      const content = readFileNoFollow(join(runDir, n), 1 << 30) ?? Buffer.alloc(0);
      return `100644 ${ok(objRepo, ["hash-object", "-w", "--no-filters", "--stdin"], content)}\t${n}`;
    });
    if (lines.length > 0)
      ok(objRepo, ["update-index", "--add", "-z", "--index-info"], lines.join("\0") + "\0", env);
    return ok(objRepo, ["write-tree"], undefined, env);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

function commit(objRepo: string, tree: string, parent: string, message: string): string {
  const when = new Date().toISOString();
  const env = {
    GIT_AUTHOR_NAME: "intentc",
    GIT_AUTHOR_EMAIL: "intentc@localhost",
    GIT_AUTHOR_DATE: when,
    GIT_COMMITTER_NAME: "intentc",
    GIT_COMMITTER_EMAIL: "intentc@localhost",
    GIT_COMMITTER_DATE: when,
  };
  return ok(objRepo, ["commit-tree", tree, "-p", parent, "-F", "-"], message, env);
}

/** Result of publishing a job's run: ours, or the run an earlier attempt already published. */
export type PublishResult =
  { won: true; ref: string; commit: string } | { won: false; existing: string };

/**
 * Publish a finished run for a job. `objRepo` must hold the candidate commit (the run's clone).
 * Atomic: the run ref and the job ref appear together, and only if the job ref did not exist.
 */
export function publishRun(
  objRepo: string,
  target: string,
  jobId: string,
  runDir: string,
): PublishResult {
  const run = readJsonFile<RunRecord>(join(runDir, "run.json"));
  if (run === undefined) throw new Error(`no run.json in ${runDir}`);
  const tree = runTree(objRepo, runDir);
  const c = commit(
    objRepo,
    tree,
    run.candidateCommit ?? run.base,
    `intentc run ${run.runId} (job ${jobId}, slice ${run.slice})\n`,
  );
  const ref = `refs/intentc/runs/${run.runId}`;
  const jobRef = `refs/intentc/jobs/${jobId}`;
  const r = fleetGit(objRepo, [
    "push",
    "--quiet",
    "--atomic",
    `--force-with-lease=${jobRef}:`,
    "--",
    target,
    `${c}:${ref}`,
    `${c}:${jobRef}`,
  ]);
  if (r.status === 0) return { won: true, ref, commit: c };
  const existing = remoteRef(objRepo, target, jobRef);
  if (existing !== undefined) return { won: false, existing };
  throw new Error(`publishing run ${run.runId} to ${target} failed: ${r.stderr.trim()}`);
}

/** The object id of a ref in the remote, or undefined. */
export function remoteRef(cwd: string, target: string, ref: string): string | undefined {
  const out = ok(cwd, ["ls-remote", "--refs", "--", target, ref]);
  const line = out.split("\n").find((l) => l.endsWith(`\t${ref}`));
  return line?.split("\t")[0];
}

/** Fetch refs (`refs/intentc/runs/*` style patterns allowed) from the remote into the same names. */
export function fetchRefs(repo: string, target: string, refs: readonly string[]): void {
  ok(repo, [
    "fetch",
    "--quiet",
    "--no-tags",
    "--no-write-fetch-head",
    "--",
    target,
    ...refs.map((r) => `+${r}:${r}`),
  ]);
}

/** A published file of a run commit, as text (undefined when absent). */
export function showFile(repo: string, commitId: string, name: string): string | undefined {
  const r = fleetGit(repo, ["cat-file", "blob", `${commitId}:${name}`]);
  return r.status === 0 ? r.stdout.toString("utf8") : undefined;
}

/** The evidence a run commit holds. */
export function evidenceAt(repo: string, commitId: string): Evidence | undefined {
  const text = showFile(repo, commitId, "evidence.json");
  try {
    return text === undefined ? undefined : (JSON.parse(text) as Evidence);
  } catch {
    return undefined;
  }
}

/** Write a run commit's files into `.intentc/runs/<run>/` (only the published names, regular blobs). */
export function materializeRun(repo: string, commitId: string, runId: string): string {
  const dir = ensureDirInside(repo, `.intentc/runs/${runId}`);
  const listing = fleetGit(repo, ["ls-tree", "-r", "-z", "--full-tree", commitId]).stdout.toString(
    "utf8",
  );
  const seen = new Set<string>();
  for (const rec of listing.split("\0")) {
    if (rec === "") continue;
    const tab = rec.indexOf("\t");
    const [mode, type, oid] = rec.slice(0, tab).split(" ");
    const name = rec.slice(tab + 1);
    if (mode !== "100644" || type !== "blob" || !PUBLISHED_FILE.test(name)) continue;
    writeFileInside(dir, name, fleetGit(repo, ["cat-file", "blob", oid]).stdout, 0o600);
    seen.add(name);
  }
  // The ref is the record: approvals, a rejection or a promotion it does not hold did not happen.
  if (!seen.has("approvals.json")) writeFileInside(dir, "approvals.json", "[]\n", 0o600);
  for (const marker of ["rejected.json", "promoted.json"])
    if (!seen.has(marker)) rmSync(join(dir, marker), { force: true });
  return dir;
}

/** Add a commit on top of a run's ref with the run dir's current files; fails if the ref moved. */
export function updateRunRef(
  repo: string,
  target: string,
  runId: string,
  old: string,
  runDir: string,
  message: string,
): string {
  const tree = runTree(repo, runDir);
  const c = commit(repo, tree, old, message);
  const ref = `refs/intentc/runs/${runId}`;
  const r = fleetGit(repo, [
    "push",
    "--quiet",
    `--force-with-lease=${ref}:${old}`,
    "--",
    target,
    `${c}:${ref}`,
  ]);
  if (r.status !== 0)
    throw new Error(
      `the run's ref moved meanwhile (someone else reviewed it); try again: ${r.stderr.trim()}`,
    );
  ok(repo, ["update-ref", ref, c]);
  return c;
}
