/**
 * Values from IR types, for the differential oracle: fast-check arbitraries that generate
 * values of a TypeExpr. Whether a value fits a type is compiler/ir/conform.ts (re-exported here
 * per Program as {@link conforms}).
 */
import fc from "fast-check";
import { misfit, resolverOf, type Misfit } from "../ir/conform.js";
import type { Field, PrimitiveType, Program, TypeExpr } from "../ir/types.js";

/** Deepest nesting of arrays and objects generated (references do not count: they cannot cycle). */
const MAX_DEPTH = 32;
const DEFAULT_INT = 1_000_000;

/** An arbitrary for the values of `t`; `hints` are extra numbers to try (literals of a guard). */
export function arbitraryOf(
  program: Program,
  t: TypeExpr,
  hints: readonly number[] = [],
  depth = 0,
): fc.Arbitrary<unknown> {
  if (depth > MAX_DEPTH) return fc.constant(null);
  const r = resolverOf(program)(t);
  switch (r.kind) {
    case "primitive":
      return primitiveArb(r, hints);
    case "enum":
      return r.values.length > 0 ? fc.constantFrom(...r.values) : fc.constant("");
    case "array": {
      const t = r;
      const min = t.minItems ?? 0;
      const max = Math.max(min, Math.min(t.maxItems ?? 4, min + 4));
      const items = arbitraryOf(program, t.items, hints, depth + 1);
      return t.uniqueItems
        ? fc.uniqueArray(items, {
            minLength: min,
            maxLength: max,
            selector: (v) => JSON.stringify(v),
          })
        : fc.array(items, { minLength: min, maxLength: max });
    }
    case "object":
      return recordArb(program, r.fields, hints, depth);
    case "map": {
      const value = arbitraryOf(program, r.values, hints, depth + 1);
      return fc.record(Object.fromEntries(r.keyValues.map((k) => [k, value])));
    }
    default:
      return fc.constant(null);
  }
}

/** An arbitrary for a record with the given fields (optional fields may be absent). */
export function recordArb(
  program: Program,
  fields: readonly Field[],
  hints: readonly number[] = [],
  depth = 0,
): fc.Arbitrary<Record<string, unknown>> {
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
        const arb = fc
          .stringMatching(re)
          .filter(
            (s) =>
              s.length >= minLength && s.length <= (c.maxLength ?? Infinity) && s.length <= 256,
          );
        return fc.oneof(arb, fc.string({ minLength, maxLength }));
      }
    }
    return fc.string({ minLength, maxLength });
  }
  const lo =
    c.exclusiveMinimum !== undefined
      ? c.exclusiveMinimum + (t.name === "integer" ? 1 : 1e-9)
      : c.minimum;
  const hi =
    c.exclusiveMaximum !== undefined
      ? c.exclusiveMaximum - (t.name === "integer" ? 1 : 1e-9)
      : c.maximum;
  const min = Math.ceil(lo ?? -DEFAULT_INT);
  const max = Math.floor(hi ?? DEFAULT_INT);
  const base: fc.Arbitrary<number> =
    t.name === "integer"
      ? fc.integer({
          min: Math.max(min, Number.MIN_SAFE_INTEGER),
          max: Math.min(Math.max(min, max), Number.MAX_SAFE_INTEGER),
        })
      : fc.double({
          min: lo ?? -DEFAULT_INT,
          max: hi ?? DEFAULT_INT,
          noNaN: true,
          noDefaultInfinity: true,
        });
  const extra = [...new Set(hints.flatMap((h) => [h - 1, h, h + 1]))].filter(
    (v) => v >= min && v <= max && (t.name !== "integer" || Number.isInteger(v)),
  );
  const arb = extra.length > 0 ? fc.oneof(base, fc.constantFrom(...extra)) : base;
  return c.multipleOf !== undefined
    ? arb.map((v) => Math.round(v / c.multipleOf!) * c.multipleOf!)
    : arb;
}

/** True when `value` is a value of type `t` (resolved in `program`). */
export function conforms(program: Program, t: TypeExpr, value: unknown): boolean {
  return misfit(resolverOf(program), t, value) === undefined;
}

/** Where and why `value` does not fit `t` (resolved in `program`), or undefined. */
export function misfitIn(program: Program, t: TypeExpr, value: unknown): Misfit | undefined {
  return misfit(resolverOf(program), t, value);
}
