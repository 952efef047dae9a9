/**
 * Value conformance, the one answer to "does this value fit its type": the first place a value
 * leaves its type (the path into the value, the constraint, a short reason), or undefined when
 * it fits. Used by `check` (initial values), the explorer (effects that break a field's
 * contract) and the diff oracle (counterexamples). The rules are those of the generated
 * validators: string lengths count code points, objects have no other keys, patterns are
 * matched by the RE2 engine (linear time). `undefined` in a record means the key is absent.
 * The walk uses an explicit stack, so a deep value or type costs no call stack.
 */
import { createRequire } from "node:module";
import type { RE2JS } from "re2js";
import { derivation, derived } from "./derived.js";
import type { Constraints, Field, Program, Ref, TypeExpr } from "./types.js";

/** Where and why a value does not fit a type. */
export interface Misfit {
  /** Path into the value: record keys and array indexes (empty: the value itself). */
  readonly path: readonly (string | number)[];
  /**
   * What is violated: `type`, a constraint keyword (`minimum`, `maxLength`, `pattern`,
   * `minItems`, …), `enum`, `required` (a missing field) or `additionalProperties` (a key the
   * type does not declare).
   */
  readonly constraint: string;
  /** A short phrase: `-5 is below the minimum 0`, `'id' is missing`. */
  readonly reason: string;
}

/**
 * Follows named types: returns a type that is not a reference nor a machine state (an entity
 * becomes an inline object, a machine's state type the enum of its state names).
 */
export type Resolve = (type: TypeExpr) => TypeExpr;

/** Longest chain of references followed before a type counts as unknown (an empty object). */
const MAX_REF_CHAIN = 10_000;

const RESOLVER = derivation("type resolver", (program: Program) => programResolve(program));

/** The {@link Resolve} of a Program, built once per Program ({@link programResolve}). */
export function resolverOf(program: Program): Resolve {
  return derived(program, RESOLVER);
}

/** A {@link Resolve} over a Program's declarations (maps built once per call). */
export function programResolve(program: Program): Resolve {
  const types = new Map<string, TypeExpr>();
  const entities = new Map<string, readonly Field[]>();
  const states = new Map<string, readonly string[]>();
  const key = (r: Ref) => `${r.domain}\u0000${r.name}`;
  for (const d of program.domains) {
    for (const t of d.types) types.set(key({ domain: d.name, name: t.name }), t.type);
    for (const e of d.entities) entities.set(key({ domain: d.name, name: e.name }), e.fields);
    for (const m of d.machines)
      states.set(
        key({ domain: d.name, name: m.name }),
        m.states.map((s) => s.name),
      );
  }
  return (type) => {
    let t = type;
    for (let i = 0; i < MAX_REF_CHAIN; i++) {
      if (t.kind === "state") return { kind: "enum", values: states.get(key(t.machine)) ?? [] };
      if (t.kind !== "ref") return t;
      if (t.target === "entity") return { kind: "object", fields: entities.get(key(t.ref)) ?? [] };
      const next = types.get(key(t.ref));
      if (next === undefined) break;
      t = next;
    }
    return { kind: "object", fields: [] };
  };
}

/**
 * The first place `value` leaves `type`, or undefined when it fits. Fields are visited in
 * declaration order, array items in order, depth first.
 * @example misfit(programResolve(p), { kind: "primitive", name: "integer", constraints: { minimum: 0 } }, -5)
 * // { path: [], constraint: "minimum", reason: "-5 is below the minimum 0" }
 */
export function misfit(resolve: Resolve, type: TypeExpr, value: unknown): Misfit | undefined {
  // Most values fit: a walk without allocations says so; only a misfit (or a very deep value)
  // takes the walk below, which finds the first place and says why.
  const t = resolve(type);
  if (t.kind === "primitive") {
    const why = primitiveMisfit(t.name, t.constraints, value);
    return why === undefined ? undefined : { path: NO_PATH, constraint: why[0], reason: why[1] };
  }
  return fits(resolve, t, value, 0) ? undefined : locate(resolve, t, value);
}

const NO_PATH: readonly (string | number)[] = [];

/** Deepest nesting {@link fits} follows on the call stack before leaving the value to {@link locate}. */
const FAST_DEPTH = 64;

