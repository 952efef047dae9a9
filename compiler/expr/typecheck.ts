/**
 * Type-check accepted expressions over the IR types, without TypeScript. The rules follow what
 * TypeScript (strict) did when expressions were checked in generated wrapper functions
 * (`function (fields…, event, prev): <result> { return (expr); }` with `==`/`!=` checked as
 * `===`/`!==`): the same accepted and rejected expressions, the same positions (the offending
 * sub-expression; the whole expression for a wrong result type) and, for the common cases,
 * TypeScript's own wording. test/expr/typecheck-diff.test.ts compares both on random programs.
 */
import type { Diagnostic } from "../diagnostic.js";
import { createDiagnostic } from "../diagnostics.js";
import type { Expr, Field, Program, Ref, TypeExpr } from "../ir/types.js";
import { exprLoc, type ExprNode } from "./ast.js";
import { eventTypeName, stateTypeName } from "./ts-decls.js";
import { closestName } from "../text/suggest.js";

/** One accepted expression to type-check. */
export interface TypeCheckItem {
  readonly expr: Expr;
  readonly node: ExprNode;
  /** Domain whose file holds the expression. */
  readonly domain: string;
  readonly entity: Ref;
  /** The transition's event (guards and effects). */
  readonly event?: Ref;
  /** Whether `prev` (the entity before the step) is in scope. */
  readonly prev: boolean;
  /** What the value must be: a boolean, or assignable to an entity field. */
  readonly result: { readonly kind: "boolean" } | { readonly kind: "field"; readonly field: string };
  /** How to name the expression in a wrong-type message ("guard", "value for 'paid'"). */
  readonly role: string;
}

// ---------------------------------------------------------------------------------------------
// Types

type Ty =
  | { readonly k: "number" | "string" | "boolean" | "null" | "undefined" | "never" | "any" | "fn" }
  /**
   * A literal type. `fresh`: the type of a literal expression (`'a'`, `1`), which TypeScript widens
   * to its base type where a value is inferred without a literal context; literal types from
   * declarations (enum values, states) and narrowing are regular and never widened that way.
   */
  | { readonly k: "lit"; readonly value: string | number | boolean; readonly id: number; readonly fresh?: true }
  /**
   * `origin`: how TypeScript prints a union built from a named union (`Kind | undefined` rather
   * than `"x" | "y" | "z" | undefined`): the named unions, then the other members.
   */
  | { readonly k: "union"; readonly types: readonly Ty[]; readonly alias?: string; readonly origin?: readonly Ty[] }
  | { readonly k: "array"; readonly elem: Ty }
  | { readonly k: "object"; readonly name?: string; readonly fields: () => ReadonlyMap<string, Ty>; readonly optional?: ReadonlySet<string> };

const NUMBER: Ty = { k: "number" };
const STRING: Ty = { k: "string" };
const BOOLEAN: Ty = { k: "boolean" };
const NULL: Ty = { k: "null" };
const UNDEFINED: Ty = { k: "undefined" };
const NEVER: Ty = { k: "never" };
const ANY: Ty = { k: "any" };
/** TypeScript's error type (after a reported error): 'any', but callbacks get no contextual signature. */
const ERROR: Ty = { k: "any" };
const FN: Ty = { k: "fn" };
const TRUE: Ty = { k: "lit", value: true, id: 5.5 };
const FALSE: Ty = { k: "lit", value: false, id: 5 };
/** TypeScript creates `""` and `0` (emptyStringType, zeroType) before any other literal. */
const EMPTY_STRING: Ty = { k: "lit", value: "", id: 90 };
const ZERO: Ty = { k: "lit", value: 0, id: 91 };


/**
 * The literal types of one check, numbered in creation order like TypeScript's type ids (which
 * decide the order union members are printed in). One table per check: no state outlives it.
 */
class LiteralTable {
  private readonly ids = new Map<string, number>([[JSON.stringify(""), 90], [JSON.stringify(0), 91]]);

  /** The literal type of a value; `fresh` for the type of a literal expression. */
  of(value: string | number | boolean, fresh = false): Ty {
    if (typeof value === "boolean") {
      if (!fresh) return value ? TRUE : FALSE;
      return { k: "lit", value, id: value ? 5.5 : 5, fresh: true };
    }
    const key = JSON.stringify(value);
    let id = this.ids.get(key);
    if (id === undefined) this.ids.set(key, (id = 100 + this.ids.size));
    return fresh ? { k: "lit", value, id, fresh: true } : { k: "lit", value, id };
  }
}

/** A literal type without its freshness. */
const regular = (t: Ty): Ty => (t.k === "lit" && t.fresh === true ? { k: "lit", value: t.value, id: t.id } : t);

function members(t: Ty): readonly Ty[] {
  if (t.k === "union") return t.types;
  if (t.k === "boolean") return [FALSE, TRUE];
  return [t];
}

