/** The result of validating a value against a contract, and the error thrown by assertions. */
import type { Issue } from "./issues.js";
import { formatIssues } from "./issues.js";

/** `{ ok: true, value }` when the value satisfies the contract, else `{ ok: false, issues }`. */
export type Result<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly issues: readonly Issue[] };

/** A successful result. */
export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

/** A failed result. */
export function fail<T = never>(issues: readonly Issue[]): Result<T> {
  return { ok: false, issues };
}

/** Thrown by `assertValid`: holds every issue of the rejected value. */
export class ContractError extends Error {
  override name = "ContractError";
  /** Every issue found, in validator order. */
  readonly issues: readonly Issue[];
  constructor(contract: string, issues: readonly Issue[]) {
    super(`Value does not satisfy ${contract}:\n${formatIssues(issues)}`);
    this.issues = issues;
  }
}

/**
 * Unwrap a result or throw a {@link ContractError}.
 * @example const order = unwrap(validateOrder(input), "Order");
 */
export function unwrap<T>(result: Result<T>, contract = "the contract"): T {
  if (result.ok) return result.value;
  throw new ContractError(contract, result.issues);
}
