/**
 * The suite report: when `INTENTC_SUITE_REPORT` names a file, every model-based run appends one
 * JSON line to it — which suite ran, against what (the slice's own implementation, or a
 * reference: the generated model or XState machine), how many runs with which seed, which
 * invariants it checked after every step, and whether it passed. `intentc run` binds a fresh
 * report file per test gate and reads it afterwards: an invariant is reported `passed` only when
 * a suite that checks it ran an implementation and passed. Nothing is written without the env var.
 */
import { appendFileSync } from "node:fs";

export { SUITE_REPORT_ENV, type SuiteReportEntry } from "../shared/suite-report.js";
import { SUITE_REPORT_ENV, type SuiteReportEntry } from "../shared/suite-report.js";

const REFERENCE = Symbol.for("intentc.testing.reference");

/** Mark an implementation object as a reference (the generated model or machine), not the slice's code. */
export function markReference<T extends object>(impl: T): T {
  Object.defineProperty(impl, REFERENCE, { value: true, enumerable: false });
  return impl;
}

/** True for objects made by {@link markReference}. */
export function isReference(impl: unknown): boolean {
  return (
    typeof impl === "object" &&
    impl !== null &&
    (impl as Record<symbol, unknown>)[REFERENCE] === true
  );
}

/** Append one entry to the report file named by the env var (no-op without it). */
export function recordSuiteRun(entry: SuiteReportEntry): void {
  const file = process.env[SUITE_REPORT_ENV];
  if (file === undefined || file === "") return;
  // One short line per append (O_APPEND): concurrent test workers do not interleave within it.
  appendFileSync(file, JSON.stringify(entry) + "\n", { mode: 0o644 });
}