function sameType(a: Ty, b: Ty): boolean {
  if (a === b) return true;
  if (a.k !== b.k) return false;
  if (a.k === "lit") return a.value === (b as typeof a).value && typeof a.value === typeof (b as typeof a).value;
  if (a.k === "array") return sameType(a.elem, (b as typeof a).elem);
  if (a.k === "object") return a.name !== undefined && a.name === (b as typeof a).name;
  if (a.k === "union") {
    const bt = (b as typeof a).types;
    return a.types.length === bt.length && a.types.every((x) => bt.some((y) => sameType(x, y)));
  }
  return true;
}

/** A union of types (flattened, deduplicated; `true | false` becomes boolean). */
function union(types: readonly Ty[], alias?: string): Ty {
  const flat: Ty[] = [];
  for (const t of types) {
    for (const m of members(t)) {
      if (m.k === "never") continue;
      const at = flat.findIndex((x) => sameType(x, m));
      if (at < 0) flat.push(m);
      // A fresh literal and its regular twin give the regular one (removeRedundantLiteralTypes).
      else if (m.k === "lit" && m.fresh !== true) flat[at] = m;
    }
  }
  if (flat.some((t) => t.k === "any")) return ANY;
  if (flat.length === 0) return NEVER;
  if (flat.length === 1) return flat[0];
  const hasTrue = flat.some((t) => sameType(t, TRUE));
  const hasFalse = flat.some((t) => sameType(t, FALSE));
  if (flat.length === 2 && hasTrue && hasFalse && alias === undefined) return BOOLEAN;
  const origin = alias === undefined ? originOf(types, flat) : undefined;
  // A union of exactly one named union's members is that union.
  if (origin !== undefined && origin.length === 1) return origin[0];
  return { k: "union", types: flat, ...(alias !== undefined ? { alias } : {}), ...(origin !== undefined ? { origin } : {}) };
}

/** TypeScript's origin of a union: the named unions among its inputs (kept whole), then the rest. */
function originOf(types: readonly Ty[], flat: readonly Ty[]): readonly Ty[] | undefined {
  const named: Ty[] = [];
  const add = (t: Ty) => {
    if (t.k !== "union") return;
    if (t.alias !== undefined) {
      if (!named.includes(t)) named.push(t);
    } else if (t.origin !== undefined) for (const o of t.origin) add(o);
  };
  for (const t of types) add(t);
  if (named.length === 0) return undefined;
  const covered = (m: Ty) => named.some((u) => members(u).some((x) => sameType(x, m)));
  return [...named, ...byTypeId(flat.filter((m) => !covered(m)))];
}

/** TypeScript's filterType: keep the members that pass, and the origin's named unions. */
function filterUnion(t: Ty, keep: (m: Ty) => boolean): Ty {
  if (t.k !== "union") return keep(t) ? t : NEVER;
  const kept = t.types.filter(keep);
  if (kept.length === t.types.length) return t;
  if (t.origin !== undefined && t.alias === undefined) {
    const originKept = t.origin.filter((o) => o.k === "union" || keep(o));
    if (t.origin.length - originKept.length === t.types.length - kept.length) {
      if (originKept.length === 1) return originKept[0];
      const r = union(kept);
      return r.k === "union" ? { ...r, origin: originKept } : r;
    }
  }
  return union(kept);
}

/** Subtype reduction: drop literals whose base type is present, and arrays of a narrower element. */
function reduceSubtypes(t: Ty): Ty {
  if (t.k !== "union") return t;
  const strictSub = (m: Ty, o: Ty) =>
    m.k === "array" && o.k === "array" && assignable(m, o) && !assignable(o, m);
  const kept = t.types.filter(
    (m) => !(m.k === "lit" && t.types.some((o) => o !== m && o.k === baseKind(m))) && !t.types.some((o) => strictSub(m, o)),
  );
  return kept.length === t.types.length ? t : union(kept);
}

function baseKind(t: Ty & { k: "lit" }): "number" | "string" | "boolean" {
  return typeof t.value === "number" ? "number" : typeof t.value === "string" ? "string" : "boolean";
}

/** The type with literals replaced by their base types (`"a" | "b"` → string). */
function widen(t: Ty): Ty {
  if (t.k === "lit") return { k: baseKind(t) };
  if (t.k === "union") return union(t.types.map(widen));
  return t;
}

/** TypeScript's getWidenedLiteralType: fresh literals become their base types, regular ones stay. */
function widenFresh(t: Ty): Ty {
  if (t.k === "lit") return t.fresh === true ? { k: baseKind(t) } : t;
  if (t.k === "union" && t.types.some((m) => m.k === "lit" && m.fresh === true)) return union(t.types.map(widenFresh));
  return t;
}

