/**
 * The shape every arbitrary combinator of intentc/testing builds (arbitraries.ts, strings.ts) and
 * the property checks read (property-checks.ts).
 */
import type * as fc from "fast-check";
import type { IssueCode, IssuePath } from "../../runtime/issues.js";

/** A value that must fail validation with `code` at `path`. */
export interface Mutant {
  readonly value: unknown;
  readonly code: IssueCode;
  readonly path: IssuePath;
  /** What was changed (for failure messages). */
  readonly what: string;
}

/** An arbitrary of contract values plus the mutations that break them. */
export interface Gen<T> {
  readonly arbitrary: fc.Arbitrary<T>;
  mutants(value: T): Mutant[];
}
