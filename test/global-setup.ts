/** Vitest global setup: say once, loudly, which system suites cannot run on this machine. */
import { missingToolsSummary } from "./system-tools.js";

export default function setup(): void {
  const line = missingToolsSummary();
  if (line !== undefined) process.stderr.write(`\n\x1b[1;33m${"!".repeat(8)} ${line}\x1b[0m\n\n`);
}