/**
 * TypeScript's getWidenedLiteralLikeTypeForContextualType: a value's type at a place with a
 * contextual type (an array element, a callback's result). When the value has a literal of a
 * kind the contextual type has literals of (isLiteralOfContextualType), the whole type is kept,
 * its literals made regular; otherwise its fresh literals are widened.
 */
function contextualLiterals(t: Ty, contextual: Ty | undefined): Ty {
  const kinds = (x: Ty) => new Set(members(x).flatMap((m) => (m.k === "lit" ? [baseKind(m)] : [])));
  const wanted = contextual === undefined ? new Set<string>() : kinds(contextual);
  if (![...kinds(t)].some((k) => wanted.has(k))) return widenFresh(t);
  if (t.k !== "union") return regular(t);
  if (!t.types.some((m) => m.k === "lit" && m.fresh === true)) return t;
  return union((t.origin ?? t.types).map(regular));
}

const isUnit = (t: Ty) => t.k === "lit" || t.k === "null" || t.k === "undefined";
const isNullable = (t: Ty) => t.k === "null" || t.k === "undefined";
const nonNullable = (t: Ty): Ty => filterUnion(t, (m) => !isNullable(m));

// Type ids decide the order in which TypeScript prints union members.
const INTRINSIC_ORDER: Record<string, number> = { any: 0, undefined: 1, null: 2, string: 3, number: 4, boolean: 5, fn: 6, never: 7 };
function typeId(t: Ty): number {
  if (t.k === "lit") return t.id;
  if (t.k in INTRINSIC_ORDER) return INTRINSIC_ORDER[t.k];
  return 50;
}

/** Union members in TypeScript's order (by type id). */
function byTypeId(types: readonly Ty[]): Ty[] {
  return [...types].sort((a, b) => typeId(a) - typeId(b));
}

/** TypeScript's rendering of a type in messages. */
function show(t: Ty): string {
  switch (t.k) {
    case "lit":
      return typeof t.value === "string" ? JSON.stringify(t.value) : String(t.value);
    case "array": {
      const e = show(t.elem);
      return t.elem.k === "union" && t.elem.alias === undefined ? `(${e})[]` : `${e}[]`;
    }
    case "object":
      if (t.name !== undefined) return t.name;
      return objectLiteralText(t);
    case "union": {
      if (t.alias !== undefined) return t.alias;
      const sorted = t.origin ?? [...t.types].sort((a, b) => typeId(a) - typeId(b));
      const out: string[] = [];
      const hasBoth = sorted.some((x) => sameType(x, TRUE)) && sorted.some((x) => sameType(x, FALSE));
      for (const m of sorted) {
        if (isNullable(m)) continue;
        if (hasBoth && m.k === "lit" && typeof m.value === "boolean") {
          if (m.value === false) out.push("boolean");
          continue;
        }
        out.push(show(m));
      }
      if (sorted.some((m) => m.k === "null")) out.push("null");
      if (sorted.some((m) => m.k === "undefined")) out.push("undefined");
      return out.join(" | ");
    }
    case "fn":
      return "Function";
    default:
      return t.k;
  }
}

function objectLiteralText(t: Ty & { k: "object" }): string {
  const fields = [...t.fields()];
  if (fields.length === 0) return "{}";
  return `{ ${fields.map(([n, ft]) => `${/^[A-Za-z_$][\w$]*$/.test(n) ? n : JSON.stringify(n)}${t.optional?.has(n) ? "?" : ""}: ${show(ft)};`).join(" ")} }`;
}

// ---------------------------------------------------------------------------------------------
// Relations

/** Whether `s` is assignable to `t` (TypeScript strict, for the types expressions can have). */
function assignable(s: Ty, t: Ty): boolean {
  if (s.k === "any" || t.k === "any" || s.k === "never") return true;
  if (s.k === "union" || s.k === "boolean") return members(s).every((m) => assignable(m, t));
  if (t.k === "union" || t.k === "boolean") return members(t).some((m) => assignable(s, m));
  switch (t.k) {
    case "number":
    case "string":
      return s.k === t.k || (s.k === "lit" && baseKind(s) === t.k);
    case "lit":
      return s.k === "lit" && s.value === t.value;
    case "null":
    case "undefined":
    case "fn":
      return s.k === t.k;
    case "array":
      return s.k === "array" && assignable(s.elem, t.elem);
    case "object": {
      if (s.k !== "object") return false;
      if (s.name !== undefined && s.name === t.name) return true;
      const sf = s.fields();
      for (const [name, ft] of t.fields()) {
        const st = sf.get(name);
        if (st === undefined) {
          if (!members(ft).some((m) => m.k === "undefined")) return false;
        } else if (!assignable(st, ft)) return false;
      }
      return true;
    }
    default:
      return false;
  }
}

