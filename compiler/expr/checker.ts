/**
 * The checker proper: the type of each expression node, with TypeScript's errors (positions,
 * wording) for the operators, member reads, helper calls and results of the subset.
 */
import type { ExprNode } from "./ast.js";
import { refKey } from "./narrow.js";
import {
  arrayElementOf,
  assignable,
  notAssignable,
  numberLike,
  reduceSubtypes,
  stringLike,
  truthiness,
} from "./relations.js";
import {
  ANY,
  BOOLEAN,
  FALSE,
  FN,
  NEVER,
  NULL,
  NUMBER,
  STRING,
  TRUE,
  UNDEFINED,
  baseKind,
  contextualLiterals,
  members,
  show,
  union,
  widen,
  type Ty,
} from "./types.js";
import { OperatorChecker } from "./checker-ops.js";
import type { Scope } from "./checker-base.js";

export type { Finding, Scope } from "./checker-base.js";

/**
 * The checker, in layers: checker-base.ts (findings, narrowing, property reads), checker-calls.ts
 * (lookups, quantifiers, helpers), checker-ops.ts (binary operators); here the type of each node
 * and the result check.
 */
export class Checker extends OperatorChecker {
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

  protected branches(
    n: Extract<ExprNode, { kind: "conditional" }>,
    target: Ty,
    scope: Scope,
  ): void {
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
  protected elaborate(n: ExprNode, target: Ty, scope: Scope): boolean {
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
}
