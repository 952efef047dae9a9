/**
 * How entries of the temp tree are created (step 2 of the protocol in compiler/write.ts): on this
 * thread; on libuv's thread pool (the "pool" placer: node:fs calls with callbacks); or on I/O
 * worker threads ("lanes"). The last two let a build's file creation (kernel time per file, most
 * of it in the file system's inode allocation) overlap with emitting instead of adding to it, on
 * more than one core: the pool without a worker's start-up (about 0.1 s of CPU each), the lanes
 * with their own batching for large trees (bench/RESULTS.md, "I/O lanes"). Each does the same
 * system calls per entry as this thread would; lanes receive the bytes already encoded
 * (transferred, not copied), in batches.
 */
import { close, fchmod, link, open, write } from "node:fs";
import { createRequire } from "node:module";
import type { Worker as WorkerType } from "node:worker_threads";
import { compilerAssert } from "../diagnostic.js";
import {
  CREATE_FLAGS,
  createFile,
  fsyncDir,
  fsyncFile,
  linkedRight,
  linkUnchanged,
  makeDir,
} from "./fs.js";
import type { TreeEntry } from "./tree.js";

/** What the I/O worker is told, in order. */
export type IoRequest =
  | { readonly t: "dir"; readonly abs: string }
  | {
      readonly t: "file";
      readonly abs: string;
      readonly bytes: Uint8Array;
      readonly mode: number;
      readonly prev?: TreeEntry;
    }
  | { readonly t: "flush"; readonly dirs: readonly string[] };

/** What the I/O worker answers to `flush`: nothing, or the first failure of any request. */
export interface IoReply {
  readonly error?: {
    readonly message: string;
    readonly code?: string;
    readonly syscall?: string;
    readonly path?: string;
  };
}

/**
 * Creates the temp tree's entries; `flush` makes them durable (fresh files, then `dirs`).
 * `group` names the subtree an entry belongs to (see {@link workerPlacer}): entries of one group
 * are created in order, entries of different groups may be created concurrently.
 */
export interface Placer {
  dir(abs: string, group?: string): void;
  /**
   * Hard-link `prev` when given and still valid, else create the file with `bytes` (a worker
   * placer takes them over: their buffer is transferred, so the caller must not use them again).
   */
  file(
    abs: string,
    bytes: Uint8Array,
    mode: number,
    prev: TreeEntry | undefined,
    group?: string,
  ): void;
  flush(dirs: readonly string[]): Promise<void>;
  /** Nothing more will be written once this resolves. */
  stop(): Promise<void>;
}

/**
 * Placing state shared by both placers: fresh files to fsync (when asked to) and the kill test
 * hook. Without `fsync`, a flush only reports failures: the tree is complete once every request
 * was carried out, which is all the swap needs to be atomic against a killed or failed build.
 */
export class PlaceState {
  readonly fresh: string[] = [];
  private placed = 0;
  constructor(
    private readonly killAfter: number,
    private readonly fsync: boolean,
  ) {}

  /** One request, as both placers carry it out. */
  apply(req: IoRequest): void {
    if (req.t === "dir") return makeDir(req.abs);
    if (req.t === "flush") {
      // After writing everything rather than file by file: the first fsync commits the journal
      // for most of the tree, so the rest return quickly.
      if (!this.fsync) return;
      for (const f of this.fresh) fsyncFile(f);
      for (const d of req.dirs) fsyncDir(d);
      return;
    }
    if (!(req.prev && linkUnchanged(req.prev, req.abs))) {
      createFile(req.abs, req.bytes, req.mode);
      if (this.fsync) this.fresh.push(req.abs);
    }
    this.count();
  }

  /** A file placed by the pool placer: created (`fresh`, its path) or linked. */
  placedOne(fresh: string | undefined): void {
    if (this.fsync && fresh !== undefined) this.fresh.push(fresh);
    this.count();
  }

  private count(): void {
    if (++this.placed === this.killAfter) process.kill(process.pid, "SIGKILL");
  }
}

/** A placer working on this thread, whose flush can also be called synchronously. */
export interface SyncPlacer extends Placer {
  flushSync(dirs: readonly string[]): void;
}

