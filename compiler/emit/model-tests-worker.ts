/**
 * The model-tests worker (precomputeSuites in model-tests.ts): receives the job (budget and the
 * shared flags), then the machines one message each, takes each one the build's thread has not taken yet, explores it and builds its suite
 * text, and posts one reply per machine taken. A machine that throws is answered without work, so
 * that the build redoes it on its own thread (and reports exactly what it would have reported
 * without the worker). A `null` message ends the list.
 */
import { parentPort } from "node:worker_threads";
import { computeSuite, type SuiteJob, type SuiteReply, type SuiteTask } from "./model-tests.js";

if (parentPort !== null) {
  const port = parentPort;
  let job: SuiteJob | undefined;
  port.on("message", (message: SuiteJob | SuiteTask | null) => {
    if (message === null) {
      port.close();
      return;
    }
    if (!("i" in message)) {
      job = message;
      return;
    }
    const task = message;
    if (job === undefined) return;
    // Taken by the build's thread already: the two have met.
    if (Atomics.compareExchange(job.taken, task.i, 0, 1) !== 0) return;
    const machine = task.program.domains.find((d) => d.name === task.domain)?.machines.find((m) => m.name === task.name);
    let reply: SuiteReply = { i: task.i };
    try {
      if (machine !== undefined) reply = { i: task.i, work: computeSuite(task.program, machine, job.budget) };
    } catch {
      // left to the build's own thread
    }
    port.postMessage(reply);
  });
}
