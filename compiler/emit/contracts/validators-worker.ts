/**
 * Worker thread of the validators emitter: takes job indexes from the shared counter until none
 * is left, compiles each domain (contracts/ajv.ts), and posts the texts back once.
 */
import { parentPort, workerData } from "node:worker_threads";
import { compileValidatorJob, type Schema, type ValidatorJob } from "./ajv.js";

/** What the emitter sends: every contract document, the jobs, and the shared next-job counter. */
export interface WorkerInput {
  readonly docs: readonly (readonly [string, Schema])[];
  readonly jobs: readonly ValidatorJob[];
  readonly next: Int32Array;
}

/** What the worker sends back: `[job index, validators.js text]` for the jobs it compiled. */
export interface WorkerOutput {
  readonly texts: readonly (readonly [number, string])[];
}

if (parentPort !== null && workerData !== null && typeof workerData === "object") {
  const input = workerData as WorkerInput;
  const docs = new Map(input.docs);
  const texts: [number, string][] = [];
  for (let i = Atomics.add(input.next, 0, 1); i < input.jobs.length; i = Atomics.add(input.next, 0, 1)) {
    texts.push([i, compileValidatorJob(docs, input.jobs[i])]);
  }
  const out: WorkerOutput = { texts };
  parentPort.postMessage(out);
}
