/**
 * Combinators generated arbitraries call: each builds a {@link Gen} — a fast-check arbitrary
 * biased to boundary values (min, max, empty, lengths), valid by construction for the contract,
 * plus `mutants(value)`: near-miss values that the contract's validator must reject, each with
 * the issue code and path it must report. Strings live in strings.ts, the property runner and
 * checks in property-checks.ts (re-exported here).
 */
import * as fc from "fast-check";
import type { Gen, Mutant } from "./gen.js";

export { fc };
export type { Gen, Mutant } from "./gen.js";
export type { StringConstraints } from "./strings.js";
export { jsPatternFor, patternGeneratable, string } from "./strings.js";
export type { RunPropertyOptions } from "./property-checks.js";
export {
  checkGeneratedValid,
  checkInvariantsEvaluate,
  checkMutantsRejected,
  runProperty,
} from "./property-checks.js";

/** Constraints of `integer` and `number` (JSON Schema keywords). */
export interface NumberConstraints {
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: number;
  readonly exclusiveMaximum?: number;
  readonly multipleOf?: number;
}

/** Constraints of `array`. */
export interface ArrayConstraints {
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly uniqueItems?: boolean;
}

const INT_SPAN = 2 ** 31;

/** Boundary values first (weight 1), then the whole range (weight 3). */
function biased<T>(boundaries: readonly T[], general: fc.Arbitrary<T>): fc.Arbitrary<T> {
  const uniq = [...new Set(boundaries)];
  if (uniq.length === 0) return general;
  return fc.oneof(
    { arbitrary: fc.constantFrom(...uniq), weight: 1 },
    { arbitrary: general, weight: 3 },
  );
}

function intBounds(c: NumberConstraints): [number, number] {
  let lo = c.minimum !== undefined ? Math.ceil(c.minimum) : -Infinity;
  let hi = c.maximum !== undefined ? Math.floor(c.maximum) : Infinity;
  if (c.exclusiveMinimum !== undefined) lo = Math.max(lo, Math.floor(c.exclusiveMinimum) + 1);
  if (c.exclusiveMaximum !== undefined) hi = Math.min(hi, Math.ceil(c.exclusiveMaximum) - 1);
  if (lo === -Infinity) lo = hi === Infinity ? -INT_SPAN : hi - INT_SPAN;
  if (hi === Infinity) hi = Math.max(lo, 0) + INT_SPAN - 1;
  lo = Math.max(lo, Number.MIN_SAFE_INTEGER);
  hi = Math.min(hi, Number.MAX_SAFE_INTEGER);
  if (lo > hi) throw new RangeError(`No integer satisfies ${JSON.stringify(c)}.`);
  return [lo, hi];
}

function numberMutants(value: number, c: NumberConstraints, integral: boolean): Mutant[] {
  const out: Mutant[] = [
    { value: String(value), code: "invalid_type", path: [], what: "number as string" },
  ];
  if (integral) out.push({ value: value + 0.5, code: "invalid_type", path: [], what: "fraction" });
  if (c.minimum !== undefined)
    out.push({ value: c.minimum - 1, code: "too_small", path: [], what: "minimum - 1" });
  if (c.exclusiveMinimum !== undefined) {
    out.push({ value: c.exclusiveMinimum, code: "too_small", path: [], what: "exclusiveMinimum" });
  }
  if (c.maximum !== undefined)
    out.push({ value: c.maximum + 1, code: "too_big", path: [], what: "maximum + 1" });
  if (c.exclusiveMaximum !== undefined) {
    out.push({ value: c.exclusiveMaximum, code: "too_big", path: [], what: "exclusiveMaximum" });
  }
  if (c.multipleOf !== undefined) {
    const off = integral ? (c.multipleOf > 1 ? 1 : undefined) : c.multipleOf / 2;
    if (off !== undefined)
      out.push({ value: value + off, code: "not_multiple_of", path: [], what: "off the multiple" });
  }
  return out;
}

/**
 * Integers within the constraints, biased to the bounds and zero.
 * @example integer({ minimum: 0, maximum: 100 })
 */
export function integer(c: NumberConstraints = {}): Gen<number> {
  const [lo, hi] = intBounds(c);
  const m = c.multipleOf;
  let arbitrary: fc.Arbitrary<number>;
  if (m !== undefined) {
    const klo = Math.ceil(lo / m);
    const khi = Math.floor(hi / m);
    if (klo > khi) throw new RangeError(`No multiple of ${m} lies in [${lo}, ${hi}].`);
    const general = fc.integer({ min: klo, max: khi }).map((k) => k * m);
    arbitrary = biased([klo * m, khi * m], general).filter((v) => Number.isInteger(v / m));
  } else {
    const bounds = [lo, hi, lo + 1, hi - 1, 0, 1, -1].filter((v) => v >= lo && v <= hi);
    arbitrary = biased(bounds, fc.integer({ min: lo, max: hi }));
  }
  return { arbitrary, mutants: (v) => numberMutants(v, c, true) };
}