/** Every request carried out at once on this thread; failures throw from `dir`/`file`/`flushSync`. */
export function syncPlacer(fsync: boolean, killAfter = Number.NaN): SyncPlacer {
  const state = new PlaceState(killAfter, fsync);
  const flushSync = (dirs: readonly string[]) => state.apply({ t: "flush", dirs });
  return {
    dir: (abs) => state.apply({ t: "dir", abs }),
    file: (abs, bytes, mode, prev) =>
      state.apply({ t: "file", abs, bytes, mode, ...(prev ? { prev } : {}) }),
    flushSync,
    flush: async (dirs) => flushSync(dirs),
    stop: async () => undefined,
  };
}

/**
 * Files created on libuv's thread pool: `file` starts the file's open at once (the pool's threads
 * do the kernel's work while this thread goes on emitting), then writes, chmods and closes it from
 * the callbacks; an unchanged file is hard-linked the same way (copied on this thread where
 * linking fails, as {@link linkUnchanged} does). Directories are made here at once: a file's
 * directory must exist before its open starts. `flush` waits for every file, then reports the
 * first failure or makes the fresh files and `dirs` durable when asked to. At most `maxOpen`
 * files are in flight (each holds one descriptor until its callbacks run, which is after emitting
 * when emitting keeps this thread busy); the others wait their turn. `stop` drops those waiting.
 */
export function poolPlacer(
  fsync: boolean,
  killAfter = Number.NaN,
  maxOpen = POOL_MAX_OPEN,
): Placer {
  const state = new PlaceState(killAfter, fsync);
  /** Files given and not yet done (started or queued). */
  let pending = 0;
  /** Files started (each holds at most one descriptor) and not yet done. */
  let started = 0;
  let queue: (() => void)[] = [];
  let failure: unknown;
  let waiters: (() => void)[] = [];
  const idle = () => {
    if (pending !== 0) return;
    const w = waiters;
    waiters = [];
    for (const f of w) f();
  };
  const start = (job: () => void) => {
    if (started < maxOpen) {
      started++;
      job();
    } else queue.push(job);
  };
  /** One file done: failed (`e`), or placed (created when `fresh` is its path, else linked). */
  const settle = (e: unknown, fresh?: string) => {
    if (e !== null && e !== undefined) failure ??= e;
    else state.placedOne(fresh);
    started--;
    pending--;
    const next = queue.shift();
    if (next !== undefined) {
      started++;
      next();
    }
    idle();
  };
  const drained = () =>
    pending === 0 ? Promise.resolve() : new Promise<void>((r) => waiters.push(r));
  const create = (abs: string, bytes: Uint8Array, mode: number) =>
    open(abs, CREATE_FLAGS, mode, (err, fd) => {
      if (err) return settle(err);
      const done = (e: unknown) => close(fd, (c) => settle(e ?? c, abs));
      let off = 0;
      const more = (): void => {
        if (off >= bytes.length) return fchmod(fd, mode, (e) => done(e));
        write(fd, bytes, off, bytes.length - off, null, (e, n) => {
          if (e) return done(e);
          off += n;
          more();
        });
      };
      more();
    });
  return {
    dir: (abs) => {
      if (failure === undefined) makeDir(abs);
    },
    file(abs, bytes, mode, prev) {
      if (failure !== undefined) return;
      pending++;
      if (prev === undefined) return start(() => create(abs, bytes, mode));
      start(() =>
        link(prev.abs, abs, (e) => {
          try {
            if (e === null ? linkedRight(prev, abs) : linkUnchanged(prev, abs)) return settle(null);
          } catch (x) {
            return settle(x);
          }
          create(abs, bytes, mode);
        }),
      );
    },
    async flush(dirs) {
      await drained();
      if (failure !== undefined) throw failure;
      state.apply({ t: "flush", dirs });
    },
    async stop() {
      // Nothing more starts; what is in flight finishes (its descriptors are closed).
      pending -= queue.length;
      queue = [];
      idle();
      await drained();
    },
  };
}

/** Files the pool placer keeps in flight at most (far below any usual descriptor limit). */
export const POOL_MAX_OPEN = 256;

/** The compiled worker beside this module; undefined under the TypeScript sources (tests). */
function workerUrl(): URL | undefined {
  const url = new URL("./io-worker.js", import.meta.url);
  return url.protocol === "file:" && import.meta.url.endsWith(".js") ? url : undefined;
}

/** node:worker_threads, loaded when a worker is first started (a no-op build starts none). */
export function workerClass(): typeof WorkerType {
  return (
    createRequire(import.meta.url)("node:worker_threads") as typeof import("node:worker_threads")
  ).Worker;
}

