/**
 * The checker proper: the type of each expression node, with TypeScript's errors (positions,
 * wording) for the operators, member reads, helper calls and results of the subset.
 */
import { closestName } from "../shared/suggest.js";
import type { ExprNode } from "./ast.js";
import { candidatesOf, lookup } from "./members.js";
import { narrowings, refKey, type Narrowing } from "./narrow.js";
import {
  arrayElementOf,
  assignable,
  comparable,
  equalityComparable,
  falsyPart,
  notAssignable,
  numberLike,
  reduceSubtypes,
  stringLike,
  truthiness,
  truthyPart,
} from "./relations.js";
import {
  ANY,
  BOOLEAN,
  ERROR,
  FALSE,
  FN,
  NEVER,
  NULL,
  NUMBER,
  STRING,
  TRUE,
  UNDEFINED,
  baseKind,
  byTypeId,
  contextualLiterals,
  isUnit,
  members,
  nonNullable,
  show,
  union,
  widen,
  type LiteralTable,
  type Ty,
} from "./types.js";

export interface Finding {
  readonly start: number;
  readonly end: number;
  readonly detail: string;
  /** Reported on the expression as a whole (wrong result type). */
  readonly whole?: boolean;
  /** A hint beside TypeScript's wording (a close enum or state value: "Did you mean 'shipped'?"). */
  readonly hint?: string;
  /**
   * A refusal of ours that TypeScript does not make (its own diagnostic, not IC4008): `==` on two
   * maps, sets, records or arrays, which JavaScript compares by reference.
   */
  readonly refusal?: { readonly op: string; readonly left: string; readonly right: string };
}

/** Whether a value of type `t` may be an object (a map, set, record or array), compared by reference. */
function mayBeObject(t: Ty): boolean {
  return members(t).some((m) => m.k === "object" || m.k === "array");
}

/** Arrow parameters in scope, with their types. */
export type Scope = ReadonlyMap<string, Ty>;

/** A string literal `lit` close to one of the string literals of `other` (a misspelt state or enum value). */
function closeLiteral(lit: Ty, other: Ty): string | undefined {
  if (lit.k !== "lit" || typeof lit.value !== "string") return undefined;
  const values = members(other).flatMap((m) =>
    m.k === "lit" && typeof m.value === "string" ? [m.value] : [],
  );
  return closestName(lit.value, values);
}

export class Checker {
  readonly findings: Finding[] = [];
  /** Types of references narrowed by the conditions that guard the current sub-expression. */
  private narrowed: Narrowing = new Map();

  constructor(
    private readonly literals: LiteralTable,
    private readonly source: string,
    private readonly fields: Ty,
    private readonly event: Ty | undefined,
    private readonly prev: Ty | undefined,
  ) {}

  private error(n: { start: number; end: number }, detail: string): void {
    this.findings.push({ start: n.start, end: n.end, detail });
  }

  /** Report on an operand or argument: TypeScript's node includes the parentheses around it. */
  private errorOn(n: ExprNode, detail: string): void {
    this.error(n.paren ?? n, detail);
  }

  /** The text TypeScript names a possibly-undefined value by (an entity name), if it has one. */
  private entityName(n: ExprNode): string | undefined {
    if (n.paren !== undefined) return undefined;
    if (n.kind === "name") return n.name;
    if (n.kind === "member") {
      const o = this.entityName(n.object);
      return o === undefined ? undefined : `${o}.${n.property}`;
    }
    return undefined;
  }

  /** TypeScript's checkNonNullType: report a nullable operand, continue with its non-null part. */
  private nonNull(t: Ty, n: ExprNode): Ty {
    if ((n.kind === "null" || n.kind === "undefined") && n.paren === undefined) {
      this.error(n, `The value '${n.kind}' cannot be used here.`);
      return ERROR;
    }
    const ms = members(t);
    const hasNull = ms.some((m) => m.k === "null");
    const hasUndef = ms.some((m) => m.k === "undefined");
    if (!hasNull && !hasUndef) return t;
    const what = hasNull && hasUndef ? "'null' or 'undefined'" : hasNull ? "'null'" : "'undefined'";
    const name = this.entityName(n);
    this.errorOn(
      n,
      name !== undefined ? `'${name}' is possibly ${what}.` : `Object is possibly ${what}.`,
    );
    const rest = nonNullable(t);
    return rest.k === "never" ? ERROR : rest;
  }

