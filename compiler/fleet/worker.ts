/**
 * What a worker does with a job: exactly `intentc run` (pack check, sandbox, gates, retries by
 * tier, evidence), in a child process of its own process group so the worker's event loop stays
 * free (queue locks are renewed while the agent works) and a time budget can kill the whole run.
 * A watchdog in that group kills it when the worker dies, so a SIGKILL'd worker leaves no run
 * behind to finish later. The result is published to the remote before the job is marked done;
 * an attempt that finds its job already published reports that run instead of running again.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { resolveCommit } from "../governance/git.js";
import { removeTree } from "../write/fs.js";
import { evidenceAt, fetchRefs, fleetGit, publishRun, remoteRef, resolveTarget } from "./remote.js";
import { PermanentJobError, type JobOutcome, type JobSpec, type Processor } from "./types.js";

/** What the child prints (one JSON line) when `runSlice` returned. */
export type ChildReport =
  | {
      ok: true;
      runId: string;
      runDir: string;
      worktree: string;
      result: JobOutcome["result"];
      reason: string;
      approvalsRequired: number;
    }
  | { ok: false; error: string };

/** The launcher (bin/intentc.js), found by walking up from this module (source, dist or bundle). */
export function intentcBin(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const bin = join(dir, "bin", "intentc.js");
    if (existsSync(bin)) return bin;
    dir = dirname(dir);
  }
  throw new Error("cannot find bin/intentc.js next to the intentc package");
}

/** Run one job's `intentc run` in a child process group; kill the group past the budget. */
function runChild(repo: string, spec: JobSpec, log: (l: string) => void): Promise<ChildReport> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [intentcBin(), "worker", "--exec-child", "--watch-pid", String(process.pid)],
      {
        cwd: repo,
        detached: true,
        stdio: ["pipe", "pipe", "pipe"],
      },
    );
    let out = "";
    let err = "";
    let killed = false;
    child.stdout.on("data", (d: Buffer) => (out += d.toString("utf8")));
    child.stderr.on("data", (d: Buffer) => {
      err += d.toString("utf8");
      if (err.length > 1 << 20) err = err.slice(-(1 << 19));
    });
    const timer = setTimeout(() => {
      killed = true;
      try {
        process.kill(-(child.pid as number), "SIGKILL");
      } catch {
        // Already gone.
      }
    }, spec.timeBudgetSeconds * 1000);
    child.on("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      if (killed)
        return reject(
          new PermanentJobError(
            `time budget of ${spec.timeBudgetSeconds} s exceeded: the run was killed`,
          ),
        );
      const line = out.trim().split("\n").pop() ?? "";
      try {
        return resolve(JSON.parse(line) as ChildReport);
      } catch {
        log(err.trim().split("\n").slice(-5).join("\n"));
        reject(
          new Error(
            `the run process ended ${signal ? `by ${signal}` : `with exit ${code}`} without a result`,
          ),
        );
      }
    });
    child.stdin.end(JSON.stringify(spec));
  });
}

/** The outcome of a job from the run commit its job ref points at. */
function outcomeFromRef(
  repo: string,
  target: string,
  jobId: string,
  commitId: string,
  recovered: boolean,
): JobOutcome {
  fetchRefs(repo, target, [`refs/intentc/jobs/${jobId}`]);
  const e = evidenceAt(repo, commitId);
  if (e?.runId === undefined)
    throw new Error(`job ${jobId}'s published run ${commitId} has no evidence`);
  return {
    runId: e.runId,
    ref: `refs/intentc/runs/${e.runId}`,
    remote: target,
    result: e.result,
    reason: e.reason,
    approvalsRequired: e.approvals.required,
    ...(recovered ? { recovered: true } : {}),
  };
}

/** What a worker accepts from the queue (anyone who can write to the queue can enqueue). */
export interface WorkerPolicy {
  /** Run jobs that ask for no sandbox (off unless the worker was started to allow it). */
  readonly allowUnsandboxed: boolean;
}

/**
 * The processor every worker runs (both backends). A job only names a remote configured in the
 * worker's own clone (it cannot send the repository elsewhere), and a job asking to run without
 * the sandbox is refused unless the worker allows it.
 */
export function createProcessor(
  repo: string,
  log: (line: string) => void,
  policy: WorkerPolicy = { allowUnsandboxed: false },
): Processor {
  return async (id, spec, attempt) => {
    if (spec.unsafeNoSandbox && !policy.allowUnsandboxed)
      throw new PermanentJobError(
        "the job asks to run without the sandbox; this worker was not started with --allow-unsafe-no-sandbox",
      );
    if (
      spec.remote !== undefined &&
      fleetGit(repo, ["remote", "get-url", "--", spec.remote]).status !== 0
    )
      throw new PermanentJobError(
        `the job publishes to '${spec.remote}', which is not a remote of this worker's repository`,
      );
    const target = resolveTarget(repo, spec.remote);
    const jobRef = `refs/intentc/jobs/${id}`;
    const done = remoteRef(repo, target, jobRef);
    if (done !== undefined) {
      log(`job ${id}: already published by an earlier attempt; not run again`);
      return outcomeFromRef(repo, target, id, done, true);
    }
    if (resolveCommit(repo, spec.base) === undefined)
      fleetGit(repo, [
        "fetch",
        "--quiet",
        "--no-tags",
        "--no-write-fetch-head",
        "--",
        target,
        spec.base,
      ]);
    log(`job ${id}: attempt ${attempt}/${spec.maxAttempts}: slice ${spec.slice}`);
    const report = await runChild(repo, spec, log);
    if (!report.ok) throw new PermanentJobError(report.error);
    try {
      const pub = publishRun(report.worktree, target, id, report.runDir);
      if (!pub.won) {
        log(`job ${id}: run ${report.runId} dropped: another attempt published first`);
        return outcomeFromRef(repo, target, id, pub.existing, true);
      }
      fleetGit(repo, [
        "fetch",
        "--quiet",
        "--no-tags",
        "--no-write-fetch-head",
        "--",
        target,
        `+${pub.ref}:${pub.ref}`,
      ]);
      log(`job ${id}: run ${report.runId} ${report.result}, published at ${pub.ref}`);
      return {
        runId: report.runId,
        ref: pub.ref,
        remote: target,
        result: report.result,
        reason: report.reason,
        approvalsRequired: report.approvalsRequired,
      };
    } finally {
      removeTree(report.worktree);
    }
  };
}