/**
 * Finite numbers (no NaN, no -0) within the constraints, biased to the bounds and zero.
 * @example number({ minimum: 0, exclusiveMaximum: 1 })
 */
export function number(c: NumberConstraints = {}): Gen<number> {
  const min = Math.max(c.minimum ?? -Number.MAX_VALUE, c.exclusiveMinimum ?? -Number.MAX_VALUE);
  const max = Math.min(c.maximum ?? Number.MAX_VALUE, c.exclusiveMaximum ?? Number.MAX_VALUE);
  const minExcluded =
    c.exclusiveMinimum !== undefined && c.exclusiveMinimum >= (c.minimum ?? -Infinity);
  const maxExcluded =
    c.exclusiveMaximum !== undefined && c.exclusiveMaximum <= (c.maximum ?? Infinity);
  let arbitrary: fc.Arbitrary<number>;
  const m = c.multipleOf;
  if (m !== undefined) {
    const klo = Math.ceil(min / m) + (minExcluded && Number.isInteger(min / m) ? 1 : 0);
    const khi = Math.floor(max / m) - (maxExcluded && Number.isInteger(max / m) ? 1 : 0);
    const kmin = Math.max(klo, Number.MIN_SAFE_INTEGER);
    const kmax = Math.min(khi, Number.MAX_SAFE_INTEGER);
    arbitrary = fc
      .integer({ min: Math.max(kmin, -INT_SPAN), max: Math.min(kmax, INT_SPAN) })
      .map((k) => k * m + 0)
      .filter((v) => Number.isInteger(v / m) && v >= min && v <= max);
  } else {
    const general = fc
      .double({ min, max, minExcluded, maxExcluded, noNaN: true, noDefaultInfinity: true })
      .map((v) => (v === 0 ? 0 : v));
    const bounds = [minExcluded ? undefined : min, maxExcluded ? undefined : max, 0];
    arbitrary = biased(
      bounds.filter(
        (v): v is number => v !== undefined && v >= min && v <= max && !(v === min && minExcluded),
      ),
      general,
    );
  }
  return { arbitrary, mutants: (v) => numberMutants(v, c, false) };
}

/** Booleans. */
export function boolean(): Gen<boolean> {
  return {
    arbitrary: fc.boolean(),
    mutants: (v) => [
      { value: String(v), code: "invalid_type", path: [], what: "boolean as string" },
    ],
  };
}

/** Exactly `null` (the output of an operation that returns nothing). */
export function nullValue(): Gen<null> {
  return {
    arbitrary: fc.constant(null),
    mutants: () => [{ value: 0, code: "invalid_type", path: [], what: "0 for null" }],
  };
}

/**
 * One of a closed set of strings.
 * @example enumOf(["card", "bank"] as const)
 */
export function enumOf<const T extends string>(values: readonly T[]): Gen<T> {
  const outside = `${values.join("|")}~`;
  return {
    arbitrary: fc.constantFrom(...values),
    mutants: () => [
      { value: outside, code: "invalid_enum", path: [], what: "value outside the enum" },
      { value: 0, code: "invalid_type", path: [], what: "number for enum" },
    ],
  };
}

/** A JSON key with sorted object keys, for uniqueness of structured values. */
function canonicalKey(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) =>
    x !== null && typeof x === "object" && !Array.isArray(x)
      ? Object.fromEntries(
          Object.entries(x as Record<string, unknown>).sort(([a], [b]) =>
            a < b ? -1 : a > b ? 1 : 0,
          ),
        )
      : x,
  );
}

function prefixed(path: string | number, ms: readonly Mutant[]): Mutant[] {
  return ms.map((m) => ({ ...m, path: [path, ...m.path] }));
}

/**
 * Arrays within the item-count bounds, biased to empty/min and max length.
 * @example array(genLineItem, { maxItems: 50 })
 */
