/** The embedded queue (no REDIS_URL): one machine, files under .intentc/queue, same semantics. */
import { describeWithTools } from "../system-tools.js";
import { queueSemantics } from "./semantics.js";

describeWithTools(["bwrap"], "local slice queue", () => {
  queueSemantics(async () => ({ REDIS_URL: "" }));
});
