/**
 * Narrowing: the types references have where a condition is known to hold or to fail (TypeScript's
 * control-flow narrowing for the conditions expressions can write: `!`, `&&`, `||`, equality with
 * a literal, `null` or `undefined`, and truthiness).
 */
import type { ExprNode } from "./ast.js";
import { comparable } from "./relations.js";
import {
  NEVER,
  filterUnion,
  isNullable,
  isUnit,
  members,
  sameType,
  union,
  type Ty,
} from "./types.js";

/** Types of references (by {@link refKey}) narrowed by the conditions in effect. */
export type Narrowing = ReadonlyMap<string, Ty>;

/** The key of a narrowable reference (`note`, `event.note`, an arrow parameter's path). */
export function refKey(n: ExprNode): string | undefined {
  if (n.kind === "name") return n.param ? `$${n.name}` : n.name;
  if (n.kind === "member") {
    const o = refKey(n.object);
    return o === undefined ? undefined : `${o}.${n.property}`;
  }
  return undefined;
}

/** What narrowing needs from the checker. */
export interface NarrowingHost {
  /** The type of a sub-expression under the narrowings in effect (without reporting). */
  typeOf(n: ExprNode): Ty;
  /** Run `f` with extra narrowings in effect. */
  under<R>(narrowing: Narrowing, f: () => R): R;
  /**
   * The narrowings of a sub-condition under the narrowings in effect: {@link narrowings} through
   * the checker's memo, so that each (condition, truth, narrowings in effect) is computed once and
   * a chain of n `&&`/`||` costs O(n) narrowings, not 3^n.
   */
  narrow(cond: ExprNode, assume: boolean): Narrowing;
}

/** The narrowings that hold when `cond` is truthy (`assume`) or falsy. */
export function narrowings(cond: ExprNode, assume: boolean, host: NarrowingHost): Narrowing {
  const { typeOf } = host;
  const merge = (a: Narrowing, b: Narrowing): Narrowing => {
    const out = new Map<string, Ty>();
    for (const [k, t] of a) {
      const u = b.get(k);
      if (u !== undefined) out.set(k, union([t, u]));
    }
    return out;
  };
  switch (cond.kind) {
    case "unary":
      return cond.op === "!" ? host.narrow(cond.operand, !assume) : new Map();
    case "binary": {
      const op = cond.op;
      if (op === "&&" || op === "||") {
        const both = (op === "&&") === assume;
        const left = host.narrow(cond.left, assume);
        const right = host.under(host.narrow(cond.left, op === "&&"), () =>
          host.narrow(cond.right, assume),
        );
        if (both) return new Map([...left, ...right]);
        const leftOther = host.narrow(cond.left, !assume);
        return merge(left, new Map([...leftOther, ...right]));
      }
      if (op === "==" || op === "===" || op === "!=" || op === "!==") {
        const equal = (op === "==" || op === "===") === assume;
        const out = new Map<string, Ty>();
        for (const [ref, other] of [
          [cond.left, cond.right],
          [cond.right, cond.left],
        ] as const) {
          const key = refKey(ref);
          if (key === undefined) continue;
          const value = typeOf(other);
          const unit = value.k === "lit" || value.k === "null" || value.k === "undefined";
          if (!unit) continue;
          const declared = typeOf(ref);
          if (declared.k === "never") {
            out.set(key, NEVER);
            continue;
          }
          const keep = (m: Ty) =>
            equal ? comparable(m, value) || m.k === "any" : !sameType(m, value);
          const kept = members(declared).filter(keep);
          out.set(key, equal && kept.some((m) => !isUnit(m)) ? value : filterUnion(declared, keep));
        }
        return out;
      }
      return new Map();
    }
    default: {
      const key = refKey(cond);
      if (key === undefined) return new Map();
      const declared = typeOf(cond);
      const kept = members(declared).flatMap((m): Ty[] => {
        if (assume)
          return isNullable(m) ||
            (m.k === "lit" && (m.value === false || m.value === 0 || m.value === ""))
            ? []
            : [m];
        if (m.k === "object" || m.k === "array" || m.k === "fn") return [];
        if (m.k === "lit") return m.value === false || m.value === 0 || m.value === "" ? [m] : [];
        return [m];
      });
      return new Map([[key, union(kept)]]);
    }
  }
}
