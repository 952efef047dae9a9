/**
 * Worker thread of the validators emitter: takes job indexes from the shared counter until none
 * is left, compiles each domain (contracts/ajv.ts), and posts each text back as it is done.
 */
import { parentPort, workerData } from "node:worker_threads";
import { compileValidatorJob, type Schema, type ValidatorJob } from "./ajv.js";

/** What the emitter sends: every contract document, the jobs, and the shared next-job counter. */
export interface WorkerInput {
  readonly docs: readonly (readonly [string, Schema])[];
  readonly jobs: readonly ValidatorJob[];
  readonly next: Int32Array;
}

/**
 * What the worker sends: each job's index and validators.js text as soon as each job is compiled (so
 * neither thread keeps a worker's texts longer than needed), then `done` once the queue is empty.
 */
export type WorkerOutput = { readonly index: number; readonly text: string } | { readonly done: true };

if (parentPort !== null && workerData !== null && typeof workerData === "object") {
  const port = parentPort;
  const input = workerData as WorkerInput;
  const docs = new Map(input.docs);
  for (let i = Atomics.add(input.next, 0, 1); i < input.jobs.length; i = Atomics.add(input.next, 0, 1)) {
    const out: WorkerOutput = { index: i, text: compileValidatorJob(docs, input.jobs[i]) };
    port.postMessage(out);
  }
  const done: WorkerOutput = { done: true };
  port.postMessage(done);
}
