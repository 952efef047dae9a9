/**
 * The type algebra of the expression checker: the types expressions can have (TypeScript's, for
 * the IR types), unions with TypeScript's normalisation (literal freshness, subtype reduction of
 * literals, named-union origins for printing), widening, and TypeScript's rendering in messages.
 * Pure functions; the only state is a {@link LiteralTable}, one per check.
 */
export type Ty =
  | { readonly k: "number" | "string" | "boolean" | "null" | "undefined" | "never" | "any" | "fn" }
  /**
   * A literal type. `fresh`: the type of a literal expression (`'a'`, `1`), which TypeScript widens
   * to its base type where a value is inferred without a literal context; literal types from
   * declarations (enum values, states) and narrowing are regular and never widened that way.
   */
  | {
      readonly k: "lit";
      readonly value: string | number | boolean;
      readonly id: number;
      readonly fresh?: true;
    }
  /**
   * `origin`: how TypeScript prints a union built from a named union (`Kind | undefined` rather
   * than `"x" | "y" | "z" | undefined`): the named unions, then the other members.
   */
  | {
      readonly k: "union";
      readonly types: readonly Ty[];
      readonly alias?: string;
      readonly origin?: readonly Ty[];
    }
  | { readonly k: "array"; readonly elem: Ty }
  /** `map`: a total map type `Record<K, V>` (its fields are its keys, each of type V). */
  | {
      readonly k: "object";
      readonly name?: string;
      readonly fields: () => ReadonlyMap<string, Ty>;
      readonly optional?: ReadonlySet<string>;
      readonly map?: MapTy;
    };

/** The key and value types of a map (`Record<K, V>`). */
export interface MapTy {
  readonly key: Ty;
  readonly value: Ty;
}

export const NUMBER: Ty = { k: "number" };
export const STRING: Ty = { k: "string" };
export const BOOLEAN: Ty = { k: "boolean" };
export const NULL: Ty = { k: "null" };
export const UNDEFINED: Ty = { k: "undefined" };
export const NEVER: Ty = { k: "never" };
export const ANY: Ty = { k: "any" };
/** TypeScript's error type (after a reported error): 'any', but callbacks get no contextual signature. */
export const ERROR: Ty = { k: "any" };
export const FN: Ty = { k: "fn" };
export const TRUE: Ty = { k: "lit", value: true, id: 5.5 };
export const FALSE: Ty = { k: "lit", value: false, id: 5 };
/** TypeScript creates `""` and `0` (emptyStringType, zeroType) before any other literal. */
export const EMPTY_STRING: Ty = { k: "lit", value: "", id: 90 };
export const ZERO: Ty = { k: "lit", value: 0, id: 91 };

/**
 * The literal types of one check, numbered in creation order like TypeScript's type ids (which
 * decide the order union members are printed in). One table per check: no state outlives it.
 */
export class LiteralTable {
  private readonly ids = new Map<string, number>([
    [JSON.stringify(""), 90],
    [JSON.stringify(0), 91],
  ]);

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
export const regular = (t: Ty): Ty =>
  t.k === "lit" && t.fresh === true ? { k: "lit", value: t.value, id: t.id } : t;

export function members(t: Ty): readonly Ty[] {
  if (t.k === "union") return t.types;
  if (t.k === "boolean") return [FALSE, TRUE];
  return [t];
}

export function sameType(a: Ty, b: Ty): boolean {
  if (a === b) return true;
  if (a.k !== b.k) return false;
  if (a.k === "lit")
    return a.value === (b as typeof a).value && typeof a.value === typeof (b as typeof a).value;
  if (a.k === "array") return sameType(a.elem, (b as typeof a).elem);
  if (a.k === "object") return a.name !== undefined && a.name === (b as typeof a).name;
  if (a.k === "union") {
    const bt = (b as typeof a).types;
    return a.types.length === bt.length && a.types.every((x) => bt.some((y) => sameType(x, y)));
  }
  return true;
}

/** A union of types (flattened, deduplicated; `true | false` becomes boolean). */
export function union(types: readonly Ty[], alias?: string): Ty {
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
  return {
    k: "union",
    types: flat,
    ...(alias !== undefined ? { alias } : {}),
    ...(origin !== undefined ? { origin } : {}),
  };
}

/** TypeScript's origin of a union: the named unions among its inputs (kept whole), then the rest. */
export function originOf(types: readonly Ty[], flat: readonly Ty[]): readonly Ty[] | undefined {
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
export function filterUnion(t: Ty, keep: (m: Ty) => boolean): Ty {
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

export function baseKind(t: Ty & { k: "lit" }): "number" | "string" | "boolean" {
  return typeof t.value === "number"
    ? "number"
    : typeof t.value === "string"
      ? "string"
      : "boolean";
}

/** The type with literals replaced by their base types (`"a" | "b"` → string). */
export function widen(t: Ty): Ty {
  if (t.k === "lit") return { k: baseKind(t) };
  if (t.k === "union") return union(t.types.map(widen));
  return t;
}

/** TypeScript's getWidenedLiteralType: fresh literals become their base types, regular ones stay. */
export function widenFresh(t: Ty): Ty {
  if (t.k === "lit") return t.fresh === true ? { k: baseKind(t) } : t;
  if (t.k === "union" && t.types.some((m) => m.k === "lit" && m.fresh === true))
    return union(t.types.map(widenFresh));
  return t;
}

/**
 * TypeScript's getWidenedLiteralLikeTypeForContextualType: a value's type at a place with a
 * contextual type (an array element, a callback's result). When the value has a literal of a
 * kind the contextual type has literals of (isLiteralOfContextualType), the whole type is kept,
 * its literals made regular; otherwise its fresh literals are widened.
 */
export function contextualLiterals(t: Ty, contextual: Ty | undefined): Ty {
  const kinds = (x: Ty) => new Set(members(x).flatMap((m) => (m.k === "lit" ? [baseKind(m)] : [])));
  const wanted = contextual === undefined ? new Set<string>() : kinds(contextual);
  if (![...kinds(t)].some((k) => wanted.has(k))) return widenFresh(t);
  if (t.k !== "union") return regular(t);
  if (!t.types.some((m) => m.k === "lit" && m.fresh === true)) return t;
  return union((t.origin ?? t.types).map(regular));
}

export const isUnit = (t: Ty) => t.k === "lit" || t.k === "null" || t.k === "undefined";

export const isNullable = (t: Ty) => t.k === "null" || t.k === "undefined";

export const nonNullable = (t: Ty): Ty => filterUnion(t, (m) => !isNullable(m));

// Type ids decide the order in which TypeScript prints union members.
export const INTRINSIC_ORDER: Record<string, number> = {
  any: 0,
  undefined: 1,
  null: 2,
  string: 3,
  number: 4,
  boolean: 5,
  fn: 6,
  never: 7,
};
export function typeId(t: Ty): number {
  if (t.k === "lit") return t.id;
  if (t.k in INTRINSIC_ORDER) return INTRINSIC_ORDER[t.k];
  return 50;
}

/** Union members in TypeScript's order (by type id). */
export function byTypeId(types: readonly Ty[]): Ty[] {
  return [...types].sort((a, b) => typeId(a) - typeId(b));
}

/** TypeScript's rendering of a type in messages. */
export function show(t: Ty): string {
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
      const hasBoth =
        sorted.some((x) => sameType(x, TRUE)) && sorted.some((x) => sameType(x, FALSE));
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
