/**
 * The exploration worker of the model-tests emitter (model-tests-worker.ts), started on its own
 * so that a large build can start it before compiling: its start-up then overlaps the front end,
 * which keeps only one core busy. See precomputeSuites in model-tests.ts for the protocol.
 */
import type { Worker } from "node:worker_threads";
import { workerClass } from "../write/placer.js";

/** A started exploration worker. */
export interface SuiteWorker {
  readonly worker: Worker;
  /** Resolves once the worker has exited (however it ended). */
  readonly exited: Promise<void>;
}

/**
 * Start the worker; undefined under the TypeScript sources (tests), where no compiled worker
 * exists. A small young generation: exploration garbage dies young, and the default one cost
 * ~40 MB of peak memory at 5 000 entities for no speed.
 */
export function startSuiteWorker(): SuiteWorker | undefined {
  const url = new URL("./model-tests-worker.js", import.meta.url);
  if (url.protocol !== "file:" || !import.meta.url.endsWith(".js")) return undefined;
  const worker = new (workerClass())(url, { resourceLimits: { maxYoungGenerationSizeMb: 8 } });
  // A crash leaves the worker's machines to the build's own thread.
  worker.on("error", () => undefined);
  const exited = new Promise<void>((resolve) => worker.once("exit", () => resolve()));
  return { worker, exited };
}