/** TypeScript's comparable relation (used by `===` and relational operators). */
function comparable(s: Ty, t: Ty): boolean {
  if (s.k === "any" || t.k === "any" || s.k === "never" || t.k === "never") return true;
  if (s.k === "union" || s.k === "boolean") return members(s).some((m) => comparable(m, t));
  if (t.k === "union" || t.k === "boolean") return members(t).some((m) => comparable(s, m));
  if (s.k === "lit" && t.k === "lit") return s.value === t.value;
  if (s.k === "lit") return baseKind(s) === t.k;
  if (t.k === "lit") return baseKind(t) === s.k;
  if (s.k === "array" && t.k === "array") return comparable(s.elem, t.elem);
  if (s.k === "object" && t.k === "object") return assignable(s, t) || assignable(t, s);
  return s.k === t.k;
}

const equalityComparable = (s: Ty, t: Ty) => isNullable(t) || comparable(s, t);
const numberLike = (t: Ty) => t.k !== "never" && assignable(t, NUMBER);
const stringLike = (t: Ty) => t.k !== "never" && t.k !== "any" && assignable(t, STRING);

/** The detail of an assignability failure, with TypeScript's elaboration of union sources. */
function notAssignable(s: Ty, target: Ty): string {
  // A non-nullable source against `X | undefined` is reported against X (when X is one type).
  const rest = members(target).filter((m) => !isNullable(m));
  const t = target.k === "union" && rest.length === 1 && s.k !== "union" && !isNullable(s) ? rest[0] : target;
  const couldBeUnit = (x: Ty): boolean =>
    x.k === "boolean" ? false : x.k === "union" ? x.types.some(couldBeUnit) : x.k === "lit" || x.k === "null" || x.k === "undefined";
  // reportRelationError: a literal source (a unit type or a union of them) is shown widened
  // unless the target could hold unit types.
  const isUnit = (x: Ty) => x.k === "lit" || x.k === "null" || x.k === "undefined";
  const literal = s.k === "lit" || (s.k === "union" && s.types.every(isUnit));
  const src = literal && !couldBeUnit(t) ? widen(s) : s;
  let text = `Type '${show(src)}' is not assignable to type '${show(t)}'.`;
  if (s.k === "union") {
    const bad = byTypeId(s.types).find((m) => !assignable(m, t));
    if (bad !== undefined) text += `   ${notAssignable(bad, t).replace(/ {3}/g, "     ")}`;
  } else if (s.k === "array" && t.k === "array") {
    text += `   ${notAssignable(s.elem, t.elem).replace(/ {3}/g, "     ")}`;
  }
  return text;
}

// ---------------------------------------------------------------------------------------------
// Members of built-in types (lib.es2022), for property checks and "Did you mean" suggestions.

const OBJECT_MEMBERS = ["toString", "toLocaleString", "valueOf"];
const STRING_MEMBERS = [
  "toString", "charAt", "charCodeAt", "concat", "indexOf", "lastIndexOf", "localeCompare", "match", "replace", "search",
  "slice", "split", "substring", "toLowerCase", "toLocaleLowerCase", "toUpperCase", "toLocaleUpperCase", "trim", "length",
  "substr", "valueOf", "codePointAt", "includes", "endsWith", "normalize", "repeat", "startsWith", "anchor", "big",
  "blink", "bold", "fixed", "fontcolor", "fontsize", "italics", "link", "small", "strike", "sub", "sup", "padStart",
  "padEnd", "trimEnd", "trimStart", "trimLeft", "trimRight", "matchAll", "at",
];
const NUMBER_MEMBERS = ["toString", "toFixed", "toExponential", "toPrecision", "valueOf", "toLocaleString"];
const BOOLEAN_MEMBERS = ["valueOf"];
const ARRAY_MEMBERS = [
  "length", "toString", "toLocaleString", "pop", "push", "concat", "join", "reverse", "shift", "slice", "sort", "splice",
  "unshift", "indexOf", "lastIndexOf", "every", "some", "forEach", "map", "filter", "reduce", "reduceRight", "find",
  "findIndex", "fill", "copyWithin", "entries", "keys", "values", "includes", "flatMap", "flat", "at",
];

// ---------------------------------------------------------------------------------------------
// The checker

interface Finding {
  readonly start: number;
  readonly end: number;
  readonly detail: string;
  /** Reported on the expression as a whole (wrong result type). */
  readonly whole?: boolean;
}

class TypeEnv {
  private readonly named = new Map<string, Ty>();
  readonly literals = new LiteralTable();

  constructor(private readonly program: Program) {
    // Literal types are created in declaration order, which fixes their printing order.
    for (const d of program.domains) {
      const visit = (t: TypeExpr) => {
        if (t.kind === "enum") for (const v of t.values) this.literals.of(v);
        if (t.kind === "array") visit(t.items);
        if (t.kind === "object") for (const f of t.fields) visit(f.type);
      };
      for (const t of d.types) visit(t.type);
      for (const e of d.entities) for (const f of e.fields) visit(f.type);
      for (const e of d.events) for (const f of e.fields) visit(f.type);
      for (const m of d.machines) for (const s of m.states) this.literals.of(s.name);
    }
  }

