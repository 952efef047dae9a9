/**
 * The queue's semantics, one body for both backends: a queued run is `intentc run` done by a
 * worker and published as a ref; review from another clone; idempotency keys; a SIGKILL'd worker;
 * the time budget; the tier's attempt cap.
 */
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import {
  cli,
  exited,
  git,
  makeFleet,
  processesWith,
  refs,
  spawnCli,
  status,
  until,
  type Fleet,
} from "./helpers.js";

/** Environment that selects and isolates the backend for one test. */
export type BackendEnv = () => Promise<Record<string, string>>;

export function queueSemantics(backendEnv: BackendEnv): void {
  let f: Fleet;
  let env: Record<string, string>;
  const saved: Record<string, string | undefined> = {};

  beforeEach(async () => {
    f = makeFleet();
    env = { INTENTC_QUEUE_LOCK_MS: "1500", ...(await backendEnv()) };
    for (const [k, v] of Object.entries(env)) {
      saved[k] = process.env[k];
      process.env[k] = v;
    }
  });
  afterEach(() => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    rmSync(f.root, { recursive: true, force: true });
    rmSync(f.repo, { recursive: true, force: true });
  });

  const drain = async (...extra: string[]) => {
    const w = spawnCli(f.repo, ["worker", "--drain", ...extra], env);
    const code = await exited(w);
    expect(code, w.output()).toBe(0);
    return w.output();
  };

  it("runs a queued job like `intentc run`, publishes it as a ref, and is reviewed from another clone", async () => {
    const add = await cli(
      f.repo,
      "queue",
      "add",
      "feature",
      "--task",
      "make it count",
      "--",
      "sh",
      "agents/task.sh",
    );
    expect(add.code, add.err).toBe(0);
    expect((await status(f.repo)).entries.map((e) => e.state)).toEqual(["queued"]);
    expect((await cli(f.repo, "queue", "status")).out).toMatch(
      /^job-\S+\tqueued\tfeature\tattempts 0\/3\n$/,
    );
    await drain();
    const [entry] = (await status(f.repo)).entries;
    expect(entry.state).toBe("awaiting review");
    const runId: string = entry.outcome.runId;
    const ref = `refs/intentc/runs/${runId}`;
    // The remote holds the change (the ref's parent: base + change) and the evidence (its tree).
    expect(refs(f.remote, "refs/intentc/runs")).toEqual([ref]);
    expect(git(f.remote, "show", `${ref}^1:src/feature/task.txt`)).toBe("make it count\n");
    expect(git(f.remote, "rev-parse", `${ref}^1^`).trim()).toBe(entry.spec.base);
    const evidence = JSON.parse(git(f.remote, "show", `${ref}:evidence.json`));
    expect([evidence.runId, evidence.result, evidence.sandbox]).toEqual([runId, "passed", "bwrap"]);
    expect(git(f.remote, "rev-parse", `refs/intentc/jobs/${entry.id}`)).toBe(
      git(f.remote, "rev-parse", ref),
    );

    // The reviewer's clone has no run store, only the remote.
    const listed = await cli(f.clone, "review");
    expect(listed.out).toBe(`${runId}\tawaiting review\tfeature\tapprovals 0/1\n`);
    const self = await cli(f.clone, "queue", "approve", runId, "--by", "sh");
    expect(self.code).toBe(1);
    expect(self.err).toContain("an agent can never approve its own change");
    const early = await cli(f.clone, "queue", "promote", runId);
    expect(early.code).toBe(1);
    expect(early.err).toContain("has 0 approval(s)");
    const ok = await cli(f.clone, "queue", "approve", runId, "--by", "alice");
    expect(ok.code, ok.err).toBe(0);
    expect((await status(f.repo)).entries[0].state).toBe("approved");
    const promoted = await cli(f.clone, "queue", "promote", runId, "--by", "alice");
    expect(promoted.code, promoted.err).toBe(0);
    const branch = `intentc/feature/${runId}`;
    expect(git(f.remote, "show", `${branch}:src/feature/task.txt`)).toBe("make it count\n");
    expect(git(f.remote, "log", "-1", "--format=%B", branch)).toContain("Approved-by: alice");
    const after = (await status(f.repo)).entries[0];
    expect([after.state, after.review.promoted.branch]).toEqual(["promoted", branch]);
    // A promoted run is promoted once.
    expect((await cli(f.clone, "queue", "promote", runId)).code).toBe(1);
  });

  it("enqueues a task once per idempotency key, and runs it once", async () => {
    const a = await cli(
      f.repo,
      "queue",
      "add",
      "feature",
      "--idempotency-key",
      "ticket-7",
      "--task",
      "one",
      "--",
      "sh",
      "agents/task.sh",
    );
    const b = await cli(
      f.repo,
      "queue",
      "add",
      "feature",
      "--idempotency-key",
      "ticket-7",
      "--task",
      "one",
      "--",
      "sh",
      "agents/task.sh",
    );
    expect(a.out).toMatch(/^queued job-k[0-9a-f]{32} /);
    expect(b.out).toMatch(/^already queued job-k[0-9a-f]{32} \(same idempotency key\): queued\n$/);
    await drain();
    const again = await cli(
      f.repo,
      "queue",
      "add",
      "feature",
      "--idempotency-key",
      "ticket-7",
      "--",
      "sh",
      "agents/task.sh",
    );
    expect(again.out).toContain("(same idempotency key): awaiting review");
    await drain();
    expect((await status(f.repo)).entries).toHaveLength(1);
    expect(refs(f.remote, "refs/intentc/runs")).toHaveLength(1);
  });

  it("recovers the job of a SIGKILL'd worker: the run is done again elsewhere and ends exactly once", async () => {
    await cli(f.repo, "queue", "add", "feature", "--task", "6", "--", "sh", "agents/slow.sh");
    const a = spawnCli(f.repo, ["worker"], env);
    await until(async () => (await status(f.repo)).entries[0].state === "running");
    // The run's own process (with its watchdog) has started.
    await until(() => processesWith("--watch-pid", String(a.pid)).length > 0 || undefined);
    a.kill("SIGKILL");
    await exited(a);
    // The watchdog takes the orphaned run down with its worker: nothing finishes it later.
    await until(() => processesWith("--watch-pid", String(a.pid)).length === 0 || undefined);
    await drain();
    const [entry] = (await status(f.repo)).entries;
    expect(entry.state).toBe("awaiting review");
    expect(entry.attempts).toBe(2);
    const runs = refs(f.remote, "refs/intentc/runs");
    expect(runs).toEqual([`refs/intentc/runs/${entry.outcome.runId}`]);
    expect(git(f.remote, "rev-parse", `refs/intentc/jobs/${entry.id}`)).toBe(
      git(f.remote, "rev-parse", runs[0]),
    );
  });

  it("kills a run past its time budget and records it, without retrying", async () => {
    await cli(
      f.repo,
      "queue",
      "add",
      "feature",
      "--time-budget",
      "2",
      "--task",
      "60",
      "--",
      "sh",
      "agents/slow.sh",
    );
    await drain();
    const [entry] = (await status(f.repo)).entries;
    expect(entry.state).toBe("failed");
    expect(entry.error).toContain("time budget of 2 s exceeded: the run was killed");
    expect(entry.attempts).toBe(1);
    expect(refs(f.remote, "refs/intentc")).toEqual([]);
  });

  it("refuses jobs a worker must not run: unsandboxed unless allowed, results sent elsewhere", async () => {
    await cli(
      f.repo,
      "queue",
      "add",
      "feature",
      "--unsafe-no-sandbox",
      "--",
      "sh",
      "agents/task.sh",
    );
    await drain();
    const [entry] = (await status(f.repo)).entries;
    expect([entry.state, entry.attempts]).toEqual(["failed", 1]);
    expect(entry.error).toContain("this worker was not started with --allow-unsafe-no-sandbox");
    const bad = await cli(
      f.repo,
      "queue",
      "add",
      "feature",
      "--remote",
      "/tmp/elsewhere.git",
      "--",
      "sh",
      "agents/task.sh",
    );
    expect(bad.code).toBe(2);
    expect(bad.err).toContain("is not a remote of this repository");
    expect(refs(f.remote, "refs/intentc")).toEqual([]);
  });

  it("refuses a job whose pack no longer matches the intent at the job's base commit", async () => {
    const add = await cli(f.repo, "queue", "add", "feature", "--", "sh", "agents/task.sh");
    expect(add.code, add.err).toBe(0);
    // Widened after enqueueing, keeping its old pack hash: only the base commit's intent can tell.
    const path = join(f.repo, "generated/slices/feature/slice.json");
    const pack = JSON.parse(readFileSync(path, "utf8"));
    writeFileSync(path, JSON.stringify({ ...pack, writes: ["src/**"] }, null, 2) + "\n");
    await drain();
    const [entry] = (await status(f.repo)).entries;
    expect(entry.state).toBe("failed");
    expect(entry.error).toContain("no valid, current pack");
    expect(refs(f.remote, "refs/intentc/runs")).toEqual([]);
  });

  it("retries a crashed run at most as often as the risk tier allows", async () => {
    const counter = join(f.root, "starts.txt");
    await cli(
      f.repo,
      "queue",
      "add",
      "feature",
      "--unsafe-no-sandbox",
      "--task",
      counter,
      "--",
      "sh",
      "agents/crash.sh",
    );
    await drain("--allow-unsafe-no-sandbox");
    const [entry] = (await status(f.repo)).entries;
    // Tier 'standard': retries 2 → 3 attempts, then failed for good.
    expect([entry.state, entry.attempts, entry.spec.maxAttempts]).toEqual(["failed", 3, 3]);
    expect(entry.error).toMatch(/ended by SIGKILL without a result/);
    expect(readFileSync(counter, "utf8")).toBe("start\nstart\nstart\n");
    expect(refs(f.remote, "refs/intentc")).toEqual([]);
  });
}