export function array<T>(item: Gen<T>, c: ArrayConstraints = {}): Gen<T[]> {
  const minLength = c.minItems ?? 0;
  const maxLength = c.maxItems;
  const make = (lo: number, hi: number | undefined): fc.Arbitrary<T[]> => {
    const bounds = { minLength: lo, ...(hi !== undefined ? { maxLength: hi } : {}) };
    return c.uniqueItems === true
      ? fc.uniqueArray(item.arbitrary, { ...bounds, selector: canonicalKey })
      : fc.array(item.arbitrary, bounds);
  };
  const edges = [make(minLength, minLength)];
  if (maxLength !== undefined && maxLength <= 64 && maxLength !== minLength)
    edges.push(make(maxLength, maxLength));
  const arbitrary = fc.oneof(...edges.map((arbitrary) => ({ arbitrary, weight: 1 })), {
    arbitrary: make(minLength, maxLength),
    weight: 3,
  });
  const mutants = (v: T[]): Mutant[] => {
    const out: Mutant[] = [
      { value: { length: v.length }, code: "invalid_type", path: [], what: "object for array" },
    ];
    if (minLength > 0)
      out.push({
        value: v.slice(0, minLength - 1),
        code: "too_few_items",
        path: [],
        what: "minItems - 1",
      });
    if (maxLength !== undefined && v.length > 0) {
      const filled = Array.from({ length: maxLength + 1 }, (_, i) => v[i % v.length]);
      out.push({ value: filled, code: "too_many_items", path: [], what: "maxItems + 1" });
    }
    if (c.uniqueItems === true && v.length > 0) {
      out.push({ value: [...v, v[0]], code: "duplicate_items", path: [], what: "duplicate item" });
    }
    if (v.length > 0) {
      for (const m of item.mutants(v[0]))
        out.push(...prefixed(0, [{ ...m, value: [m.value, ...v.slice(1)] }]));
    }
    return out;
  };
  return { arbitrary, mutants };
}

/** The field generators of a record: one per key, optional keys included (without `undefined`). */
export type FieldGens<T> = { readonly [K in keyof T]-?: Gen<Exclude<T[K], undefined>> };

const EXTRA_KEY = "__intentc_unknown__";

/**
 * Objects with the given fields; keys in `optional` are sometimes absent. Unknown keys are
 * never generated (contracts are closed).
 * @example record<LineItem>({ sku: genSku, qty: integer({ minimum: 1 }) }, [])
 */
export function record<T extends object>(
  fields: FieldGens<T>,
  optional: readonly (keyof T & string)[],
): Gen<T> {
  const keys = Object.keys(fields).sort() as (keyof T & string)[];
  const shape: Record<string, fc.Arbitrary<unknown>> = {};
  for (const k of keys) shape[k] = (fields[k] as Gen<unknown>).arbitrary;
  const requiredKeys = keys.filter((k) => !optional.includes(k));
  const arbitrary = fc.record(shape, {
    requiredKeys,
    noNullPrototype: true,
  }) as unknown as fc.Arbitrary<T>;
  const mutants = (v: T): Mutant[] => {
    const obj = v as Record<string, unknown>;
    const out: Mutant[] = [
      { value: null, code: "invalid_type", path: [], what: "null for object" },
      {
        value: { ...obj, [EXTRA_KEY]: 1 },
        code: "unknown_key",
        path: [EXTRA_KEY],
        what: "unknown key",
      },
    ];
    for (const k of requiredKeys) {
      const rest = { ...obj };
      delete rest[k];
      out.push({ value: rest, code: "required", path: [k], what: `missing '${k}'` });
    }
    for (const k of keys) {
      if (!Object.prototype.hasOwnProperty.call(obj, k) || obj[k] === undefined) continue;
      const gen = fields[k] as Gen<unknown>;
      for (const m of gen.mutants(obj[k]))
        out.push(...prefixed(k, [{ ...m, value: { ...obj, [k]: m.value } }]));
    }
    return out;
  };
  return { arbitrary, mutants };
}

/** An arbitrary that resolves its target on first use (cross-module and recursive references). */
class LazyArbitrary<T> extends fc.Arbitrary<T> {
  private target: fc.Arbitrary<T> | undefined;
  constructor(private readonly thunk: () => fc.Arbitrary<T>) {
    super();
  }
  private get(): fc.Arbitrary<T> {
    this.target ??= this.thunk();
    return this.target;
  }
  generate(mrng: fc.Random, biasFactor: number | undefined): fc.Value<T> {
    return this.get().generate(mrng, biasFactor);
  }
  canShrinkWithoutContext(value: unknown): value is T {
    return this.get().canShrinkWithoutContext(value);
  }
  shrink(value: T, context: unknown): fc.Stream<fc.Value<T>> {
    return this.get().shrink(value, context);
  }
}

/**
 * A generator defined later or in another module (keeps shrinking intact).
 * @example lazy(() => $orders.genSku)
 */
export function lazy<T>(thunk: () => Gen<T>): Gen<T> {
  return {
    arbitrary: new LazyArbitrary(() => thunk().arbitrary),
    mutants: (v) => thunk().mutants(v),
  };
}