/** Whether `value` fits `type` (false also when nesting exceeds {@link FAST_DEPTH}). */
function fits(resolve: Resolve, type: TypeExpr, v: unknown, depth: number): boolean {
  if (depth > FAST_DEPTH) return false;
  const t = resolve(type);
  switch (t.kind) {
    case "primitive":
      return primitiveMisfit(t.name, t.constraints, v) === undefined;
    case "enum":
      return typeof v === "string" && t.values.includes(v);
    case "array": {
      if (!Array.isArray(v)) return false;
      if (t.minItems !== undefined && v.length < t.minItems) return false;
      if (t.maxItems !== undefined && v.length > t.maxItems) return false;
      if (t.uniqueItems === true && v.length > 1) return false; // checked (and explained) by locate
      for (let i = 0; i < v.length; i++) if (!fits(resolve, t.items, v[i], depth + 1)) return false;
      return true;
    }
    case "object": {
      if (v === null || typeof v !== "object" || Array.isArray(v)) return false;
      const rec = v as Record<string, unknown>;
      let present = 0;
      for (const f of t.fields) {
        if (!Object.prototype.hasOwnProperty.call(rec, f.name) || rec[f.name] === undefined) {
          if (!f.optional) return false;
          continue;
        }
        present++;
        if (!fits(resolve, f.type, rec[f.name], depth + 1)) return false;
      }
      let own = 0;
      for (const k in rec)
        if (Object.prototype.hasOwnProperty.call(rec, k) && rec[k] !== undefined) own++;
      return own === present;
    }
    case "map": {
      if (v === null || typeof v !== "object" || Array.isArray(v)) return false;
      const rec = v as Record<string, unknown>;
      for (const k of t.keyValues) {
        if (!Object.prototype.hasOwnProperty.call(rec, k)) return false;
        if (!fits(resolve, t.values, rec[k], depth + 1)) return false;
      }
      let own = 0;
      for (const k in rec) if (Object.prototype.hasOwnProperty.call(rec, k)) own++;
      return own === t.keyValues.length;
    }
    default:
      return true;
  }
}

/** The first misfit, walking with an explicit stack (no call-stack depth), or undefined. */
function locate(resolve: Resolve, type: TypeExpr, value: unknown): Misfit | undefined {
  const stack: { type: TypeExpr; value: unknown; path: readonly (string | number)[] }[] = [
    { type, value, path: [] },
  ];
  while (stack.length > 0) {
    const item = stack.pop()!;
    const t = resolve(item.type);
    const v = item.value;
    const at = (constraint: string, reason: string): Misfit => ({
      path: item.path,
      constraint,
      reason,
    });
    switch (t.kind) {
      case "primitive": {
        const why = primitiveMisfit(t.name, t.constraints, v);
        if (why !== undefined) return at(why[0], why[1]);
        break;
      }
      case "enum":
        if (typeof v !== "string" || !t.values.includes(v))
          return at("enum", `${show(v)} is not one of ${t.values.join(", ")}`);
        break;
      case "array": {
        if (!Array.isArray(v)) return at("type", `${show(v)} is not an array`);
        if (t.minItems !== undefined && v.length < t.minItems)
          return at("minItems", `an array of ${v.length} has fewer than ${t.minItems} items`);
        if (t.maxItems !== undefined && v.length > t.maxItems)
          return at("maxItems", `an array of ${v.length} has more than ${t.maxItems} items`);
        if (t.uniqueItems === true) {
          const seen = new Set<string>();
          for (const x of v) {
            const k = JSON.stringify(x) ?? "undefined";
            if (seen.has(k)) return at("uniqueItems", `${show(x)} occurs more than once`);
            seen.add(k);
          }
        }
        for (let i = v.length - 1; i >= 0; i--)
          stack.push({ type: t.items, value: v[i], path: [...item.path, i] });
        break;
      }
      case "object": {
        if (v === null || typeof v !== "object" || Array.isArray(v))
          return at("type", `${show(v)} is not an object`);
        const rec = v as Record<string, unknown>;
        const own = (k: string) =>
          Object.prototype.hasOwnProperty.call(rec, k) && rec[k] !== undefined;
        const children: typeof stack = [];
        for (const f of t.fields) {
          if (!own(f.name)) {
            if (!f.optional) return at("required", `'${f.name}' is missing`);
            continue;
          }
          children.push({ type: f.type, value: rec[f.name], path: [...item.path, f.name] });
        }
        const declared = new Set(t.fields.map((f) => f.name));
        const extra = Object.keys(rec).find((k) => !declared.has(k) && rec[k] !== undefined);
        if (extra !== undefined)
          return at("additionalProperties", `'${extra}' is not a field of this type`);
        for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
        break;
      }
      case "map": {
        if (v === null || typeof v !== "object" || Array.isArray(v))
          return at("type", `${show(v)} is not a map`);
        const rec = v as Record<string, unknown>;
        const missing = t.keyValues.find((k) => !Object.prototype.hasOwnProperty.call(rec, k));
        if (missing !== undefined) return at("required", `key '${missing}' is missing`);
        const keys = new Set(t.keyValues);
        const extra = Object.keys(rec).find((k) => !keys.has(k));
        if (extra !== undefined) return at("additionalProperties", `'${extra}' is not a key`);
        for (let i = t.keyValues.length - 1; i >= 0; i--) {
          const k = t.keyValues[i];
          stack.push({ type: t.values, value: rec[k], path: [...item.path, k] });
        }
        break;
      }
      default:
        // A reference that does not resolve (unchecked program): nothing to hold the value to.
        break;
    }
  }
  return undefined;
}

