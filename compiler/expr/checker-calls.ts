/** The checker's calls (checker.ts): `m[key]`, the quantifiers and the array helpers, with TypeScript's errors. */
import type { ExprNode } from "./ast.js";
import { lookup } from "./members.js";
import { arrayElementOf, assignable, notAssignable, numberLike, stringLike } from "./relations.js";
import {
  ANY,
  BOOLEAN,
  ERROR,
  NUMBER,
  STRING,
  UNDEFINED,
  contextualLiterals,
  isUnit,
  members,
  show,
  union,
  widen,
  type Ty,
} from "./types.js";
import { CheckerBase, type Scope } from "./checker-base.js";

/** The checker's calls: key lookups in maps, quantifiers, the array helpers. */
export abstract class CallChecker extends CheckerBase {
  /** `object[key]`: a map's value for a key of its key type, an array's element, a record's property. */
  protected lookupKey(n: Extract<ExprNode, { kind: "lookup" }>, scope: Scope): Ty {
    const obj = this.nonNull(this.check(n.object, scope), n.object);
    const keyT = this.check(n.key, scope);
    if (obj.k === "any" || obj.k === "never" || keyT.k === "any")
      return obj.k === "never" ? obj : ANY;
    // A literal key reads the property of that name (TypeScript's element access with a literal).
    if (keyT.k === "lit" && typeof keyT.value === "string") {
      const found = lookup(obj, keyT.value);
      if (found !== undefined) return found;
    }
    if (obj.k === "array" && numberLike(keyT)) return obj.elem;
    if (obj.k === "array") {
      this.error(
        n.key,
        "Element implicitly has an 'any' type because index expression is not of type 'number'.",
      );
      return ANY;
    }
    if (stringLike(obj) && numberLike(keyT)) return STRING;
    if (obj.k === "object" && obj.map !== undefined && assignable(keyT, obj.map.key))
      return obj.map.value;
    if (obj.k === "object" && obj.map !== undefined && numberLike(obj.map.key)) {
      // Record<number, V> has a number index signature only.
      this.error(
        n.key,
        "Element implicitly has an 'any' type because index expression is not of type 'number'.",
      );
      return ANY;
    }
    // TypeScript adds the first key that is not a property, or that there is no index signature.
    const fields = obj.k === "object" ? obj.fields() : undefined;
    const missing = members(keyT).find(
      (m) => m.k === "lit" && typeof m.value === "string" && !fields?.has(m.value),
    );
    const chain =
      missing !== undefined && missing.k === "lit"
        ? `Property '${String(missing.value)}' does not exist on type '${show(obj)}'.`
        : `No index signature with a parameter of type '${show(widen(keyT))}' was found on type '${show(obj)}'.`;
    this.error(
      n,
      `Element implicitly has an 'any' type because expression of type '${show(keyT)}' can't be used to index type '${show(obj)}'.   ${chain}`,
    );
    return ANY;
  }

  /**
   * `every(m, (v, k) => …)`, `some`, `count`, `sum` over a map or set, or over an array (a flow
   * participant's instances) with the element and its index.
   */
  protected quantifier(n: Extract<ExprNode, { kind: "quant" }>, scope: Scope): Ty {
    const m = this.check(n.map, scope);
    const result = n.fn === "sum" ? NUMBER : BOOLEAN;
    const returns = n.fn === "every" || n.fn === "some" ? BOOLEAN : NUMBER;
    const map =
      m.k === "object" ? m.map : m.k === "array" ? { key: NUMBER, value: m.elem } : undefined;
    if (map === undefined && m.k !== "any") {
      this.errorOn(
        n.map,
        `Argument of type '${show(widen(m))}' is not assignable to parameter of type 'Readonly<Record<string, unknown>>'.`,
      );
    }
    const arrow = n.arrow;
    if (arrow.kind !== "arrow") return returns;
    const inner = new Map(scope);
    arrow.params.forEach((p, i) =>
      inner.set(p, map === undefined ? ANY : i === 0 ? map.value : map.key),
    );
    const body = this.check(arrow.body, inner, result);
    if (!assignable(body, result))
      this.error(arrow.body.paren ?? arrow.body, notAssignable(body, result));
    return returns;
  }

