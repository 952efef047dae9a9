/**
 * Fallback when GNU time is missing: preloaded with `node --import`, it writes the process's
 * peak RSS in KB and CPU seconds (as `time -f "%M %U %S"` would) to $INTENTC_BENCH_RSS_FILE on exit.
 */
import { writeFileSync } from "node:fs";

const out = process.env.INTENTC_BENCH_RSS_FILE;
if (out) {
  process.on("exit", () => {
    const u = process.resourceUsage();
    writeFileSync(out, `${u.maxRSS} ${u.userCPUTime / 1e6} ${u.systemCPUTime / 1e6}\n`);
  });
}