  private domain(name: string) {
    return this.program.domains.find((d) => d.name === name);
  }

  entity(ref: Ref): Ty {
    const key = `entity:${ref.domain}.${ref.name}`;
    let t = this.named.get(key);
    if (t === undefined) {
      const e = this.domain(ref.domain)?.entities.find((x) => x.name === ref.name);
      t = e === undefined ? ANY : this.object(ref.name, e.fields);
      this.named.set(key, t);
    }
    return t;
  }

  event(ref: Ref): Ty {
    const key = `event:${ref.domain}.${ref.name}`;
    let t = this.named.get(key);
    if (t === undefined) {
      const e = this.domain(ref.domain)?.events.find((x) => x.name === ref.name);
      t = e === undefined ? ANY : this.object(eventTypeName(ref.name), e.fields);
      this.named.set(key, t);
    }
    return t;
  }

  object(name: string | undefined, fields: readonly Field[]): Ty {
    let cache: Map<string, Ty> | undefined;
    return {
      k: "object",
      optional: new Set(fields.filter((f) => f.optional).map((f) => f.name)),
      ...(name !== undefined ? { name } : {}),
      fields: () => (cache ??= new Map(fields.map((f) => [f.name, this.field(f)]))),
    };
  }

  /** The type a field read gives (`T | undefined` when optional). */
  field(f: Field): Ty {
    const t = this.type(f.type);
    return f.optional ? union([t, UNDEFINED]) : t;
  }

  type(t: TypeExpr): Ty {
    switch (t.kind) {
      case "primitive":
        return t.name === "string" ? STRING : t.name === "boolean" ? BOOLEAN : NUMBER;
      case "enum":
        return union(t.values.map((v) => this.literals.of(v)));
      case "array":
        return { k: "array", elem: this.type(t.items) };
      case "object":
        return this.object(undefined, t.fields);
      case "state": {
        const m = this.domain(t.machine.domain)?.machines.find((x) => x.name === t.machine.name);
        const states = m?.states.map((s) => this.literals.of(s.name)) ?? [];
        return states.length === 0 ? NEVER : states.length === 1 ? states[0] : union(states, stateTypeName(t.machine.name));
      }
      case "ref": {
        if (t.target === "entity") return this.entity(t.ref);
        const key = `type:${t.ref.domain}.${t.ref.name}`;
        const hit = this.named.get(key);
        if (hit !== undefined) return hit;
        const decl = this.domain(t.ref.domain)?.types.find((x) => x.name === t.ref.name);
        if (decl === undefined) return ANY;
        this.named.set(key, ANY); // a cycle (reported elsewhere) resolves to any
        let r = this.type(decl.type);
        // Aliases name unions and object types in messages; primitives and arrays show as themselves.
        if (r.k === "union" && r.alias === undefined) r = { ...r, alias: t.ref.name };
        else if (r.k === "object" && r.name === undefined) r = { ...r, name: t.ref.name };
        this.named.set(key, r);
        return r;
      }
    }
  }
}

type Scope = ReadonlyMap<string, Ty>;

type Narrowing = ReadonlyMap<string, Ty>;

/** The key of a narrowable reference (`note`, `event.note`, an arrow parameter's path). */
function refKey(n: ExprNode): string | undefined {
  if (n.kind === "name") return n.param ? `$${n.name}` : n.name;
  if (n.kind === "member") {
    const o = refKey(n.object);
    return o === undefined ? undefined : `${o}.${n.property}`;
  }
  return undefined;
}