  protected helper(
    n: Extract<ExprNode, { kind: "helper" }>,
    scope: Scope,
    contextual: Ty | undefined,
  ): Ty {
    const raw = this.check(n.receiver, scope);
    const recv = this.nonNull(raw, n.receiver);
    const nameAt = this.source.indexOf(n.method, n.receiver.end);
    const at = { start: nameAt, end: nameAt + n.method.length };
    if (recv === ERROR) return this.untypedCall(n, scope);
    if (recv.k === "any" || recv.k === "never") {
      for (const a of n.args) this.check(a, scope);
      return recv;
    }
    if (n.method === "includes" && stringLike(recv)) {
      this.argument(n.args[0], this.check(n.args[0], scope), STRING);
      return BOOLEAN;
    }
    if (recv.k !== "array") {
      this.property(recv, n.method, at, true);
      return this.untypedCall(n, scope);
    }
    const elem = recv.elem;
    const callback = (arrow: ExprNode, types: readonly Ty[], result?: Ty): Ty => {
      if (arrow.kind !== "arrow") return this.check(arrow, scope);
      const inner = new Map(scope);
      arrow.params.forEach((p, i) => inner.set(p, types[i] ?? ANY));
      return this.check(arrow.body, inner, result);
    };
    switch (n.method) {
      case "includes":
        this.argument(n.args[0], this.check(n.args[0], scope, elem), elem);
        return BOOLEAN;
      case "every":
      case "some":
        callback(n.args[0], [elem, NUMBER, recv]);
        return BOOLEAN;
      case "filter":
        callback(n.args[0], [elem, NUMBER, recv]);
        return recv;
      case "find":
        callback(n.args[0], [elem, NUMBER, recv]);
        return union([elem, UNDEFINED]);
      case "findIndex":
        callback(n.args[0], [elem, NUMBER, recv]);
        return NUMBER;
      case "map": {
        // map<U>(f: (x: T) => U): U[]. U is inferred from the callback's result, never widened
        // (it is not at the top level of the callback's type). The callback's own result type is
        // widened only when it is a unit type, against its contextual type: the element type of
        // an expected array type (TypeScript's return-type inference). So with
        // S = 'a' | 'b' | 'c', `es.map((s) => s == 'a' ? 'b' : s)` and `es.map(() => 'a')` are
        // S[] where an S[] is expected, and `xs.map(() => 'a')` is a string[] elsewhere.
        const ctxElem = contextual && arrayElementOf(contextual);
        const body = callback(n.args[0], [elem, NUMBER, recv], ctxElem);
        return { k: "array", elem: isUnit(body) ? contextualLiterals(body, ctxElem) : body };
      }
      case "reduce": {
        // reduce(f, init: T): T, else reduce<U>(f, init: U): U with the expected type as the
        // initial value's contextual type (a literal initial value stays literal under an
        // expected literal type; elsewhere it widens).
        const init = this.check(n.args[1], scope, contextual);
        const acc = assignable(init, elem) ? elem : contextualLiterals(init, contextual);
        const body = callback(n.args[0], [acc, elem, NUMBER, recv]);
        if (!assignable(body, acc) && n.args[0].kind === "arrow") {
          const b = n.args[0].body;
          this.error(b, notAssignable(body, acc));
        }
        return acc;
      }
    }
    return ANY;
  }

  /** A call of something TypeScript could not type: arguments are checked without context. */
  protected untypedCall(n: Extract<ExprNode, { kind: "helper" }>, scope: Scope): Ty {
    for (const a of n.args) {
      if (a.kind !== "arrow") {
        this.check(a, scope);
        continue;
      }
      // Without a contextual signature the callback's parameters are implicitly 'any'.
      let from = a.start;
      const inner = new Map(scope);
      for (const p of a.params) {
        const pStart = this.source.indexOf(p, from);
        this.error(
          { start: pStart, end: pStart + p.length },
          `Parameter '${p}' implicitly has an 'any' type.`,
        );
        from = pStart + p.length;
        inner.set(p, ANY);
      }
      this.check(a.body, inner);
    }
    return ERROR;
  }
}
