/**
 * Preloaded with `node --import` into every measured process: on exit it writes the process's CPU
 * seconds (user, system; all its threads) to $INTENTC_BENCH_CPU_FILE, and, when GNU time is
 * missing, its peak RSS in KB and CPU seconds (as `time -f "%M %U %S"` would) to
 * $INTENTC_BENCH_RSS_FILE.
 */
import { writeFileSync } from "node:fs";

const out = process.env.INTENTC_BENCH_RSS_FILE;
const cpu = process.env.INTENTC_BENCH_CPU_FILE;
if (out || cpu) {
  process.on("exit", () => {
    const u = process.resourceUsage();
    const seconds = `${u.userCPUTime / 1e6} ${u.systemCPUTime / 1e6}`;
    if (out) writeFileSync(out, `${u.maxRSS} ${seconds}\n`);
    if (cpu) writeFileSync(cpu, `${seconds}\n`);
  });
}
