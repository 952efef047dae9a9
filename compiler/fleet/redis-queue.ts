/**
 * The queue on BullMQ (Redis): workers on many machines share it. BullMQ does the distributed part
 * (atomic moves between lists, job locks renewed while a job runs, stalled-job recovery, attempts
 * with backoff, job ids as idempotency keys); this file only maps its jobs to queue entries.
 * BullMQ is loaded on first use, so commands that never touch Redis never load it.
 */
import {
  finishedState,
  PermanentJobError,
  QueueUnavailableError,
  type JobOutcome,
  type JobSpec,
  type Processor,
  type QueueBackend,
  type QueueEntry,
  type QueueState,
  type ReviewState,
  type WorkOptions,
} from "./types.js";

/** What a job carries in Redis. */
interface JobData {
  readonly spec: JobSpec;
  readonly addedAt: string;
  readonly review?: ReviewState;
}

// Minimal shapes of the BullMQ API used here (the package is an optional, lazily loaded dependency).
interface BullJob {
  readonly id?: string;
  readonly data: JobData;
  readonly returnvalue: JobOutcome | null;
  readonly failedReason?: string;
  readonly attemptsStarted?: number;
  readonly attemptsMade: number;
  readonly finishedOn?: number;
  updateData(d: JobData): Promise<void>;
}
interface BullQueue {
  add(name: string, data: JobData, opts: object): Promise<BullJob>;
  getJob(id: string): Promise<BullJob | undefined>;
  getJobs(types: string[], start?: number, end?: number, asc?: boolean): Promise<BullJob[]>;
  getJobCounts(...types: string[]): Promise<Record<string, number>>;
  waitUntilReady(): Promise<void>;
  on(event: "error", f: (e: Error) => void): void;
  close(): Promise<void>;
}
interface BullWorker {
  on(event: string, f: (...a: unknown[]) => void): void;
  close(): Promise<void>;
  waitUntilReady(): Promise<unknown>;
}
interface BullMQ {
  Queue: new (name: string, opts: object) => BullQueue;
  Worker: new (name: string, f: (job: BullJob) => Promise<JobOutcome>, opts: object) => BullWorker;
  UnrecoverableError: new (message: string) => Error;
}

const QUEUE_NAME = "intentc-runs";
const PENDING = ["wait", "active", "delayed", "prioritized", "paused", "waiting-children"];

async function loadBullMQ(): Promise<BullMQ> {
  // A variable specifier: bundlers leave it alone and node resolves it from the package.
  const name = "bullmq";
  try {
    return (await import(name)) as BullMQ;
  } catch (e) {
    throw new QueueUnavailableError(
      `REDIS_URL is set but the 'bullmq' package cannot be loaded (npm install bullmq ioredis): ${(e as Error).message}`,
    );
  }
}

/** Connection options from a redis:// URL; reconnects forever (Redis restarts lose nothing). */
function connection(url: string): object {
  return {
    url,
    maxRetriesPerRequest: null,
    enableOfflineQueue: true,
    retryStrategy: (n: number) => Math.min(100 * n, 2000),
  };
}

/** The queue on Redis at `url`. */
export class RedisQueue implements QueueBackend {
  readonly kind = "redis" as const;

  private constructor(
    private readonly bull: BullMQ,
    private readonly queue: BullQueue,
    private readonly url: string,
    private readonly prefix: string,
    private readonly lockMs: number,
  ) {}

  static async open(
    url: string,
    lockMs = 30_000,
    prefix = process.env.INTENTC_QUEUE_PREFIX || "intentc",
  ): Promise<RedisQueue> {
    const bull = await loadBullMQ();
    const queue = new bull.Queue(QUEUE_NAME, { connection: connection(url), prefix });
    let lastError = "";
    queue.on("error", (e) => (lastError = e.message));
    // A command must not hang on an unreachable server (a running worker rides out restarts).
    let timer: NodeJS.Timeout | undefined;
    const ready = await Promise.race([
      queue.waitUntilReady().then(() => true),
      new Promise<boolean>((r) => (timer = setTimeout(() => r(false), 10_000))),
    ]);
    clearTimeout(timer);
    if (!ready) {
      void queue.close().catch(() => {});
      throw new QueueUnavailableError(
        `cannot reach Redis at ${url.replace(/\/\/[^@/]*@/, "//***@")} (REDIS_URL)${lastError ? `: ${lastError}` : ""}`,
      );
    }
    return new RedisQueue(bull, queue, url, prefix, lockMs);
  }