/** True when `value` fits `type` ({@link misfit} finds nothing). */
export function conforms(resolve: Resolve, type: TypeExpr, value: unknown): boolean {
  return misfit(resolve, type, value) === undefined;
}

/**
 * A misfit as one phrase: each record key on the path as a `'key': ` prefix (array indexes are
 * left out), then the reason — `'items': 'qty': 0 is below the minimum 1`.
 */
export function describeMisfit(m: Misfit): string {
  if (m.path.length === 0) return m.reason;
  const keys = m.path.filter((p): p is string => typeof p === "string");
  return keys.map((k) => `'${k}': `).join("") + m.reason;
}

/** The path of a misfit as text: `items[0].qty` (empty for the value itself). */
export function misfitPath(m: Misfit): string {
  return m.path.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? p : `.${p}`)).join("");
}

function primitiveMisfit(
  name: string,
  c: Constraints,
  v: unknown,
): readonly [string, string] | undefined {
  if (name === "boolean")
    return typeof v === "boolean" ? undefined : ["type", `${show(v)} is not a boolean`];
  if (name === "string") {
    if (typeof v !== "string") return ["type", `${show(v)} is not a string`];
    const len = codePoints(v);
    if (c.minLength !== undefined && len < c.minLength)
      return ["minLength", `${show(v)} is shorter than ${c.minLength}`];
    if (c.maxLength !== undefined && len > c.maxLength)
      return ["maxLength", `${show(v)} is longer than ${c.maxLength}`];
    if (c.pattern !== undefined && !matchesPattern(c.pattern, v))
      return ["pattern", `${show(v)} does not match ${c.pattern}`];
    return undefined;
  }
  if (typeof v !== "number" || !Number.isFinite(v))
    return ["type", `${show(v)} is not a finite number`];
  if (name === "integer" && !Number.isInteger(v)) return ["type", `${show(v)} is not an integer`];
  if (c.minimum !== undefined && v < c.minimum)
    return ["minimum", `${v} is below the minimum ${c.minimum}`];
  if (c.maximum !== undefined && v > c.maximum)
    return ["maximum", `${v} is above the maximum ${c.maximum}`];
  if (c.exclusiveMinimum !== undefined && v <= c.exclusiveMinimum)
    return ["exclusiveMinimum", `${v} is not above ${c.exclusiveMinimum}`];
  if (c.exclusiveMaximum !== undefined && v >= c.exclusiveMaximum)
    return ["exclusiveMaximum", `${v} is not below ${c.exclusiveMaximum}`];
  // Decimal steps (0.1) are not exact in binary: a quotient within 1e-9 of an integer counts.
  if (
    c.multipleOf !== undefined &&
    Math.abs(v / c.multipleOf - Math.round(v / c.multipleOf)) > 1e-9
  ) {
    return ["multipleOf", `${v} is not a multiple of ${c.multipleOf}`];
  }
  return undefined;
}

function codePoints(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

// Process-wide lazy load of a constant: the RE2 engine, on first use (only patterns need it).
let re2: typeof RE2JS | undefined;
// Process-wide memo of a pure function of its key: each pattern compiled once (not per Program).
const patterns = new Map<string, RE2JS | null>();

/** Whether `value` matches `pattern` (unanchored, as JSON Schema); an invalid pattern matches nothing. */
export function matchesPattern(pattern: string, value: string): boolean {
  let re = patterns.get(pattern);
  if (re === undefined) {
    re2 ??= (createRequire(import.meta.url)("re2js") as { RE2JS: typeof RE2JS }).RE2JS;
    try {
      re = re2.compile(pattern);
    } catch {
      re = null;
    }
    patterns.set(pattern, re);
  }
  return re !== null && re.matcher(value).find();
}

/** Short printable form of a value for messages (at most 60 characters). */
export function show(value: unknown): string {
  if (value === undefined) return "undefined";
  const s = JSON.stringify(value) ?? String(value);
  return s.length > 60 ? s.slice(0, 57) + "..." : s;
}
