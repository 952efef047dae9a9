/**
 * Relations between expression types, as TypeScript (strict) decides them for the types
 * expressions can have: assignability (with TypeScript's elaborated message), comparability,
 * subtype reduction, truthiness.
 */
import {
  ANY,
  EMPTY_STRING,
  NEVER,
  NUMBER,
  STRING,
  ZERO,
  baseKind,
  byTypeId,
  isNullable,
  members,
  show,
  union,
  widen,
  type Ty,
} from "./types.js";

/** Whether `s` is assignable to `t` (TypeScript strict, for the types expressions can have). */
export function assignable(s: Ty, t: Ty): boolean {
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
export function comparable(s: Ty, t: Ty): boolean {
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

export const equalityComparable = (s: Ty, t: Ty) => isNullable(t) || comparable(s, t);

export const numberLike = (t: Ty) => t.k !== "never" && assignable(t, NUMBER);

export const stringLike = (t: Ty) => t.k !== "never" && t.k !== "any" && assignable(t, STRING);

/** The detail of an assignability failure, with TypeScript's elaboration of union sources. */
export function notAssignable(s: Ty, target: Ty): string {
  // A non-nullable source against `X | undefined` is reported against X (when X is one type).
  const rest = members(target).filter((m) => !isNullable(m));
  const t =
    target.k === "union" && rest.length === 1 && s.k !== "union" && !isNullable(s)
      ? rest[0]
      : target;
  const couldBeUnit = (x: Ty): boolean =>
    x.k === "boolean"
      ? false
      : x.k === "union"
        ? x.types.some(couldBeUnit)
        : x.k === "lit" || x.k === "null" || x.k === "undefined";
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

/** Subtype reduction: drop literals whose base type is present, and arrays of a narrower element. */
export function reduceSubtypes(t: Ty): Ty {
  if (t.k !== "union") return t;
  const strictSub = (m: Ty, o: Ty) =>
    m.k === "array" && o.k === "array" && assignable(m, o) && !assignable(o, m);
  const kept = t.types.filter(
    (m) =>
      !(m.k === "lit" && t.types.some((o) => o !== m && o.k === baseKind(m))) &&
      !t.types.some((o) => strictSub(m, o)),
  );
  return kept.length === t.types.length ? t : union(kept);
}

export function arrayElementOf(t: Ty): Ty | undefined {
  const arrays = members(t).filter((m): m is Ty & { k: "array" } => m.k === "array");
  return arrays.length === 0 ? undefined : union(arrays.map((a) => a.elem));
}

export function truthiness(t: Ty): "truthy" | "falsy" | "both" {
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

export function falsyPart(t: Ty): Ty {
  return union(
    members(t).map((m): Ty => {
      switch (m.k) {
        case "string":
          return EMPTY_STRING;
        case "number":
          return ZERO;
        case "lit":
          return m.value === false || m.value === 0 || m.value === "" ? m : NEVER;
        case "null":
        case "undefined":
          return m;
        case "any":
          return ANY;
        default:
          return NEVER;
      }
    }),
  );
}

export function truthyPart(t: Ty): Ty {
  return union(
    members(t).filter(
      (m) =>
        !(m.k === "lit" && (m.value === false || m.value === 0 || m.value === "")) &&
        !isNullable(m),
    ),
  );
}