  async add(id: string, spec: JobSpec): Promise<{ entry: QueueEntry; created: boolean }> {
    const job = await this.queue.add(
      "run",
      { spec, addedAt: new Date().toISOString() },
      {
        jobId: id,
        attempts: spec.maxAttempts,
        backoff: { type: "fixed", delay: 500 },
        removeOnComplete: false,
        removeOnFail: false,
      },
    );
    // On a duplicate id BullMQ returns a job object made from *our* data: read back what Redis holds.
    const stored = (await this.queue.getJob(id)) ?? job;
    const created = stored.data.spec.nonce === spec.nonce;
    const entry = (await this.get(id)) ?? this.entry(job, "queued");
    return { entry, created };
  }

  private entry(job: BullJob, state: string): QueueEntry {
    const outcome = state === "completed" ? (job.returnvalue ?? undefined) : undefined;
    const s: QueueState =
      state === "active"
        ? "running"
        : state === "failed"
          ? "failed"
          : state === "completed"
            ? outcome
              ? finishedState(outcome, job.data.review)
              : "failed"
            : "queued";
    return {
      id: job.id as string,
      spec: job.data.spec,
      state: s,
      attempts: job.attemptsStarted ?? job.attemptsMade,
      addedAt: job.data.addedAt,
      ...(job.finishedOn && (state === "completed" || state === "failed")
        ? { finishedAt: new Date(job.finishedOn).toISOString() }
        : {}),
      ...(outcome ? { outcome } : {}),
      ...(job.data.review ? { review: job.data.review } : {}),
      ...(state === "failed" && job.failedReason ? { error: job.failedReason } : {}),
    };
  }

  async list(): Promise<QueueEntry[]> {
    const out: QueueEntry[] = [];
    for (const state of [...PENDING, "completed", "failed"])
      for (const job of await this.queue.getJobs([state], 0, -1, true))
        if (job?.id) out.push(this.entry(job, state));
    return out.sort((a, b) => a.addedAt.localeCompare(b.addedAt) || a.id.localeCompare(b.id));
  }

  async get(id: string): Promise<QueueEntry | undefined> {
    return (await this.list()).find((e) => e.id === id);
  }

  async setReview(id: string, review: ReviewState): Promise<void> {
    const job = await this.queue.getJob(id);
    if (job) await job.updateData({ ...job.data, review });
  }

  async work(processor: Processor, options: WorkOptions): Promise<void> {
    const log = options.log ?? (() => {});
    const { UnrecoverableError } = this.bull;
    const worker = new this.bull.Worker(
      QUEUE_NAME,
      async (job) => {
        try {
          return await processor(
            job.id as string,
            job.data.spec,
            job.attemptsStarted ?? job.attemptsMade + 1,
          );
        } catch (e) {
          if (e instanceof PermanentJobError) throw new UnrecoverableError(e.message);
          throw e;
        }
      },
      {
        connection: connection(this.url),
        prefix: this.prefix,
        concurrency: options.concurrency,
        lockDuration: this.lockMs,
        stalledInterval: this.lockMs,
        maxStalledCount: 2,
        drainDelay: 1,
      },
    );
    worker.on("failed", (job, err) =>
      log(`job ${(job as BullJob | undefined)?.id}: ${(err as Error).message}`),
    );
    worker.on("stalled", (id) =>
      log(`job ${String(id)}: stalled (its worker stopped); back in the queue`),
    );
    worker.on("error", (err) => log(`queue: ${(err as Error).message}`));
    await worker.waitUntilReady();
    await new Promise<void>((resolve) => {
      const check = async () => {
        if (options.signal?.aborted) return resolve();
        if (options.drain) {
          try {
            const counts = await this.queue.getJobCounts(...PENDING);
            if (Object.values(counts).every((n) => n === 0)) return resolve();
          } catch {
            // Redis away: keep waiting.
          }
        }
        setTimeout(() => void check(), 500);
      };
      void check();
    });
    await worker.close();
  }

  async close(): Promise<void> {
    await this.queue.close();
  }
}
