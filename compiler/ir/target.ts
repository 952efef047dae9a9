/** Assignment targets (`paid`, `rmState[event.rm]`, `accounts[event.id].balance`). */
import type { Assignment, Expr, TargetStep } from "./types.js";

/**
 * The target as written (keys by their source text).
 * @example targetText("accounts", path) // "accounts[event.id].balance"
 */
export function targetText(field: string, path: readonly TargetStep[] = []): string {
  let out = field;
  for (const s of path) out += s.kind === "entry" ? `[${s.key.source}]` : `.${s.name}`;
  return out;
}

/** Every expression an assignment evaluates: the keys of its target in order, then the value. */
export function assignmentExprs(a: Assignment): Expr[] {
  const keys = (a.path ?? []).flatMap((s) => (s.kind === "entry" ? [s.key] : []));
  return [...keys, a.expr];
}
