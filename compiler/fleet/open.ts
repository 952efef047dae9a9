/**
 * Which queue: BullMQ on Redis when `REDIS_URL` is set (workers on many machines), otherwise the
 * embedded file queue under `.intentc/queue` (one machine, no server). Same commands, same states.
 */
import { LocalQueue } from "./local-queue.js";
import { QueueUnavailableError, type QueueBackend } from "./types.js";

/** The job lock / heartbeat lease in ms (`INTENTC_QUEUE_LOCK_MS`, default 30 s). */
export function lockMs(): number {
  const n = Number(process.env.INTENTC_QUEUE_LOCK_MS);
  return Number.isInteger(n) && n >= 500 ? n : 30_000;
}

/** Open the queue for a repository. */
export async function openQueue(repo: string): Promise<QueueBackend> {
  const url = process.env.REDIS_URL;
  if (url !== undefined && url !== "") {
    const { RedisQueue } = await import("./redis-queue.js");
    return RedisQueue.open(url, lockMs());
  }
  return new LocalQueue(repo, lockMs());
}

/** Open the queue, or print why it cannot be opened and return undefined. */
export async function openQueueOrSay(
  repo: string,
  say: (line: string) => void,
): Promise<QueueBackend | undefined> {
  try {
    return await openQueue(repo);
  } catch (e) {
    if (!(e instanceof QueueUnavailableError)) throw e;
    say(`${e.message}\n`);
    return undefined;
  }
}
