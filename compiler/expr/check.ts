/** Expressions: subset validation and TypeScript type-checking of every expression in a Program. */
import type { Diagnostic } from "../diagnostic.js";
import type { Program } from "../ir/types.js";

/** Validate and type-check every guard, effect, init value and invariant in the program. */
export function checkExpressions(_program: Program): Diagnostic[] {
  return [];
}