class Checker {
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
    this.errorOn(n, name !== undefined ? `'${name}' is possibly ${what}.` : `Object is possibly ${what}.`);
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
        const t = this.property(obj, n.property, { start: n.end - n.property.length, end: n.end }, true);
        const key = refKey(n);
        return (key !== undefined && this.narrowed.get(key)) || t;
      }
      case "index": {
        const obj = this.nonNull(this.check(n.object, scope), n.object);
        if (obj.k === "array") return obj.elem;
        if (stringLike(obj)) return STRING;
        if (obj.k === "any" || obj.k === "never") return obj;
        // TypeScript names the apparent type of a primitive (Number, Boolean) and adds the missing property.
        const base = obj.k === "lit" ? baseKind(obj) : obj.k;
        const shown = base === "number" ? "Number" : base === "boolean" ? "Boolean" : show(obj);
        this.error(n, `Element implicitly has an 'any' type because expression of type '${n.index}' can't be used to index type '${shown}'.   Property '${n.index}' does not exist on type '${shown}'.`);
        return ANY;
      }
      case "unary": {
        const t = this.check(n.operand, scope);
        if (n.op === "!") {
          this.testedForTruthiness(n.operand);
          const facts = truthiness(t);
          return facts === "truthy" ? FALSE : facts === "falsy" ? TRUE : BOOLEAN;
        }
        // TypeScript accepts unary '-' and '+' on any non-null operand (the result is a number).
        this.nonNull(t, n.operand);
        if (n.op === "-" && n.operand.kind === "number") return this.literals.of(-n.operand.value, true);
        if (n.op === "+" && n.operand.kind === "number") return this.literals.of(n.operand.value, true);
        return NUMBER;
      }
      case "binary":
        return this.binary(n, scope);
      case "conditional": {
        this.check(n.test, scope);
        this.testedForTruthiness(n.test);
        const a = this.under(this.narrow(n.test, true, scope), () => this.check(n.then, scope, contextual));
        const b = this.under(this.narrow(n.test, false, scope), () => this.check(n.else, scope, contextual));
        return reduceSubtypes(union([a, b]));
      }
      case "array": {
        const ctxElem = contextual && arrayElementOf(contextual);
        const elems = n.elements.map((e) => contextualLiterals(this.check(e, scope, ctxElem), ctxElem));
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

  /** The narrowings that hold when `cond` is truthy (`assume`) or falsy. */
  narrow(cond: ExprNode, assume: boolean, scope: Scope): Narrowing {
    const typeOf = (n: ExprNode) => this.silently(() => this.check(n, scope));
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
        return cond.op === "!" ? this.narrow(cond.operand, !assume, scope) : new Map();
      case "binary": {
        const op = cond.op;
        if (op === "&&" || op === "||") {
          const both = (op === "&&") === assume;
          const left = this.narrow(cond.left, assume, scope);
          const right = this.under(this.narrow(cond.left, op === "&&", scope), () => this.narrow(cond.right, assume, scope));
          if (both) return new Map([...left, ...right]);
          const leftOther = this.narrow(cond.left, !assume, scope);
          return merge(left, new Map([...leftOther, ...right]));
        }
        if (op === "==" || op === "===" || op === "!=" || op === "!==") {
          const equal = (op === "==" || op === "===") === assume;
          const out = new Map<string, Ty>();
          for (const [ref, other] of [[cond.left, cond.right], [cond.right, cond.left]] as const) {
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
            const keep = (m: Ty) => (equal ? comparable(m, value) || m.k === "any" : !sameType(m, value));
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
          if (assume) return isNullable(m) || (m.k === "lit" && (m.value === false || m.value === 0 || m.value === "")) ? [] : [m];
          if (m.k === "object" || m.k === "array" || m.k === "fn") return [];
          if (m.k === "lit") return m.value === false || m.value === 0 || m.value === "" ? [m] : [];
          return [m];
        });
        return new Map([[key, union(kept)]]);
      }
    }
  }

  private argument(n: ExprNode, t: Ty, param: Ty): void {
    if (!assignable(t, param)) {
      const detail = notAssignable(t, param).replace(/^Type ('.*?') is not assignable to type ('.*?')\.(?= {3}|$)/, "Argument of type $1 is not assignable to parameter of type $2.");
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
    const missing = obj.k === "union" ? byTypeId(obj.types).find((m) => lookup(m, name) === undefined) : undefined;
    const chain = missing !== undefined ? `   Property '${name}' does not exist on type '${show(missing)}'.` : "";
    this.error(at, `Property '${name}' does not exist on type '${show(obj)}'.${suggestion !== undefined ? ` Did you mean '${suggestion}'?` : ""}${chain}`);
    return ERROR;
  }

  private binary(n: Extract<ExprNode, { kind: "binary" }>, scope: Scope): Ty {
    const op = n.op === "==" ? "===" : n.op === "!=" ? "!==" : n.op;
    if (op === "&&" || op === "||") {
      const l = this.check(n.left, scope);
      this.testedForTruthiness(n.left);
      const r = this.under(this.narrow(n.left, op === "&&", scope), () => this.check(n.right, scope));
      const facts = truthiness(l);
      if (op === "&&") return facts === "falsy" || facts === "both" ? (facts === "falsy" ? l : union([falsyPart(l), r])) : r;
      return facts === "truthy" ? l : reduceSubtypes(union([nonNullable(truthyPart(l)), r]));
    }
    let l = this.check(n.left, scope);
    let r = this.check(n.right, scope);
    const reportOperator = (a: Ty, b: Ty) =>
      this.error(n, `Operator '${op}' cannot be applied to types '${show(a)}' and '${show(b)}'.`);
    switch (op) {
      case "===":
      case "!==": {
        if (n.left.kind === "array" && n.left.paren === undefined || n.right.kind === "array" && n.right.paren === undefined) {
          this.error(n, `This condition will always return '${op === "===" ? "false" : "true"}' since JavaScript compares objects by reference, not value.`);
        }
        if (!(equalityComparable(l, r) || equalityComparable(r, l))) {
          const [a, b] = comparable(widen(l), widen(r)) ? [l, r] : [widen(l), widen(r)];
          this.error(n, `This comparison appears to be unintentional because the types '${show(a)}' and '${show(b)}' have no overlap.`);
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
        if (l.k !== "never" && r.k !== "never" && !((ln && rn) || (!ln && !rn && comparable(l, r)))) reportOperator(l, r);
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
        if (!numberLike(l) && l.k !== "never") this.errorOn(n.left, "The left-hand side of an arithmetic operation must be of type 'any', 'number', 'bigint' or an enum type.");
        if (!numberLike(r) && r.k !== "never") this.errorOn(n.right, "The right-hand side of an arithmetic operation must be of type 'any', 'number', 'bigint' or an enum type.");
        return NUMBER;
      }
    }
  }

  private helper(n: Extract<ExprNode, { kind: "helper" }>, scope: Scope, contextual: Ty | undefined): Ty {
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
        this.error({ start: pStart, end: pStart + p.length }, `Parameter '${p}' implicitly has an 'any' type.`);
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
    if (assignable(t, target)) return;
    if (this.elaborate(n, target, scope)) return;
    this.findings.push({ start: 0, end: this.source.length, detail: notAssignable(t, target), whole: true });
  }

  private branches(n: Extract<ExprNode, { kind: "conditional" }>, target: Ty, scope: Scope): void {
    for (const branch of [n.then, n.else]) {
      if (branch.kind === "conditional") {
        this.branches(branch, target, scope);
        continue;
      }
      const bt = this.silently(() => this.check(branch, scope, target));
      if (!assignable(bt, target) && !this.elaborate(branch, target, scope)) this.error(branch, notAssignable(bt, target));
    }
  }

  /** Report a mismatch inside `n` when TypeScript would; whether something was reported. */
  private elaborate(n: ExprNode, target: Ty, scope: Scope): boolean {
    const before = this.findings.length;
    if (n.kind === "conditional") {
      for (const branch of [n.then, n.else]) {
        const bt = this.silently(() => this.check(branch, scope, target));
        if (!assignable(bt, target) && !this.elaborate(branch, target, scope)) this.error(branch, notAssignable(bt, target));
      }
    } else if (n.kind === "array") {
      const elem = arrayElementOf(target);
      if (elem === undefined || members(target).length !== 1) return false;
      for (const e of n.elements) {
        const et = this.silently(() => this.check(e, scope, elem));
        const shown = members(elem).some((m) => m.k === "lit") ? et : widen(et);
        if (!assignable(et, elem) && !this.elaborate(e, elem, scope)) this.error(e, notAssignable(shown, elem));
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

function arrayElementOf(t: Ty): Ty | undefined {
  const arrays = members(t).filter((m): m is Ty & { k: "array" } => m.k === "array");
  return arrays.length === 0 ? undefined : union(arrays.map((a) => a.elem));
}

function lookup(t: Ty, name: string): Ty | undefined {
  switch (t.k) {
    case "object":
      return t.fields().get(name) ?? (OBJECT_MEMBERS.includes(name) ? FN : undefined);
    case "array":
      return name === "length" ? NUMBER : ARRAY_MEMBERS.includes(name) ? FN : undefined;
    case "string":
      return name === "length" ? NUMBER : STRING_MEMBERS.includes(name) ? FN : undefined;
    case "number":
      return NUMBER_MEMBERS.includes(name) ? FN : undefined;
    case "boolean":
      return BOOLEAN_MEMBERS.includes(name) ? FN : undefined;
    case "lit":
      return lookup({ k: baseKind(t) }, name);
    case "fn":
      return ["apply", "call", "bind", "toString", "length", "arguments", "caller", "name", "prototype"].includes(name) ? (name === "length" ? NUMBER : ANY) : undefined;
    case "union": {
      const found = t.types.map((m) => lookup(m, name));
      return found.every((x) => x !== undefined) ? union(found as Ty[]) : undefined;
    }
    default:
      return undefined;
  }
}

function candidatesOf(t: Ty): string[] {
  switch (t.k) {
    case "object":
      return [...t.fields().keys(), ...OBJECT_MEMBERS];
    case "array":
      return ARRAY_MEMBERS;
    case "string":
      return STRING_MEMBERS;
    case "number":
      return NUMBER_MEMBERS;
    case "boolean":
      return BOOLEAN_MEMBERS;
    case "lit":
      return candidatesOf({ k: baseKind(t) });
    case "union": {
      const lists = t.types.map(candidatesOf);
      return lists[0].filter((c) => lists.every((l) => l.includes(c)));
    }
    default:
      return [];
  }
}

function truthiness(t: Ty): "truthy" | "falsy" | "both" {
  let truthy = false;
  let falsy = false;
  for (const m of members(t)) {
    if (m.k === "lit") {
      if (m.value === false || m.value === 0 || m.value === "") falsy = true;
      else truthy = true;
    } else if (m.k === "null" || m.k === "undefined") falsy = true;
    else if (m.k === "object" || m.k === "array" || m.k === "fn") truthy = true;
    else if (m.k === "never") continue;
    else {
      truthy = true;
      falsy = true;
    }
  }
  return truthy && falsy ? "both" : truthy ? "truthy" : falsy ? "falsy" : "both";
}

function falsyPart(t: Ty): Ty {
  return union(
    members(t).map((m): Ty => {
      switch (m.k) {
        case "string": return EMPTY_STRING;
        case "number": return ZERO;
        case "lit": return m.value === false || m.value === 0 || m.value === "" ? m : NEVER;
        case "null":
        case "undefined": return m;
        case "any": return ANY;
        default: return NEVER;
      }
    }),
  );
}

function truthyPart(t: Ty): Ty {
  return union(members(t).filter((m) => !(m.k === "lit" && (m.value === false || m.value === 0 || m.value === "")) && !isNullable(m)));
}

/** TypeScript's diagnostic codes of our messages: it orders findings at one range by code. */
const TS_CODES: readonly (readonly [RegExp, number])[] = [
  [/^Type '/, 2322], [/^Argument of type/, 2345], [/^Property '.*' does not exist on type '.*'\. Did you mean/, 2551],
  [/^Property '/, 2339], [/^Parameter '/, 7006], [/^Object is possibly 'null'\./, 2531], [/^Object is possibly 'undefined'/, 2532],
  [/^Object is possibly 'null' or/, 2533], [/^'.*' is possibly 'null'\./, 18047], [/^'.*' is possibly 'undefined'/, 18048],
  [/^'.*' is possibly 'null' or/, 18049], [/^The value '/, 18050], [/^Operator '/, 2365], [/^This comparison appears/, 2367],
  [/^The left-hand side of an arithmetic/, 2362], [/^The right-hand side of an arithmetic/, 2363], [/^Element implicitly/, 7053],
  [/^This kind of expression is always truthy/, 2872], [/^This kind of expression is always falsy/, 2873],
  [/^This condition will always return/, 2839],
];

function tsCode(detail: string): number {
  for (const [re, code] of TS_CODES) if (re.test(detail)) return code;
  return 0;
}

/** Type-check every item; diagnostics carry exact YAML positions. */
export function typeCheckExpressions(program: Program, items: readonly TypeCheckItem[]): Diagnostic[] {
  if (items.length === 0) return [];
  const env = new TypeEnv(program);
  const out: Diagnostic[] = [];
  // TypeScript reported per domain (sorted), per expression in order, then by position; the
  // wrong-result finding sat on the wrapper's `return`, before the expression's own findings.
  const byDomain = new Map<string, TypeCheckItem[]>();
  for (const item of items) {
    if (!byDomain.has(item.domain)) byDomain.set(item.domain, []);
    byDomain.get(item.domain)!.push(item);
  }
  for (const [, list] of [...byDomain].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    for (const item of list) {
      const entity = env.entity(item.entity);
      // TypeScript meets the result field's name (the literal in `Order["paid"]`) first.
      if (item.result.kind === "field") env.literals.of(item.result.field);
      const checker = new Checker(env.literals, item.expr.source, entity, item.event && env.event(item.event), item.prev ? entity : undefined);
      const target =
        item.result.kind === "boolean" ? BOOLEAN : entity.k === "object" ? (entity.fields().get(item.result.field) ?? ANY) : ANY;
      const scope: Scope = new Map();
      const t = checker.check(item.node, scope, target);
      checker.result(item.node, t, target, scope);
      const { expr } = item;
      const seen = new Set<string>();
      const sorted = [...checker.findings].sort(
        (a, b) =>
          (a.whole ? 0 : 1) - (b.whole ? 0 : 1) || a.start - b.start || a.end - a.start - (b.end - b.start) ||
          tsCode(a.detail) - tsCode(b.detail) || (a.detail < b.detail ? -1 : a.detail > b.detail ? 1 : 0),
      );
      for (const f of sorted) {
        const key = `${f.whole}:${f.start}:${f.end}:${f.detail}`;
        if (seen.has(key)) continue;
        seen.add(key);
        if (f.whole) out.push(createDiagnostic("expr-wrong-type", { role: item.role, detail: f.detail }, exprLoc(expr, 0, expr.source.length)));
        else out.push(createDiagnostic("expr-type-error", { detail: f.detail }, exprLoc(expr, f.start, Math.max(f.end, f.start + 1))));
      }
    }
  }
  return out;
}
