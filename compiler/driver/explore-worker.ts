/**
 * The exploration worker of driver/parallel.ts: takes each machine the build's thread has not
 * taken yet, explores it and posts the result. A machine that throws is answered without work,
 * so the build redoes it on its own thread and reports exactly what it would have reported.
 */
import { parentPort } from "node:worker_threads";
import { exploreForBuild } from "../explore/index.js";
import type { ExploreJob, ExploreReply, ExploreTask } from "./parallel.js";

if (parentPort !== null) {
  const port = parentPort;
  let job: ExploreJob | undefined;
  port.on("message", (message: ExploreJob | ExploreTask | null) => {
    if (message === null) {
      port.close();
      return;
    }
    if (!("i" in message)) {
      job = message;
      return;
    }
    if (job === undefined) return;
    // Taken by the build's thread already: the two have met.
    if (Atomics.compareExchange(job.taken, message.i, 0, 1) !== 0) return;
    const domain = message.program.domains.find((d) => d.name === message.domain);
    const machine = domain?.machines.find((m) => m.name === message.name);
    let reply: ExploreReply = { i: message.i };
    try {
      if (machine !== undefined)
        reply = {
          i: message.i,
          work: exploreForBuild(message.program, machine, job.budget, undefined, job.fingerprint),
        };
    } catch {
      // left to the build's own thread
    }
    port.postMessage(reply);
  });
}
