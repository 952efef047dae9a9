/**
 * The slice queue's data: what a queued run asks for, what a queue entry says about it, and the
 * one interface both backends (BullMQ on Redis, the embedded file queue) implement.
 */

/** What `intentc queue add` enqueues: everything a worker needs to do what `intentc run` does. */
export interface JobSpec {
  readonly slice: string;
  /** Repository-relative intent directory (absent: `intent`). */
  readonly dir?: string;
  /** Base commit (full id, resolved when enqueued). */
  readonly base: string;
  /** The agent's argv (the task already substituted). */
  readonly agent: readonly string[];
  readonly agentName?: string;
  /** The task text, kept for the record (the agent receives it in its argv). */
  readonly task?: string;
  readonly unsafeNoSandbox: boolean;
  /** Wall-clock budget of the whole run; past it the run is killed and recorded as failed. */
  readonly timeBudgetSeconds: number;
  /** Attempts at the queue level (1 + the tier's retries): a crashed or stalled run is retried. */
  readonly maxAttempts: number;
  /** Git remote (name or URL) the result is published to; absent: the worker's own repository. */
  readonly remote?: string;
  readonly idempotencyKey?: string;
  /** Random per enqueue: tells a new entry from one an idempotency key returned. */
  readonly nonce: string;
}

/** The states `intentc queue status` shows. */
export type QueueState =
  "queued" | "running" | "failed" | "awaiting review" | "approved" | "promoted";

/** Review progress of a finished, passed run (kept in the entry and in the run's ref). */
export interface ReviewState {
  readonly approvals: readonly string[];
  readonly required: number;
  readonly rejected?: { readonly by: string; readonly reason: string };
  readonly promoted?: { readonly branch: string; readonly commit: string };
}

/** What a worker reports when a job ends. */
export interface JobOutcome {
  readonly runId: string;
  /** `refs/intentc/runs/<id>` in the remote. */
  readonly ref: string;
  readonly remote: string;
  /** The run's verdict: passed, failed or rejected. */
  readonly result: "passed" | "failed" | "rejected";
  readonly reason: string;
  readonly approvalsRequired: number;
  /** True when an earlier attempt had already published this job's run (no second run). */
  readonly recovered?: boolean;
}

/** One entry of `intentc queue status`. */
export interface QueueEntry {
  readonly id: string;
  readonly spec: JobSpec;
  readonly state: QueueState;
  /** Attempts started so far (a stalled or crashed attempt counts). */
  readonly attempts: number;
  readonly addedAt: string;
  readonly finishedAt?: string;
  readonly outcome?: JobOutcome;
  readonly review?: ReviewState;
  /** Why the job failed without a verdict (crash, time budget, refused). */
  readonly error?: string;
}

/** A failure the queue must not retry (time budget, refusal before anything ran). */
export class PermanentJobError extends Error {}

/** The queue cannot be opened (Redis unreachable, BullMQ missing): said to the user, not a crash. */
export class QueueUnavailableError extends Error {}

/** The work a backend hands to its workers. */
export type Processor = (id: string, spec: JobSpec, attempt: number) => Promise<JobOutcome>;

/** Options for {@link QueueBackend.work}. */
export interface WorkOptions {
  readonly concurrency: number;
  /** Return once nothing is queued or running. */
  readonly drain?: boolean;
  /** Stop taking jobs (running ones finish) when aborted. */
  readonly signal?: AbortSignal;
  readonly log?: (line: string) => void;
}

/** The queue: BullMQ on Redis, or the embedded file queue, with the same semantics. */
export interface QueueBackend {
  readonly kind: "redis" | "local";
  /** Enqueue; with an idempotency key an existing entry is returned instead (`created` false). */
  add(id: string, spec: JobSpec): Promise<{ entry: QueueEntry; created: boolean }>;
  list(): Promise<QueueEntry[]>;
  get(id: string): Promise<QueueEntry | undefined>;
  /** Record review progress of a finished job. */
  setReview(id: string, review: ReviewState): Promise<void>;
  /** Take and process jobs until drained or aborted. */
  work(processor: Processor, options: WorkOptions): Promise<void>;
  close(): Promise<void>;
}

/** The state of a finished job from its outcome and review. */
export function finishedState(outcome: JobOutcome, review: ReviewState | undefined): QueueState {
  if (outcome.result !== "passed") return "failed";
  if (review?.promoted) return "promoted";
  if (review?.rejected) return "failed";
  if (review && review.approvals.length >= review.required) return "approved";
  return "awaiting review";
}