/**
 * Requests go to a worker thread in order; the first failure is reported by `flush` (the worker
 * skips everything after it).
 */
function oneWorker(url: URL, fsync: boolean, killAfter: number): Placer {
  const worker = new (workerClass())(url, {
    workerData: { killAfter, fsync },
    resourceLimits: { maxOldGenerationSizeMb: 32 },
  });
  let exited = false;
  let crash: Error | undefined;
  let waiting: { resolve: () => void; reject: (e: unknown) => void } | undefined;
  const exit = new Promise<void>((resolve) =>
    worker.once("exit", () => {
      exited = true;
      waiting?.reject(crash ?? new Error("the I/O worker stopped"));
      resolve();
    }),
  );
  worker.on("error", (e) => {
    crash = e;
  });
  worker.on("message", (m: IoReply) => {
    const w = waiting;
    waiting = undefined;
    if (m.error) w?.reject(Object.assign(new Error(m.error.message), m.error));
    else w?.resolve();
  });
  // The worker keeps no event loop of its own alive beyond its requests.
  worker.unref();
  // Requests travel in batches (one postMessage per ~64 KB or 32 requests, and at flush): a
  // message costs ~40 µs on the sending thread, which is the busy one.
  let batch: IoRequest[] = [];
  let transfer: ArrayBuffer[] = [];
  let bytes = 0;
  const send = () => {
    if (batch.length > 0 && !exited) worker.postMessage(batch, transfer);
    batch = [];
    transfer = [];
    bytes = 0;
  };
  const post = (req: IoRequest, buffer?: ArrayBuffer) => {
    batch.push(req);
    if (buffer !== undefined) {
      transfer.push(buffer);
      bytes += buffer.byteLength;
    }
    if (req.t === "flush" || batch.length >= 32 || bytes >= 65_536) send();
  };
  return {
    dir: (abs) => post({ t: "dir", abs }),
    file(abs, bytes, mode, prev) {
      post({ t: "file", abs, bytes, mode, ...(prev ? { prev } : {}) }, bytes.buffer as ArrayBuffer);
    },
    flush(dirs) {
      compilerAssert(waiting === undefined, "flush() while a flush is pending");
      if (exited) return Promise.reject(crash ?? new Error("the I/O worker stopped"));
      const done = new Promise<void>((resolve, reject) => {
        waiting = { resolve, reject };
      });
      worker.ref();
      post({ t: "flush", dirs });
      return done.finally(() => worker.unref());
    },
    async stop() {
      if (!exited) await worker.terminate();
      await exit;
    },
  };
}

/**
 * Requests go to `lanes` worker threads, each group of entries to one lane (groups assigned in
 * turn as they first appear), so the kernel's per-file work of creating a large tree runs on
 * two cores once emitting is done. The parent of every group must exist before its first entry
 * (the writer creates top-level directories itself). `flush` first makes every lane's files
 * durable, then the directories (a directory is synced only after all its entries exist). The
 * first failure of any lane is reported. Falls back to {@link syncPlacer} when no compiled
 * worker exists.
 */
export function workerPlacer(fsync: boolean, lanes = 2, killAfter = Number.NaN): Placer {
  const url = workerUrl();
  if (url === undefined) return syncPlacer(fsync, killAfter);
  const workers = Array.from({ length: Math.max(1, lanes) }, () =>
    oneWorker(url, fsync, killAfter),
  );
  const laneOf = new Map<string, Placer>();
  const lane = (group: string | undefined): Placer => {
    if (group === undefined) return workers[0] as Placer;
    let w = laneOf.get(group);
    if (w === undefined) {
      w = workers[laneOf.size % workers.length] as Placer;
      laneOf.set(group, w);
    }
    return w;
  };
  return {
    dir: (abs, group) => lane(group).dir(abs),
    file: (abs, bytes, mode, prev, group) => lane(group).file(abs, bytes, mode, prev),
    async flush(dirs) {
      const settled = await Promise.allSettled(workers.map((w) => w.flush([])));
      const failed = settled.find((r) => r.status === "rejected");
      if (failed) throw (failed as PromiseRejectedResult).reason;
      await Promise.all(
        workers.map((w, i) => w.flush(dirs.filter((_, j) => j % workers.length === i))),
      );
    },
    async stop() {
      await Promise.all(workers.map((w) => w.stop()));
    },
  };
}
