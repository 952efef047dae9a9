/**
 * Vitest global setup, run once before any test file: build dist/ when stale (tests that run the
 * compiled CLI, writer or workers use it; see test/driver/dist.ts), and say once, loudly, which
 * system suites cannot run on this machine.
 */
import { buildDist } from "./driver/dist.js";
import { missingToolsSummary } from "./system-tools.js";

export default function setup(): void {
  buildDist();
  const line = missingToolsSummary();
  if (line !== undefined) process.stderr.write(`\n\x1b[1;33m${"!".repeat(8)} ${line}\x1b[0m\n\n`);
}
