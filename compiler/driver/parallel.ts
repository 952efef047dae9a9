/**
 * Optional parallelism of the analysis phase: machines explored on one worker thread
 * (explore-worker.ts) while this thread explores too. The only parallel code of a build; its
 * results are exactly the serial ones (test/driver/parallel.test.ts): each machine is explored by
 * `exploreForBuild` on exactly one thread, and a machine the worker could not do is redone here.
 *
 * Protocol: the worker receives the job (budget, one shared flag per machine), then each machine
 * as its own message holding only what its exploration reads (explorationProgram), then `null`.
 * The worker takes machines from the first on, this thread from the last back, each claiming a
 * machine with `Atomics.compareExchange` on its flag, until they meet.
 */
import { Worker } from "node:worker_threads";
import type { MachineExploration } from "../explore/index.js";
import type { Machine, Program } from "../ir/types.js";

/** Fewest machines for which a worker pays for its start-up (~0.1 s of CPU). */
export const WORKER_MIN_MACHINES = 16;

/** An exploration worker (started early, its start-up overlaps the front end). */
export interface Explorer {
  /**
   * Explore `machines` (of `program`) at `budget`, calling `done` once per machine (on this
   * thread); resolves when every machine is done. Call at most once.
   */
  explore(
    program: Program,
    machines: readonly Machine[],
    budget: number,
    done: (m: Machine, x: MachineExploration) => void,
    fingerprint?: boolean,
  ): Promise<void>;
  /** Stop the worker (when it is not needed after all). */
  stop(): Promise<void>;
}

/** The worker's first message. */
export interface ExploreJob {
  readonly budget: number;
  readonly fingerprint?: boolean;
  /** One flag per machine: 0 until a thread takes it. */
  readonly taken: Int32Array;
}

/** One machine for the worker (`null` ends the list). */
export interface ExploreTask {
  readonly i: number;
  readonly program: Program;
  readonly domain: string;
  readonly name: string;
}

/** One machine done by the worker (`work` undefined when it threw: this thread redoes it). */
export interface ExploreReply {
  readonly i: number;
  readonly work?: MachineExploration;
}

/**
 * Start the worker; undefined under the TypeScript sources (tests run the compiled worker from
 * dist/). A small young generation: exploration garbage dies young (bench/RESULTS.md,
 * "Exploration worker").
 */
export function startExplorer(): Explorer | undefined {
  const url = new URL("./explore-worker.js", import.meta.url);
  if (url.protocol !== "file:" || !import.meta.url.endsWith(".js")) return undefined;
  const worker = new Worker(url, { resourceLimits: { maxYoungGenerationSizeMb: 8 } });
  // A crash leaves the worker's machines to this thread.
  worker.on("error", () => undefined);
  const exited = new Promise<void>((resolve) => worker.once("exit", () => resolve()));
  const stop = async () => {
    await worker.terminate();
    await exited;
  };
  return {
    stop,
    async explore(program, machines, budget, done, fingerprint) {
      // Loaded here: starting the worker early must not wait for the explorer's code.
      const { explorationProgram, exploreForBuild } = await import("../explore/index.js");
      const taken = new Int32Array(new SharedArrayBuffer(4 * machines.length));
      const finished = new Set<number>();
      const finish = (i: number, work: MachineExploration) => {
        finished.add(i);
        done(machines[i] as Machine, work);
      };
      worker.on("message", (m: ExploreReply) => {
        if (m.work !== undefined && machines[m.i] !== undefined) finish(m.i, m.work);
      });
      worker.postMessage({ budget, fingerprint, taken } satisfies ExploreJob);
      machines.forEach((m, i) => {
        const task: ExploreTask = {
          i,
          program: explorationProgram(program, m),
          domain: m.domain,
          name: m.name,
        };
        worker.postMessage(task);
      });
      worker.postMessage(null);
      // Let the worker start before this thread competes for the first machines.
      await null;
      for (let i = machines.length - 1; i >= 0; i--) {
        if (Atomics.compareExchange(taken, i, 0, 1) !== 0) break;
        finish(i, exploreForBuild(program, machines[i] as Machine, budget, undefined, fingerprint));
      }
      await exited;
      // Whatever the worker took but did not answer (it threw or crashed) is done here.
      for (const [i, m] of machines.entries())
        if (!finished.has(i))
          finish(i, exploreForBuild(program, m, budget, undefined, fingerprint));
    },
  };
}
