/**
 * The model-tests worker (precomputeSuites in model-tests.ts): explores each machine it is given
 * and builds its suite text, posting one reply per machine as it finishes. A machine that throws
 * is answered without work, so that the build redoes it on its own thread (and reports exactly
 * what it would have reported without the worker).
 */
import { parentPort, workerData } from "node:worker_threads";
import { computeSuite, type SuiteJob, type SuiteReply } from "./model-tests.js";

if (parentPort !== null) {
  const port = parentPort;
  const job = workerData as SuiteJob;
  const byName = new Map(job.program.domains.flatMap((d) => d.machines.map((m) => [`${m.domain}.${m.name}`, m] as const)));
  job.machines.forEach(([domain, name], i) => {
    const machine = byName.get(`${domain}.${name}`);
    let reply: SuiteReply = { i };
    try {
      if (machine !== undefined) reply = { i, work: computeSuite(job.program, machine, job.budget) };
    } catch {
      // left to the build's own thread
    }
    port.postMessage(reply);
  });
}