  check(n: ExprNode, scope: Scope, contextual?: Ty): Ty {
    switch (n.kind) {
      case "number":
        return this.literals.of(n.value, true);
      case "string":
        return this.literals.of(n.value, true);
      case "boolean":
        return this.literals.of(n.value, true);
      case "null":
        return NULL;
      case "undefined":
        return UNDEFINED;
      case "name": {
        const key = refKey(n)!;
        const hit = this.narrowed.get(key);
        if (hit !== undefined) return hit;
        if (n.param) return scope.get(n.name) ?? ANY;
        if (n.name === "event") return this.event ?? ANY;
        if (n.name === "prev") return this.prev ?? ANY;
        return this.property(this.fields, n.name, n, false);
      }
      case "member": {
        const obj = this.nonNull(this.check(n.object, scope), n.object);
        const t = this.property(
          obj,
          n.property,
          { start: n.end - n.property.length, end: n.end },
          true,
        );
        const key = refKey(n);
        return (key !== undefined && this.narrowed.get(key)) || t;
      }
      case "index": {
        const obj = this.nonNull(this.check(n.object, scope), n.object);
        if (obj.k === "array") return obj.elem;
        if (stringLike(obj)) return STRING;
        // An integer-keyed map (`Record<number, V>`), or a record with a property of that name.
        if (obj.k === "object" && obj.map !== undefined && numberLike(obj.map.key))
          return obj.map.value;
        if (obj.k === "object" && obj.fields().has(String(n.index)))
          return obj.fields().get(String(n.index))!;
        if (obj.k === "any" || obj.k === "never") return obj;
        // TypeScript names the apparent type of a primitive (Number, Boolean) and adds the missing property.
        const base = obj.k === "lit" ? baseKind(obj) : obj.k;
        const shown = base === "number" ? "Number" : base === "boolean" ? "Boolean" : show(obj);
        this.error(
          n,
          `Element implicitly has an 'any' type because expression of type '${n.index}' can't be used to index type '${shown}'.   Property '${n.index}' does not exist on type '${shown}'.`,
        );
        return ANY;
      }
      case "lookup":
        return this.lookupKey(n, scope);
      case "record": {
        const ctx =
          contextual !== undefined ? members(contextual).find((m) => m.k === "object") : undefined;
        const ctxFields = ctx?.k === "object" ? ctx.fields() : undefined;
        const fields = new Map<string, Ty>();
        for (const p of n.props) {
          const expected = ctxFields?.get(p.name);
          fields.set(p.name, contextualLiterals(this.check(p.value, scope, expected), expected));
        }
        return { k: "object", fields: () => fields };
      }
      case "quant":
        return this.quantifier(n, scope);
      case "unary": {
        const t = this.check(n.operand, scope);
        if (n.op === "!") {
          this.testedForTruthiness(n.operand);
          const facts = truthiness(t);
          return facts === "truthy" ? FALSE : facts === "falsy" ? TRUE : BOOLEAN;
        }
        // TypeScript accepts unary '-' and '+' on any non-null operand (the result is a number).
        this.nonNull(t, n.operand);
        if (n.op === "-" && n.operand.kind === "number")
          return this.literals.of(-n.operand.value, true);
        if (n.op === "+" && n.operand.kind === "number")
          return this.literals.of(n.operand.value, true);
        return NUMBER;
      }
      case "binary":
        return this.binary(n, scope);
      case "conditional": {
        this.check(n.test, scope);
        this.testedForTruthiness(n.test);
        const a = this.under(this.narrow(n.test, true, scope), () =>
          this.check(n.then, scope, contextual),
        );
        const b = this.under(this.narrow(n.test, false, scope), () =>
          this.check(n.else, scope, contextual),
        );
        return reduceSubtypes(union([a, b]));
      }
      case "array": {
        const ctxElem = contextual && arrayElementOf(contextual);
        const elems = n.elements.map((e) =>
          contextualLiterals(this.check(e, scope, ctxElem), ctxElem),
        );
        return { k: "array", elem: elems.length === 0 ? NEVER : reduceSubtypes(union(elems)) };
      }
      case "arrow":
        return FN;
      case "helper":
        return this.helper(n, scope, contextual);
      case "math": {
        // Like a call's overload check, only the first bad argument is reported.
        const types = n.args.map((a) => this.check(a, scope));
        const bad = n.args.findIndex((_, i) => !assignable(types[i], NUMBER));
        if (bad >= 0) this.argument(n.args[bad], types[bad], NUMBER);
        return NUMBER;
      }
    }
  }

