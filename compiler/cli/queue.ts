/**
 * `intentc queue add|status|approve|reject|promote`: the slice queue. `add` enqueues what
 * `intentc run` would do; workers (`intentc worker`) drain it. With REDIS_URL the queue is BullMQ
 * on Redis, otherwise an embedded file queue. Review actions work on a run's ref in the remote.
 */
import type { Command } from "commander";
import { createHash, randomBytes } from "node:crypto";
import { existsSync, readFileSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { resolveCommit } from "../governance/git.js";
import { openQueueOrSay } from "../fleet/open.js";
import { defaultRemote, resolveTarget } from "../fleet/remote.js";
import {
  approveRemote,
  promoteRemote,
  rejectRemote,
  syncQueue,
  withReviewFromRefs,
  type ActionResult,
} from "../fleet/review-actions.js";
import type { JobSpec, QueueEntry, ReviewState } from "../fleet/types.js";
import { loadCheckedPack } from "./slice.js";
import {
  dirOption,
  EXIT_FAILURE,
  EXIT_OK,
  EXIT_USAGE,
  intentDir,
  type CliIO,
  type ExitState,
} from "./shared.js";

interface AddOptions {
  dir: string;
  task?: string;
  idempotencyKey?: string;
  base: string;
  agentName?: string;
  unsafeNoSandbox?: boolean;
  timeBudget?: string;
  remote?: string;
}

/** `--task <text|file>`: a readable regular file's content, else the text itself. */
function taskText(cwd: string, task: string): string {
  const p = resolve(cwd, task);
  if (existsSync(p) && statSync(p).isFile()) return readFileSync(p, "utf8");
  return task;
}

/** The agent's argv with the task: every `{task}` argument replaced, else appended. */
export function agentWithTask(agent: readonly string[], task: string | undefined): string[] {
  if (task === undefined) return [...agent];
  return agent.includes("{task}")
    ? agent.map((a) => (a === "{task}" ? task : a))
    : [...agent, task];
}

/** Job id: from the idempotency key (same key, same job), else fresh. */
export function jobIdFor(key: string | undefined): string {
  if (key !== undefined)
    return `job-k${createHash("sha256").update(key).digest("hex").slice(0, 32)}`;
  const ts = new Date().toISOString().replace(/[-:]/g, "").replace(/\..*$/, "");
  return `job-${ts}-${randomBytes(4).toString("hex")}`;
}

function line(e: QueueEntry): string {
  const run = e.outcome ? ` run ${e.outcome.runId} (${e.outcome.ref})` : "";
  const review = e.review ? ` approvals ${e.review.approvals.length}/${e.review.required}` : "";
  const why =
    e.state === "failed"
      ? ` — ${e.review?.rejected ? `rejected by ${e.review.rejected.by}: ${e.review.rejected.reason}` : (e.error ?? e.outcome?.reason ?? "")}`
      : "";
  return `${e.id}\t${e.state}\t${e.spec.slice}\tattempts ${e.attempts}/${e.spec.maxAttempts}${run}${review}${why}\n`;
}

/** Register the `queue` command and its subcommands. */
export function registerQueue(program: Command, io: CliIO, exit: ExitState): void {
  const queue = program
    .command("queue")
    .description("The slice queue: enqueue runs for workers, list them, review their results.");
  queue
    .command("add")
    .description(
      "Enqueue a run of an agent on a slice (what `intentc run` does, done by a worker).",
    )
    .argument("<slice>", "slice id")
    .argument(
      "<agent...>",
      "agent command and arguments (after --); an argument `{task}` is replaced by the task",
    )
    .addOption(dirOption())
    .option("--task <text|file>", "the task: text, or a file holding it")
    .option("--idempotency-key <key>", "enqueue at most once per key")
    .option("--base <ref>", "base commit", "HEAD")
    .option("--agent-name <name>", "name the agent acts under (it can never approve)")
    .option("--unsafe-no-sandbox", "run the agent WITHOUT any sandbox (only for trusted agents)")
    .option("--time-budget <seconds>", "kill and record the run past this wall-clock time")
    .option(
      "--remote <name>",
      "git remote (by name, as workers' clones call it) results are published to (default: origin if any, else the worker's repository)",
    )
    .action(async (slice: string, agent: string[], opts: AddOptions) => {
      const pack = loadCheckedPack(io, slice, opts.base, opts.dir);
      if (pack === undefined) return void (exit.code = EXIT_FAILURE);
      const base = resolveCommit(io.cwd, opts.base);
      if (base === undefined) {
        io.err(`'${opts.base}' does not name a commit.\n`);
        return void (exit.code = EXIT_FAILURE);
      }
      const budget = opts.timeBudget === undefined ? undefined : Number(opts.timeBudget);
      if (budget !== undefined && !(Number.isFinite(budget) && budget > 0)) {
        io.err(`--time-budget must be a positive number of seconds.\n`);
        return void (exit.code = EXIT_USAGE);
      }
      const task = opts.task === undefined ? undefined : taskText(io.cwd, opts.task);
      const perStep = pack.limits.timeoutSeconds * (1 + pack.risk.gates.length);
      const remote = opts.remote ?? defaultRemote(io.cwd);
      if (opts.remote !== undefined && resolveTarget(io.cwd, opts.remote) === opts.remote) {
        io.err(
          `'${opts.remote}' is not a remote of this repository (workers publish only to a remote they have by name).\n`,
        );
        return void (exit.code = EXIT_USAGE);
      }
      const spec: JobSpec = {
        slice,
        base,
        dir: intentDir(io.cwd, opts.dir),
        agent: agentWithTask(agent, task),
        unsafeNoSandbox: opts.unsafeNoSandbox === true,
        timeBudgetSeconds: budget ?? perStep * (1 + pack.risk.retries) + 120,
        maxAttempts: 1 + pack.risk.retries,
        nonce: randomBytes(8).toString("hex"),
        ...(opts.agentName ? { agentName: opts.agentName } : {}),
        ...(task !== undefined ? { task } : {}),
        ...(remote ? { remote } : {}),
        ...(opts.idempotencyKey !== undefined ? { idempotencyKey: opts.idempotencyKey } : {}),
      };
      const q = await openQueueOrSay(io.cwd, io.err);
      if (q === undefined) return void (exit.code = EXIT_FAILURE);
      try {
        const { entry, created } = await q.add(jobIdFor(opts.idempotencyKey), spec);
        io.out(
          created
            ? `queued ${entry.id} (${q.kind} queue)\n`
            : `already queued ${entry.id} (same idempotency key): ${entry.state}\n`,
        );
        exit.code = EXIT_OK;
      } finally {
        await q.close();
      }
    });
  queue
    .command("status")
    .description("List queued, running, failed, awaiting review, approved and promoted runs.")
    .option("--format <format>", "text or json", "text")
    .action(async (opts: { format: string }) => {
      const q = await openQueueOrSay(io.cwd, io.err);
      if (q === undefined) return void (exit.code = EXIT_FAILURE);
      try {
        const entries = withReviewFromRefs(io.cwd, await q.list());
        if (opts.format === "json")
          io.out(JSON.stringify({ backend: q.kind, entries }, null, 2) + "\n");
        else for (const e of entries) io.out(line(e));
        exit.code = EXIT_OK;
      } finally {
        await q.close();
      }
    });
  const review = async (
    runId: string,
    remote: string | undefined,
    act: (target: string) => ActionResult<ReviewState>,
    done: string,
  ) => {
    const target = resolveTarget(io.cwd, remote ?? defaultRemote(io.cwd));
    const r = act(target);
    if (!r.ok) {
      io.err(`${r.error}\n`);
      return void (exit.code = EXIT_FAILURE);
    }
    // The ref is the record; the queue entry (if this machine reaches the queue) mirrors it.
    const q = await openQueueOrSay(io.cwd, io.err);
    if (q !== undefined) {
      try {
        await syncQueue(q, runId, r.value);
      } finally {
        await q.close();
      }
    }
    io.out(
      `${done} ${runId}: approvals ${r.value.approvals.length} of ${r.value.required}${r.value.promoted ? `; branch ${r.value.promoted.branch} at ${r.value.promoted.commit}` : ""}\n`,
    );
    exit.code = EXIT_OK;
  };
  queue
    .command("approve")
    .description("Approve a run published in the remote (from any clone that has it).")
    .argument("<run>", "run id")
    .requiredOption("--by <name>", "who approves (never the agent)")
    .option("--remote <name|url>", "git remote holding refs/intentc/runs/*")
    .action((runId: string, o: { by: string; remote?: string }) =>
      review(runId, o.remote, (t) => approveRemote(io.cwd, t, runId, o.by), "approved"),
    );
  queue
    .command("reject")
    .description("Reject a run published in the remote, with a reason.")
    .argument("<run>", "run id")
    .requiredOption("--by <name>", "who rejects")
    .requiredOption("--reason <text>", "why")
    .option("--remote <name|url>", "git remote holding refs/intentc/runs/*")
    .action((runId: string, o: { by: string; reason: string; remote?: string }) =>
      review(runId, o.remote, (t) => rejectRemote(io.cwd, t, runId, o.by, o.reason), "rejected"),
    );
  queue
    .command("promote")
    .description("Promote an approved run: branch + commit, pushed to the remote.")
    .argument("<run>", "run id")
    .option("--branch <name>", "branch to create (default intentc/<slice>/<run>)")
    .option("--by <name>", "who promotes", "cli")
    .option("--remote <name|url>", "git remote holding refs/intentc/runs/*")
    .action((runId: string, o: { branch?: string; by: string; remote?: string }) =>
      review(runId, o.remote, (t) => promoteRemote(io.cwd, t, runId, o.by, o.branch), "promoted"),
    );
}
