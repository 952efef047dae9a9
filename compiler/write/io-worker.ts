/**
 * The I/O worker of write/placer.ts: carries out the placer's requests (sent in batches) in
 * order on its own thread. After the first failure it skips everything until `flush`, which reports it.
 */
import { parentPort, workerData } from "node:worker_threads";
import { PlaceState, type IoReply, type IoRequest } from "./placer.js";

if (parentPort !== null) {
  const port = parentPort;
  const data = workerData as { killAfter?: unknown; fsync?: unknown } | null;
  const state = new PlaceState(Number(data?.killAfter ?? Number.NaN), data?.fsync === true);
  let failure: IoReply["error"];
  // Requests arrive in batches, in order.
  port.on("message", (batch: IoRequest[]) => {
    for (const req of batch) {
      if (failure === undefined) {
        try {
          state.apply(req);
        } catch (e) {
          const err = e as NodeJS.ErrnoException;
          failure = {
            message: String(err?.message ?? e),
            ...(err?.code ? { code: err.code } : {}),
            ...(err?.syscall ? { syscall: err.syscall } : {}),
            ...(err?.path ? { path: err.path } : {}),
          };
        }
      }
      if (req.t === "flush") {
        const reply: IoReply = failure === undefined ? {} : { error: failure };
        port.postMessage(reply);
      }
    }
  });
}
