/**
 * The suite report's line format, shared by its writer (intentc/testing, inside a test gate) and
 * its reader (the governance runner): one JSON line per model-based suite run.
 */

/** Env var naming the report file (a JSON line per suite run). */
export const SUITE_REPORT_ENV = "INTENTC_SUITE_REPORT";

/** One line of the suite report. */
export interface SuiteReportEntry {
  readonly format: 1;
  readonly kind: "model-based";
  /** `domain.Machine` of the suite. */
  readonly suite: string;
  /** `implementation`: a factory the slice supplied; `reference`: the generated model or machine. */
  readonly subject: "implementation" | "reference";
  /** Event sequences run: the seed paths replayed plus the random runs. */
  readonly runs: number;
  /** fast-check seed of the random runs (replay with the same seed). */
  readonly seed: number;
  /** Invariant ids (`domain.ID`) checked after every step. */
  readonly invariants: readonly string[];
  readonly result: "passed" | "failed";
  /** First lines of the failure (shrunk event sequence), when failed. */
  readonly counterexample?: string;
}
