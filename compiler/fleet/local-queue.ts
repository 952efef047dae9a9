/**
 * The embedded queue for one machine: one JSON file per job under `.intentc/queue/jobs/`, every
 * write a temp file + rename, every read-modify-write under one lock file (O_EXCL, broken when its
 * holder is dead). Same semantics as the BullMQ backend: a claimed job carries an owner token and a
 * heartbeat; a job whose worker died or stopped beating goes back to the queue (stalled-job
 * recovery) until its attempts are spent; a worker whose token no longer matches cannot finish it.
 */
import { randomBytes } from "node:crypto";
import {
  closeSync,
  openSync,
  readdirSync,
  readFileSync,
  statSync,
  unlinkSync,
  writeSync,
} from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { ensureDirInside, writeFileInside } from "../governance/store.js";
import {
  finishedState,
  PermanentJobError,
  type JobOutcome,
  type JobSpec,
  type Processor,
  type QueueBackend,
  type QueueEntry,
  type ReviewState,
  type WorkOptions,
} from "./types.js";

/** A job file: the entry plus who holds it. */
interface StoredJob {
  readonly id: string;
  readonly spec: JobSpec;
  readonly status: "queued" | "running" | "done" | "failed";
  readonly attempts: number;
  readonly addedAt: string;
  readonly notBefore?: number;
  readonly owner?: {
    readonly pid: number;
    readonly host: string;
    readonly token: string;
    readonly heartbeat: number;
  };
  readonly finishedAt?: string;
  readonly outcome?: JobOutcome;
  readonly review?: ReviewState;
  readonly error?: string;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The file-backed queue under `<repo>/.intentc/queue`. */
export class LocalQueue implements QueueBackend {
  readonly kind = "local" as const;
  private readonly dir: string;
  private readonly jobs: string;
  private readonly host = hostname();

  constructor(
    repo: string,
    private readonly lockMs = 30_000,
  ) {
    this.dir = ensureDirInside(repo, ".intentc/queue");
    this.jobs = ensureDirInside(this.dir, "jobs");
  }

  private async locked<T>(f: () => T): Promise<T> {
    const lock = join(this.dir, "lock");
    for (;;) {
      try {
        const fd = openSync(lock, "wx", 0o600);
        writeSync(fd, `${process.pid} ${this.host}\n`);
        closeSync(fd);
        break;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
        this.breakStaleLock(lock);
        await sleep(5 + Math.random() * 10);
      }
    }
    try {
      return f();
    } finally {
      unlinkSync(lock);
    }
  }

  /** A lock whose holder died (same host) or that is older than the lease is removed. */
  private breakStaleLock(lock: string): void {
    try {
      const [pid, host] = readFileSync(lock, "utf8").trim().split(" ");
      const dead = host === this.host && Number(pid) > 0 && !alive(Number(pid));
      if (dead || Date.now() - statSync(lock).mtimeMs > this.lockMs) unlinkSync(lock);
    } catch {
      // Gone already, or being written: try again.
    }
  }

  private read(id: string): StoredJob | undefined {
    try {
      return JSON.parse(readFileSync(join(this.jobs, `${id}.json`), "utf8")) as StoredJob;
    } catch {
      return undefined;
    }
  }

  private write(job: StoredJob): void {
    writeFileInside(this.jobs, `${job.id}.json`, JSON.stringify(job, null, 2) + "\n", 0o600);
  }

  private all(): StoredJob[] {
    const ids = readdirSync(this.jobs)
      .filter((n) => n.endsWith(".json"))
      .map((n) => n.slice(0, -5));
    return ids
      .map((id) => this.read(id))
      .filter((j): j is StoredJob => j !== undefined)
      .sort((a, b) => a.addedAt.localeCompare(b.addedAt) || a.id.localeCompare(b.id));
  }

  private entry(j: StoredJob): QueueEntry {
    const state =
      j.status === "queued"
        ? "queued"
        : j.status === "running"
          ? "running"
          : j.status === "failed" || !j.outcome
            ? "failed"
            : finishedState(j.outcome, j.review);
    return {
      id: j.id,
      spec: j.spec,
      state,
      attempts: j.attempts,
      addedAt: j.addedAt,
      ...(j.finishedAt ? { finishedAt: j.finishedAt } : {}),
      ...(j.outcome ? { outcome: j.outcome } : {}),
      ...(j.review ? { review: j.review } : {}),
      ...(j.error ? { error: j.error } : {}),
    };
  }

  async add(id: string, spec: JobSpec): Promise<{ entry: QueueEntry; created: boolean }> {
    return this.locked(() => {
      const existing = this.read(id);
      if (existing) return { entry: this.entry(existing), created: false };
      const job: StoredJob = {
        id,
        spec,
        status: "queued",
        attempts: 0,
        addedAt: new Date().toISOString(),
      };
      this.write(job);
      return { entry: this.entry(job), created: true };
    });
  }

