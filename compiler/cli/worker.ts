/**
 * `intentc worker [--concurrency N] [--drain]`: take runs from the queue and do each exactly as
 * `intentc run` does, publishing the result to the remote. The hidden `--exec-child` mode is the
 * per-run child process the worker starts (reads the job on stdin, prints one JSON line).
 */
import type { Command } from "commander";
import { Option } from "../vendor/commander.js";
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { runSlice } from "../governance/run.js";
import { openQueueOrSay } from "../fleet/open.js";
import { createProcessor, type ChildReport } from "../fleet/worker.js";
import type { JobSpec } from "../fleet/types.js";
import { loadCheckedPack } from "./slice.js";
import { secretPatternsAtCommit } from "./pack-integrity.js";
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, type CliIO, type ExitState } from "./shared.js";

interface WorkerOptions {
  concurrency: string;
  drain?: boolean;
  allowUnsafeNoSandbox?: boolean;
  execChild?: boolean;
  watchPid?: string;
}

/** Register the `worker` command. */
export function registerWorker(program: Command, io: CliIO, exit: ExitState): void {
  program
    .command("worker")
    .description(
      "Take runs from the slice queue (Redis with REDIS_URL, else the local queue) and execute them like `intentc run`.",
    )
    .option("--concurrency <n>", "runs at once in this worker", "1")
    .option("--drain", "exit once nothing is queued or running")
    .option(
      "--allow-unsafe-no-sandbox",
      "also run jobs enqueued with --unsafe-no-sandbox (only for trusted queues)",
    )
    .addOption(new Option("--exec-child").hideHelp())
    .addOption(new Option("--watch-pid <pid>").hideHelp())
    .action(async (opts: WorkerOptions) => {
      if (opts.execChild) return void (exit.code = execChild(io, Number(opts.watchPid)));
      const n = Number(opts.concurrency);
      if (!Number.isInteger(n) || n < 1 || n > 64) {
        io.err("--concurrency must be an integer from 1 to 64.\n");
        return void (exit.code = EXIT_USAGE);
      }
      const log = (l: string) =>
        io.err(`${new Date().toISOString()} worker ${process.pid}: ${l}\n`);
      const q = await openQueueOrSay(io.cwd, io.err);
      if (q === undefined) return void (exit.code = EXIT_FAILURE);
      const stop = new AbortController();
      const onSignal = () => {
        log("stopping: running jobs finish, no new ones are taken");
        stop.abort();
      };
      process.once("SIGINT", onSignal);
      process.once("SIGTERM", onSignal);
      try {
        log(`${q.kind} queue, concurrency ${n}${opts.drain ? ", until drained" : ""}`);
        await q.work(
          createProcessor(io.cwd, log, { allowUnsandboxed: opts.allowUnsafeNoSandbox === true }),
          { concurrency: n, drain: opts.drain === true, signal: stop.signal, log },
        );
        exit.code = EXIT_OK;
      } finally {
        process.off("SIGINT", onSignal);
        process.off("SIGTERM", onSignal);
        await q.close();
      }
    });
}

/**
 * The per-run child: a watchdog in this process group kills the group when the worker dies, then
 * the pack is checked and `runSlice` runs. Progress goes to stderr, the report to stdout.
 */
function execChild(io: CliIO, workerPid: number): number {
  if (Number.isInteger(workerPid) && workerPid > 1) {
    const script =
      'while kill -0 "$1" 2>/dev/null && kill -0 "$2" 2>/dev/null; do sleep 0.5; done; kill -0 "$2" 2>/dev/null && kill -KILL -- -"$2"';
    spawn("/bin/sh", ["-c", script, "watchdog", String(workerPid), String(process.pid)], {
      stdio: "ignore",
    }).unref();
  }
  const report = (r: ChildReport) => io.out(JSON.stringify(r) + "\n");
  let spec: JobSpec;
  try {
    spec = JSON.parse(readFileSync(0, "utf8")) as JobSpec;
  } catch {
    report({ ok: false, error: "the job could not be read" });
    return EXIT_FAILURE;
  }
  const childIO: CliIO = {
    out: (s) => io.err(s),
    err: (s) => io.err(s),
    cwd: io.cwd,
    isTTY: false,
  };
  // As `intentc run` does: the pack must be what the intent at the job's base commit compiles to.
  const dir = spec.dir ?? "intent";
  const pack = loadCheckedPack(childIO, spec.slice, spec.base, dir);
  if (pack === undefined) {
    report({
      ok: false,
      error: `slice '${spec.slice}': no valid, current pack in this worker's repository`,
    });
    return EXIT_FAILURE;
  }
  if (spec.unsafeNoSandbox) io.err("warning: --unsafe-no-sandbox: the agent runs unconfined.\n");
  const r = runSlice({
    repo: io.cwd,
    pack,
    base: spec.base,
    agent: spec.agent,
    unsafeNoSandbox: spec.unsafeNoSandbox,
    secretPatterns: secretPatternsAtCommit(io.cwd, spec.base, dir),
    ...(spec.agentName ? { agentName: spec.agentName } : {}),
    log: (l) => io.err(`${l}\n`),
  });
  if (!r.ok) {
    report({ ok: false, error: r.error });
    return EXIT_FAILURE;
  }
  report({
    ok: true,
    runId: r.runId,
    runDir: r.runDir,
    worktree: r.worktree,
    result: r.evidence.result,
    reason: r.evidence.reason,
    approvalsRequired: r.evidence.approvals.required,
  });
  return EXIT_OK;
}
