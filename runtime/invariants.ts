/**
 * Invariant predicates as data: each compiled invariant is an {@link InvariantDef}; checking a
 * step (`prev` → `next`) lists the invariants that do not hold.
 */

/** How bad a broken invariant is. */
export type InvariantSeverity = "critical" | "error" | "warning";

/** One compiled invariant over entity `T`. */
export interface InvariantDef<T> {
  /** The invariant's id in the intent (`ORD-1`). */
  readonly id: string;
  /** The human statement of the rule. */
  readonly says: string;
  readonly severity: InvariantSeverity;
  /** Name of the entity it ranges over. */
  readonly entity: string;
  /** True for a step invariant (it reads `prev`). */
  readonly step: boolean;
  /**
   * True when the rule holds. A false `when` holds; a step invariant holds when `prev` is
   * undefined (there is no step to judge).
   */
  check(prev: T | undefined, next: T): boolean;
}

/** An invariant that did not hold (or threw while being evaluated). */
export interface InvariantViolation {
  readonly id: string;
  readonly says: string;
  readonly severity: InvariantSeverity;
  readonly entity: string;
  readonly step: boolean;
  /** The exception message when evaluating the predicate threw. */
  readonly error?: string;
}

/**
 * Evaluate every invariant on a step and return the violations, in definition order.
 * @example checkInvariants(orderInvariants, before, after) // [] when all hold
 */
export function checkInvariants<T>(
  invariants: readonly InvariantDef<T>[],
  prev: T | undefined,
  next: T,
): InvariantViolation[] {
  const out: InvariantViolation[] = [];
  for (const inv of invariants) {
    let holds: boolean;
    let error: string | undefined;
    try {
      holds = inv.check(prev, next) === true;
    } catch (e) {
      holds = false;
      error = e instanceof Error ? e.message : String(e);
    }
    if (!holds) {
      const v = {
        id: inv.id,
        says: inv.says,
        severity: inv.severity,
        entity: inv.entity,
        step: inv.step,
      };
      out.push(error === undefined ? v : { ...v, error });
    }
  }
  return out;
}

/** A checker bound to a list of invariants: `(prev, next) → violations`. */
export function createInvariantChecker<T>(
  invariants: readonly InvariantDef<T>[],
): (prev: T | undefined, next: T) => InvariantViolation[] {
  return (prev, next) => checkInvariants(invariants, prev, next);
}

/** Render violations one per line: `ORD-1 (critical): The paid amount never exceeds the total`. */
export function formatViolations(violations: readonly InvariantViolation[]): string {
  return violations
    .map(
      (v) =>
        `${v.id} (${v.severity}): ${v.says}${v.error !== undefined ? ` [threw: ${v.error}]` : ""}`,
    )
    .join("\n");
}
