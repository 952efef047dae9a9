/**
 * The checker's base layer: findings, errors on operands, narrowing, arguments, property reads
 * and TypeScript's syntactic truthiness check.
 */
import { closestName } from "../shared/suggest.js";
import type { ExprNode } from "./ast.js";
import { candidatesOf, lookup } from "./members.js";
import { narrowings, type Narrowing } from "./narrow.js";
import { assignable, notAssignable } from "./relations.js";
import {
  ANY,
  ERROR,
  byTypeId,
  members,
  nonNullable,
  show,
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

/** Arrow parameters in scope, with their types. */
export type Scope = ReadonlyMap<string, Ty>;

/**
 * The checker's first layer (checker.ts has the whole picture): findings, the errors TypeScript
 * reports on operands, narrowing, arguments and property reads. `check` is the top layer's.
 */
export abstract class CheckerBase {
  readonly findings: Finding[] = [];

  /** Types of references narrowed by the conditions that guard the current sub-expression. */
  protected narrowed: Narrowing = new Map();

  constructor(
    protected readonly literals: LiteralTable,
    protected readonly source: string,
    protected readonly fields: Ty,
    protected readonly event: Ty | undefined,
    protected readonly prev: Ty | undefined,
  ) {}

  protected error(n: { start: number; end: number }, detail: string): void {
    this.findings.push({ start: n.start, end: n.end, detail });
  }

  /** Report on an operand or argument: TypeScript's node includes the parentheses around it. */
  protected errorOn(n: ExprNode, detail: string): void {
    this.error(n.paren ?? n, detail);
  }

  /** The text TypeScript names a possibly-undefined value by (an entity name), if it has one. */
  protected entityName(n: ExprNode): string | undefined {
    if (n.paren !== undefined) return undefined;
    if (n.kind === "name") return n.name;
    if (n.kind === "member") {
      const o = this.entityName(n.object);
      return o === undefined ? undefined : `${o}.${n.property}`;
    }
    return undefined;
  }

  /** TypeScript's checkNonNullType: report a nullable operand, continue with its non-null part. */
  protected nonNull(t: Ty, n: ExprNode): Ty {
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

  /** TypeScript 5.6+: a condition that is syntactically always truthy or always falsy. */
  protected testedForTruthiness(n: ExprNode): void {
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
  protected readonly narrowMemo = new WeakMap<
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

  protected argument(n: ExprNode, t: Ty, param: Ty): void {
    if (!assignable(t, param)) {
      const detail = notAssignable(t, param).replace(
        /^Type ('.*?') is not assignable to type ('.*?')\.(?= {3}|$)/,
        "Argument of type $1 is not assignable to parameter of type $2.",
      );
      this.errorOn(n, detail);
    }
  }

  protected property(
    obj: Ty,
    name: string,
    at: { start: number; end: number },
    member: boolean,
  ): Ty {
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

  silently<R>(f: () => R): R {
    const n = this.findings.length;
    const r = f();
    this.findings.length = n;
    return r;
  }

  /** The type of a node (checker.ts). */
  abstract check(n: ExprNode, scope: Scope, contextual?: Ty): Ty;
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