  /** `object[key]`: a map's value for a key of its key type, an array's element, a record's property. */
  private lookupKey(n: Extract<ExprNode, { kind: "lookup" }>, scope: Scope): Ty {
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
  private quantifier(n: Extract<ExprNode, { kind: "quant" }>, scope: Scope): Ty {
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

  /** TypeScript 5.6+: a condition that is syntactically always truthy or always falsy. */
  private testedForTruthiness(n: ExprNode): void {
    const semantics = syntacticTruthiness(n);
    if (semantics === "always") this.errorOn(n, "This kind of expression is always truthy.");
    else if (semantics === "never") this.errorOn(n, "This kind of expression is always falsy.");
  }

  /** Run `f` with extra narrowings in effect. */
  under<R>(narrowing: Narrowing, f: () => R): R {
    const saved = this.narrowed;
    this.narrowed = new Map([...saved, ...narrowing]);
    try {
      return f();
    } finally {
      this.narrowed = saved;
    }
  }

  /**
   * Narrowings computed, per narrowings in effect (`this.narrowed`, a new map in each
   * {@link under}), scope and condition: [when falsy, when truthy].
   */
  private readonly narrowMemo = new WeakMap<
    Narrowing,
    WeakMap<Scope, Map<ExprNode, [Narrowing?, Narrowing?]>>
  >();

  /** The narrowings that hold when `cond` is truthy (`assume`) or falsy (memoised). */
  narrow(cond: ExprNode, assume: boolean, scope: Scope): Narrowing {
    let byScope = this.narrowMemo.get(this.narrowed);
    if (byScope === undefined) this.narrowMemo.set(this.narrowed, (byScope = new WeakMap()));
    let byNode = byScope.get(scope);
    if (byNode === undefined) byScope.set(scope, (byNode = new Map()));
    let pair = byNode.get(cond);
    if (pair === undefined) byNode.set(cond, (pair = [undefined, undefined]));
    const i = assume ? 1 : 0;
    return (pair[i] ??= narrowings(cond, assume, {
      typeOf: (n) => this.silently(() => this.check(n, scope)),
      under: (narrowing, f) => this.under(narrowing, f),
      narrow: (c, a) => this.narrow(c, a, scope),
    }));
  }

  private argument(n: ExprNode, t: Ty, param: Ty): void {
    if (!assignable(t, param)) {
      const detail = notAssignable(t, param).replace(
        /^Type ('.*?') is not assignable to type ('.*?')\.(?= {3}|$)/,
        "Argument of type $1 is not assignable to parameter of type $2.",
      );
      this.errorOn(n, detail);
    }
  }

  private property(obj: Ty, name: string, at: { start: number; end: number }, member: boolean): Ty {
    if (obj.k === "any" || obj.k === "never") return obj;
    const found = lookup(obj, name);
    if (found !== undefined) return found;
    if (!member) return ANY; // an unknown field name was reported by the parser
    const candidates = candidatesOf(obj);
    const suggestion = closestName(name, candidates);
    // On a union TypeScript adds the first member (by type id) that lacks the property.
    const missing =
      obj.k === "union"
        ? byTypeId(obj.types).find((m) => lookup(m, name) === undefined)
        : undefined;
    const chain =
      missing !== undefined
        ? `   Property '${name}' does not exist on type '${show(missing)}'.`
        : "";
    this.error(
      at,
      `Property '${name}' does not exist on type '${show(obj)}'.${suggestion !== undefined ? ` Did you mean '${suggestion}'?` : ""}${chain}`,
    );
    if (suggestion === undefined && obj.k === "object") {
      // No close name: say what the record (an event payload, an entity) does have.
      const names = [...obj.fields().keys()];
      const hint =
        names.length === 0
          ? `'${show(obj)}' has no fields.`
          : `'${show(obj)}' has: ${names.slice(0, 12).join(", ")}${names.length > 12 ? ", …" : ""}.`;
      this.findings[this.findings.length - 1] = {
        ...this.findings[this.findings.length - 1],
        hint,
      };
    }
    return ERROR;
  }

  private binary(n: Extract<ExprNode, { kind: "binary" }>, scope: Scope): Ty {
    const op = n.op === "==" ? "===" : n.op === "!=" ? "!==" : n.op;
    if (op === "&&" || op === "||") {
      const l = this.check(n.left, scope);
      this.testedForTruthiness(n.left);
      const r = this.under(this.narrow(n.left, op === "&&", scope), () =>
        this.check(n.right, scope),
      );
      const facts = truthiness(l);
      if (op === "&&")
        return facts === "falsy" || facts === "both"
          ? facts === "falsy"
            ? l
            : union([falsyPart(l), r])
          : r;
      return facts === "truthy" ? l : reduceSubtypes(union([nonNullable(truthyPart(l)), r]));
    }
    let l = this.check(n.left, scope);
    let r = this.check(n.right, scope);
    const reportOperator = (a: Ty, b: Ty) =>
      this.error(n, `Operator '${op}' cannot be applied to types '${show(a)}' and '${show(b)}'.`);
    switch (op) {
      case "===":
      case "!==": {
        if (
          (n.left.kind === "array" && n.left.paren === undefined) ||
          (n.right.kind === "array" && n.right.paren === undefined)
        ) {
          this.error(
            n,
            `This condition will always return '${op === "===" ? "false" : "true"}' since JavaScript compares objects by reference, not value.`,
          );
        } else if (mayBeObject(l) && mayBeObject(r)) {
          // Two maps, sets, records or arrays: JavaScript compares references, so two equal values
          // would never be equal (in the explorer as in generated code). Refused (TypeScript accepts it).
          this.findings.push({
            start: n.start,
            end: n.end,
            detail: "",
            refusal: { op: n.op, left: show(widen(l)), right: show(widen(r)) },
          });
        }
        if (!(equalityComparable(l, r) || equalityComparable(r, l))) {
          const [a, b] = comparable(widen(l), widen(r)) ? [l, r] : [widen(l), widen(r)];
          this.error(
            n,
            `This comparison appears to be unintentional because the types '${show(a)}' and '${show(b)}' have no overlap.`,
          );
          const near = closeLiteral(l, r) ?? closeLiteral(r, l);
          if (near !== undefined)
            this.findings[this.findings.length - 1] = {
              ...this.findings[this.findings.length - 1],
              hint: `Did you mean '${near}'?`,
            };
        }
        return BOOLEAN;
      }
      case "<":
      case "<=":
      case ">":
      case ">=": {
        l = widen(this.nonNull(l, n.left));
        r = widen(this.nonNull(r, n.right));
        const ln = numberLike(l);
        const rn = numberLike(r);
        if (l.k !== "never" && r.k !== "never" && !((ln && rn) || (!ln && !rn && comparable(l, r))))
          reportOperator(l, r);
        return BOOLEAN;
      }
      case "+": {
        if (!stringLike(l) && !stringLike(r)) {
          l = this.nonNull(l, n.left);
          r = this.nonNull(r, n.right);
        }
        if (l.k === "any" || r.k === "any") return stringLike(l) || stringLike(r) ? STRING : ANY;
        if (l.k === "never" || r.k === "never") return NEVER;
        if (numberLike(l) && numberLike(r)) return NUMBER;
        if (stringLike(l) || stringLike(r)) return STRING;
        reportOperator(l, r);
        return ANY;
      }
      default: {
        // - * / %
        l = this.nonNull(l, n.left);
        r = this.nonNull(r, n.right);
        if (!numberLike(l) && l.k !== "never")
          this.errorOn(
            n.left,
            "The left-hand side of an arithmetic operation must be of type 'any', 'number', 'bigint' or an enum type.",
          );
        if (!numberLike(r) && r.k !== "never")
          this.errorOn(
            n.right,
            "The right-hand side of an arithmetic operation must be of type 'any', 'number', 'bigint' or an enum type.",
          );
        return NUMBER;
      }
    }
  }

  private helper(
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
  private untypedCall(n: Extract<ExprNode, { kind: "helper" }>, scope: Scope): Ty {
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

  /** Check the value against what it must be (TypeScript elaborates into `?:` branches and array elements). */
  result(n: ExprNode, t: Ty, target: Ty, scope: Scope): void {
    // TypeScript checks each branch of a returned `?:` on its own (checkReturnExpression).
    if (n.kind === "conditional") return this.branches(n, target, scope);
    // A fresh object literal is also checked for properties the target does not have.
    if (n.kind === "record" && target.k === "object" && this.elaborate(n, target, scope)) return;
    if (assignable(t, target)) return;
    if (this.elaborate(n, target, scope)) return;
    this.findings.push({
      start: 0,
      end: this.source.length,
      detail: notAssignable(t, target),
      whole: true,
    });
  }

  private branches(n: Extract<ExprNode, { kind: "conditional" }>, target: Ty, scope: Scope): void {
    for (const branch of [n.then, n.else]) {
      if (branch.kind === "conditional") {
        this.branches(branch, target, scope);
        continue;
      }
      const bt = this.silently(() => this.check(branch, scope, target));
      if (!assignable(bt, target) && !this.elaborate(branch, target, scope))
        this.error(branch, notAssignable(bt, target));
    }
  }

  /** Report a mismatch inside `n` when TypeScript would; whether something was reported. */
  private elaborate(n: ExprNode, target: Ty, scope: Scope): boolean {
    const before = this.findings.length;
    if (n.kind === "conditional") {
      for (const branch of [n.then, n.else]) {
        const bt = this.silently(() => this.check(branch, scope, target));
        if (!assignable(bt, target) && !this.elaborate(branch, target, scope))
          this.error(branch, notAssignable(bt, target));
      }
    } else if (n.kind === "record") {
      const obj = members(target).length === 1 && target.k === "object" ? target : undefined;
      if (obj === undefined) return false;
      const fields = obj.fields();
      for (const p of n.props) {
        const ft = fields.get(p.name);
        if (ft === undefined) {
          this.error(
            { start: p.keyStart, end: p.keyEnd },
            `Object literal may only specify known properties, and '${p.name}' does not exist in type '${show(target)}'.`,
          );
          continue;
        }
        const pt = this.silently(() => this.check(p.value, scope, ft));
        if (!assignable(pt, ft) && !this.elaborate(p.value, ft, scope))
          this.error({ start: p.keyStart, end: p.keyEnd }, notAssignable(pt, ft));
      }
      if (this.findings.length === before) {
        const missing = [...fields.keys()].filter(
          (k) =>
            !n.props.some((p) => p.name === k) &&
            !members(fields.get(k)!).some((x) => x.k === "undefined"),
        );
        if (missing.length > 0) {
          const src = this.silently(() => this.check(n, scope, target));
          const list =
            missing.length === 1
              ? `Property '${missing[0]}' is`
              : `Properties ${missing.map((k) => `'${k}'`).join(", ")} are`;
          this.error(
            n,
            `${list} missing in type '${show(src)}' but required in type '${show(target)}'.`,
          );
        }
      }
    } else if (n.kind === "array") {
      const elem = arrayElementOf(target);
      if (elem === undefined || members(target).length !== 1) return false;
      for (const e of n.elements) {
        const et = this.silently(() => this.check(e, scope, elem));
        const shown = members(elem).some((m) => m.k === "lit") ? et : widen(et);
        if (!assignable(et, elem) && !this.elaborate(e, elem, scope))
          this.error(e, notAssignable(shown, elem));
      }
    }
    return this.findings.length > before;
  }

  silently<R>(f: () => R): R {
    const n = this.findings.length;
    const r = f();
    this.findings.length = n;
    return r;
  }
}

function syntacticTruthiness(n: ExprNode): "always" | "never" | "sometimes" {
  switch (n.kind) {
    case "number":
      return n.value === 0 || n.value === 1 ? "sometimes" : "always";
    case "array":
    case "arrow":
    case "record":
      return "always";
    case "null":
    case "undefined":
      return "never";
    case "string":
      return n.value !== "" ? "always" : "never";
    case "conditional": {
      const a = syntacticTruthiness(n.then);
      const b = syntacticTruthiness(n.else);
      return a === b ? a : "sometimes";
    }
    default:
      return "sometimes";
  }
}
