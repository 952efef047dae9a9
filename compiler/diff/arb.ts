/**
 * Values from IR types, for the differential oracle: fast-check arbitraries that generate
 * values of a TypeExpr, and a validator that accepts exactly the values of a TypeExpr.
 * Patterns are checked with re2js (linear time), never with the backtracking RegExp engine.
 */
import fc from "fast-check";
import { RE2JS } from "re2js";
import type { Field, PrimitiveType, Program, Ref, TypeExpr } from "../ir/types.js";

const MAX_DEPTH = 4;
const DEFAULT_INT = 1_000_000;

/** Resolve a named type or entity to its structural type (entities become objects). */
export function resolveRef(program: Program, target: "type" | "entity", ref: Ref): TypeExpr | undefined {
  const dom = program.domains.find((d) => d.name === ref.domain);
  if (dom === undefined) return undefined;
  if (target === "type") return dom.types.find((t) => t.name === ref.name)?.type;
  const e = dom.entities.find((x) => x.name === ref.name);
  return e && { kind: "object", fields: e.fields };
}

function stateNames(program: Program, ref: Ref): string[] {
  return program.domains.find((d) => d.name === ref.domain)?.machines.find((m) => m.name === ref.name)?.states.map((s) => s.name) ?? [];
}

/** An arbitrary for the values of `t`; `hints` are extra numbers to try (literals of a guard). */
export function arbitraryOf(program: Program, t: TypeExpr, hints: readonly number[] = [], depth = 0): fc.Arbitrary<unknown> {
  if (depth > MAX_DEPTH) return fc.constant(null);
  switch (t.kind) {
    case "primitive":
      return primitiveArb(t, hints);
    case "enum":
      return t.values.length > 0 ? fc.constantFrom(...t.values) : fc.constant("");
    case "state": {
      const names = stateNames(program, t.machine);
      return names.length > 0 ? fc.constantFrom(...names) : fc.constant("");
    }
    case "ref": {
      const r = resolveRef(program, t.target, t.ref);
      return r === undefined ? fc.constant(null) : arbitraryOf(program, r, hints, depth + 1);
    }
    case "array": {
      const min = t.minItems ?? 0;
      const max = Math.max(min, Math.min(t.maxItems ?? 4, min + 4));
      const items = arbitraryOf(program, t.items, hints, depth + 1);
      return t.uniqueItems ? fc.uniqueArray(items, { minLength: min, maxLength: max, selector: (v) => JSON.stringify(v) }) : fc.array(items, { minLength: min, maxLength: max });
    }
    case "object":
      return recordArb(program, t.fields, hints, depth);
    case "map": {
      const value = arbitraryOf(program, t.values, hints, depth + 1);
      return fc.record(Object.fromEntries(t.keyValues.map((k) => [k, value])));
    }
  }
}

/** An arbitrary for a record with the given fields (optional fields may be absent). */
export function recordArb(program: Program, fields: readonly Field[], hints: readonly number[] = [], depth = 0): fc.Arbitrary<Record<string, unknown>> {
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  for (const f of fields) model[f.name] = arbitraryOf(program, f.type, hints, depth + 1);
  const requiredKeys = fields.filter((f) => !f.optional).map((f) => f.name);
  return fc.record(model, { requiredKeys }) as fc.Arbitrary<Record<string, unknown>>;
}