  async list(): Promise<QueueEntry[]> {
    return this.all().map((j) => this.entry(j));
  }

  async get(id: string): Promise<QueueEntry | undefined> {
    const j = this.read(id);
    return j ? this.entry(j) : undefined;
  }

  async setReview(id: string, review: ReviewState): Promise<void> {
    await this.locked(() => {
      const j = this.read(id);
      if (j) this.write({ ...j, review });
    });
  }

  /** Requeue (or fail, when its attempts are spent) every running job whose worker is gone. */
  private recoverStalled(log: (l: string) => void): void {
    const now = Date.now();
    for (const j of this.all()) {
      if (j.status !== "running" || j.owner === undefined) continue;
      const dead = j.owner.host === this.host && !alive(j.owner.pid);
      if (!dead && now - j.owner.heartbeat <= this.lockMs) continue;
      const spent = j.attempts >= j.spec.maxAttempts;
      log(
        `job ${j.id}: worker ${j.owner.pid}@${j.owner.host} stalled; ${spent ? "attempts spent, failed" : "back in the queue"}`,
      );
      const { owner: _, ...rest } = j;
      this.write(
        spent
          ? {
              ...rest,
              status: "failed",
              finishedAt: new Date().toISOString(),
              error: `stalled ${j.attempts} time(s); attempt cap ${j.spec.maxAttempts}`,
            }
          : { ...rest, status: "queued" },
      );
    }
  }

  private claim(log: (l: string) => void): Promise<StoredJob | undefined> {
    return this.locked(() => {
      this.recoverStalled(log);
      const next = this.all().find(
        (j) => j.status === "queued" && (j.notBefore ?? 0) <= Date.now(),
      );
      if (next === undefined) return undefined;
      const owner = {
        pid: process.pid,
        host: this.host,
        token: randomBytes(8).toString("hex"),
        heartbeat: Date.now(),
      };
      const claimed: StoredJob = { ...next, status: "running", attempts: next.attempts + 1, owner };
      this.write(claimed);
      return claimed;
    });
  }

  /** Apply `f` to a job this worker still owns; false when another worker took it over. */
  private finishOwned(job: StoredJob, f: (j: StoredJob) => StoredJob): Promise<boolean> {
    return this.locked(() => {
      const cur = this.read(job.id);
      if (cur?.status !== "running" || cur.owner?.token !== job.owner?.token) return false;
      this.write(f(cur));
      return true;
    });
  }

  private pending(): boolean {
    return this.all().some((j) => j.status === "queued" || j.status === "running");
  }

  async work(processor: Processor, options: WorkOptions): Promise<void> {
    const log = options.log ?? (() => {});
    const inflight = new Map<string, { job: StoredJob; done: Promise<void> }>();
    const beat = setInterval(
      () => {
        void this.locked(() => {
          for (const { job } of inflight.values()) {
            const cur = this.read(job.id);
            if (cur?.owner !== undefined && cur.owner.token === job.owner?.token)
              this.write({ ...cur, owner: { ...cur.owner, heartbeat: Date.now() } });
          }
        }).catch((e: unknown) => log(`heartbeat failed: ${(e as Error).message}`));
      },
      Math.max(200, Math.floor(this.lockMs / 3)),
    );
    try {
      while (!options.signal?.aborted) {
        if (inflight.size < options.concurrency) {
          const job = await this.claim(log);
          if (job !== undefined) {
            const done = this.process(job, processor, log).finally(() => inflight.delete(job.id));
            inflight.set(job.id, { job, done });
            continue;
          }
          if (options.drain && inflight.size === 0 && !(await this.locked(() => this.pending())))
            break;
        }
        await Promise.race([sleep(200), ...[...inflight.values()].map((i) => i.done)]);
      }
      await Promise.all([...inflight.values()].map((i) => i.done));
    } finally {
      clearInterval(beat);
    }
  }

  private async process(
    job: StoredJob,
    processor: Processor,
    log: (l: string) => void,
  ): Promise<void> {
    const now = () => new Date().toISOString();
    let outcome: JobOutcome | undefined;
    let error: unknown;
    try {
      outcome = await processor(job.id, job.spec, job.attempts);
    } catch (e) {
      error = e;
    }
    const owned = await this.finishOwned(job, (cur) => {
      const { owner: _, ...rest } = cur;
      if (outcome) return { ...rest, status: "done", finishedAt: now(), outcome };
      const message = error instanceof Error ? error.message : String(error);
      const retry = !(error instanceof PermanentJobError) && cur.attempts < cur.spec.maxAttempts;
      return retry
        ? { ...rest, status: "queued", notBefore: Date.now() + 500, error: message }
        : { ...rest, status: "failed", finishedAt: now(), error: message };
    });
    if (!owned)
      log(`job ${job.id}: taken over by another worker; this attempt's result is dropped`);
  }

  async close(): Promise<void> {}
}