function primitiveArb(t: PrimitiveType, hints: readonly number[]): fc.Arbitrary<unknown> {
  const c = t.constraints;
  if (t.name === "boolean") return fc.boolean();
  if (t.name === "string") {
    const minLength = c.minLength ?? 0;
    const maxLength = Math.max(minLength, c.maxLength ?? 16);
    if (c.pattern !== undefined) {
      let re: RegExp | undefined;
      try {
        re = new RegExp(c.pattern, "u");
      } catch {
        re = undefined;
      }
      if (re !== undefined) {
        const arb = fc.stringMatching(re).filter((s) => s.length >= minLength && s.length <= (c.maxLength ?? Infinity) && s.length <= 256);
        return fc.oneof(arb, fc.string({ minLength, maxLength }));
      }
    }
    return fc.string({ minLength, maxLength });
  }
  const lo = c.exclusiveMinimum !== undefined ? c.exclusiveMinimum + (t.name === "integer" ? 1 : 1e-9) : c.minimum;
  const hi = c.exclusiveMaximum !== undefined ? c.exclusiveMaximum - (t.name === "integer" ? 1 : 1e-9) : c.maximum;
  const min = Math.ceil(lo ?? -DEFAULT_INT);
  const max = Math.floor(hi ?? DEFAULT_INT);
  const base: fc.Arbitrary<number> =
    t.name === "integer"
      ? fc.integer({ min: Math.max(min, Number.MIN_SAFE_INTEGER), max: Math.min(Math.max(min, max), Number.MAX_SAFE_INTEGER) })
      : fc.double({ min: lo ?? -DEFAULT_INT, max: hi ?? DEFAULT_INT, noNaN: true, noDefaultInfinity: true });
  const extra = [...new Set(hints.flatMap((h) => [h - 1, h, h + 1]))].filter((v) => v >= min && v <= max && (t.name !== "integer" || Number.isInteger(v)));
  const arb = extra.length > 0 ? fc.oneof(base, fc.constantFrom(...extra)) : base;
  return c.multipleOf !== undefined ? arb.map((v) => Math.round(v / c.multipleOf!) * c.multipleOf!) : arb;
}

const patternCache = new Map<string, RE2JS | null>();

function re2(pattern: string): RE2JS | null {
  if (!patternCache.has(pattern)) {
    try {
      patternCache.set(pattern, RE2JS.compile(pattern));
    } catch {
      patternCache.set(pattern, null);
    }
  }
  return patternCache.get(pattern)!;
}

/** True when `value` is a value of type `t` (resolved in `program`). */
export function conforms(program: Program, t: TypeExpr, value: unknown, depth = 0): boolean {
  if (depth > MAX_DEPTH) return true;
  switch (t.kind) {
    case "primitive": {
      const c = t.constraints;
      if (t.name === "boolean") return typeof value === "boolean";
      if (t.name === "string") {
        if (typeof value !== "string") return false;
        if (c.minLength !== undefined && value.length < c.minLength) return false;
        if (c.maxLength !== undefined && value.length > c.maxLength) return false;
        const re = c.pattern === undefined ? undefined : re2(c.pattern);
        return re === undefined || re === null || re.matcher(value).find();
      }
      if (typeof value !== "number" || !Number.isFinite(value)) return false;
      if (t.name === "integer" && !Number.isInteger(value)) return false;
      if (c.minimum !== undefined && value < c.minimum) return false;
      if (c.maximum !== undefined && value > c.maximum) return false;
      if (c.exclusiveMinimum !== undefined && value <= c.exclusiveMinimum) return false;
      if (c.exclusiveMaximum !== undefined && value >= c.exclusiveMaximum) return false;
      if (c.multipleOf !== undefined && !Number.isInteger(Number((value / c.multipleOf).toPrecision(12)))) return false;
      return true;
    }
    case "enum":
      return typeof value === "string" && t.values.includes(value);
    case "state":
      return typeof value === "string" && stateNames(program, t.machine).includes(value);
    case "ref": {
      const r = resolveRef(program, t.target, t.ref);
      return r !== undefined && conforms(program, r, value, depth + 1);
    }
    case "map": {
      if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
      const keys = Object.keys(value);
      if (keys.length !== t.keyValues.length || !t.keyValues.every((k) => Object.hasOwn(value, k))) return false;
      return keys.every((k) => conforms(program, t.values, (value as Record<string, unknown>)[k], depth + 1));
    }
    case "array":
      if (!Array.isArray(value)) return false;
      if (t.minItems !== undefined && value.length < t.minItems) return false;
      if (t.maxItems !== undefined && value.length > t.maxItems) return false;
      if (t.uniqueItems && new Set(value.map((v) => JSON.stringify(v))).size !== value.length) return false;
      return value.every((v) => conforms(program, t.items, v, depth + 1));
    case "object": {
      if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
      const rec = value as Record<string, unknown>;
      for (const k of Object.keys(rec)) if (!t.fields.some((f) => f.name === k)) return false;
      return t.fields.every((f) => (Object.prototype.hasOwnProperty.call(rec, f.name) ? conforms(program, f.type, rec[f.name], depth + 1) : f.optional));
    }
  }
}
