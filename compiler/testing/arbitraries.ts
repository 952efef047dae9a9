/**
 * Combinators generated arbitraries call: each builds a {@link Gen} — a fast-check arbitrary
 * biased to boundary values (min, max, empty, lengths), valid by construction for the contract,
 * plus `mutants(value)`: near-miss values that the contract's validator must reject, each with
 * the issue code and path it must report.
 */
import * as fc from "fast-check";
import type { IssueCode, IssuePath } from "../../runtime/issues.js";
import { re2RegExp } from "../../runtime/re2.js";

export { fc };

/** A value that must fail validation with `code` at `path`. */
export interface Mutant {
  readonly value: unknown;
  readonly code: IssueCode;
  readonly path: IssuePath;
  /** What was changed (for failure messages). */
  readonly what: string;
}

/** An arbitrary of contract values plus the mutations that break them. */
export interface Gen<T> {
  readonly arbitrary: fc.Arbitrary<T>;
  mutants(value: T): Mutant[];
}

/** Constraints of `integer` and `number` (JSON Schema keywords). */
export interface NumberConstraints {
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: number;
  readonly exclusiveMaximum?: number;
  readonly multipleOf?: number;
}

/** Constraints of `string`. `pattern` is RE2 syntax (checked with re2js). */
export interface StringConstraints {
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly pattern?: string;
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

/** Length in code points, as JSON Schema counts it. */
function codePoints(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/**
 * One code point per unit: mostly printable ASCII, sometimes a character that trips naive code
 * (NUL, U+2028, a quote, an astral emoji that is two UTF-16 units). fast-check's `binary` unit
 * costs seconds to initialise, too slow for many small test files.
 */
const CODE_POINT: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), weight: 8 },
  {
    arbitrary: fc.constantFrom("\u0000", "\u2028", '"', "é", "\u{1F600}", "\u{10FFFF}"),
    weight: 1,
  },
);

function canGenerate(source: string): boolean {
  try {
    fc.sample(fc.stringMatching(new RegExp(source, "u")), { numRuns: 1, seed: 1 });
    return true;
  } catch {
    return false;
  }
}

const POSIX_CLASSES: Readonly<Record<string, string>> = {
  alpha: "A-Za-z",
  digit: "0-9",
  alnum: "A-Za-z0-9",
  upper: "A-Z",
  lower: "a-z",
  space: "\\s",
  xdigit: "0-9A-Fa-f",
  word: "\\w",
};

/**
 * A JavaScript RegExp source fast-check can generate from for an RE2 `pattern`: the pattern
 * itself, or a translation of common RE2-only syntax (`(?P<n>`, `\A`, `\z`, `[[:alpha:]]`);
 * undefined when neither works. Generated strings are always re-checked with RE2.
 */
export function jsPatternFor(pattern: string): string | undefined {
  if (canGenerate(pattern)) return pattern;
  const translated = pattern
    .replace(/\(\?P</g, "(?<")
    .replace(/\\A/g, "^")
    .replace(/\\z/g, "$")
    .replace(/\[:(\w+):\]/g, (m, name: string) => POSIX_CLASSES[name] ?? m);
  return translated !== pattern && canGenerate(translated) ? translated : undefined;
}

/** True when property tests can generate strings for `pattern` directly (no IC5004 fallback). */
export function patternGeneratable(pattern: string): boolean {
  return jsPatternFor(pattern) !== undefined;
}

/** A filter that gives up loudly instead of spinning forever on a predicate it cannot satisfy. */
function boundedFilter<T>(
  arb: fc.Arbitrary<T>,
  ok: (v: T) => boolean,
  what: string,
): fc.Arbitrary<T> {
  let misses = 0;
  return arb.filter((v) => {
    if (ok(v)) {
      misses = 0;
      return true;
    }
    if (++misses > 10_000) throw new Error(`Cannot generate values for ${what} (see IC5004).`);
    return false;
  });
}

/**
 * Strings within the length bounds (counted in code points), biased to the min and max
 * length. With a `pattern`, values come from fast-check's `stringMatching` (on the pattern or
 * its JS translation, {@link jsPatternFor}) and are kept only when the RE2 engine agrees (the
 * validator's engine) and the length fits. Fallback, when no JS form exists: random strings
 * filtered by RE2, giving up with an error after 10 000 misses in a row (the compiler warns,
 * IC5004).
 * @example string({ minLength: 1, maxLength: 64 })
 */
export function string(c: StringConstraints = {}): Gen<string> {
  const minLength = c.minLength ?? 0;
  const maxLength = c.maxLength;
  const lengthOk = (s: string): boolean => {
    const n = codePoints(s);
    return n >= minLength && (maxLength === undefined || n <= maxLength);
  };
  let arbitrary: fc.Arbitrary<string>;
  const rx = c.pattern !== undefined ? re2RegExp(c.pattern, "u") : undefined;
  if (c.pattern !== undefined && rx !== undefined) {
    const js = jsPatternFor(c.pattern);
    const source =
      js !== undefined
        ? fc.stringMatching(new RegExp(js, "u"))
        : fc.string({
            unit: CODE_POINT,
            minLength,
            ...(maxLength !== undefined ? { maxLength } : {}),
          });
    arbitrary = boundedFilter(
      source,
      (s) => rx.test(s) && lengthOk(s),
      `pattern ${JSON.stringify(c.pattern)}`,
    );
  } else {
    const ofLength = (n: number) => fc.string({ unit: CODE_POINT, minLength: n, maxLength: n });
    const general = fc.string({
      unit: CODE_POINT,
      minLength,
      ...(maxLength !== undefined ? { maxLength } : {}),
    });
    const edges = [ofLength(minLength), ...(maxLength !== undefined ? [ofLength(maxLength)] : [])];
    arbitrary = fc.oneof(...edges.map((arbitrary) => ({ arbitrary, weight: 1 })), {
      arbitrary: general,
      weight: 3,
    });
  }
  const mutants = (v: string): Mutant[] => {
    const out: Mutant[] = [
      { value: 42, code: "invalid_type", path: [], what: "number for string" },
    ];
    if (minLength > 0)
      out.push({
        value: "a".repeat(minLength - 1),
        code: "too_short",
        path: [],
        what: "minLength - 1",
      });
    if (maxLength !== undefined)
      out.push({
        value: "a".repeat(maxLength + 1),
        code: "too_long",
        path: [],
        what: "maxLength + 1",
      });
    if (rx !== undefined) {
      const miss = [`${v}\u0000!`, `!\u0000${v}`, "", "\u0000", `${v}${v}`].find(
        (s) => !rx.test(s),
      );
      if (miss !== undefined)
        out.push({ value: miss, code: "invalid_pattern", path: [], what: "pattern mismatch" });
    }
    return out;
  };
  return { arbitrary, mutants };
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

/** Options for {@link runProperty}. */
export interface RunPropertyOptions {
  /**
   * Runs per property (env `INTENTC_NUM_RUNS` overrides).
   * @default 50
   */
  readonly numRuns?: number;
}

/**
 * Run a property with fast-check. On failure the error names the seed and path; replay exactly
 * that run with env `INTENTC_SEED=<seed> INTENTC_PATH=<path>`.
 * @example runProperty(fc.property(arbMoney, (m) => validateMoney(m).ok));
 */
export function runProperty<Ts>(
  property: fc.IProperty<Ts>,
  options: RunPropertyOptions = {},
): void {
  const env = process.env;
  const params: fc.Parameters<Ts> = {
    numRuns:
      env.INTENTC_NUM_RUNS !== undefined ? Number(env.INTENTC_NUM_RUNS) : (options.numRuns ?? 50),
    ...(env.INTENTC_SEED !== undefined ? { seed: Number(env.INTENTC_SEED) } : {}),
    ...(env.INTENTC_PATH !== undefined ? { path: env.INTENTC_PATH } : {}),
  };
  const details = fc.check(property, params);
  if (!details.failed) return;
  const replay = `INTENTC_SEED=${details.seed}${details.counterexamplePath !== null ? ` INTENTC_PATH=${details.counterexamplePath}` : ""}`;
  const report = fc.defaultReportMessage(details) ?? "Property failed.";
  const cause =
    details.errorInstance instanceof Error
      ? details.errorInstance.message
      : String(details.errorInstance);
  throw new Error(`${report}\n${cause}\nReplay with: ${replay}`);
}

/** The part of a validator's Result the checks read. */
type CheckResult =
  | { readonly ok: true; readonly value: unknown }
  | {
      readonly ok: false;
      readonly issues: readonly { readonly code: string; readonly path: IssuePath }[];
    };

function show(v: unknown): string {
  return fc.stringify(v);
}

/**
 * Property: every generated value passes the validator, unchanged, also after a JSON round trip.
 * @example checkGeneratedValid(genMoney, validateMoney)
 */
export function checkGeneratedValid<T>(
  gen: Gen<T>,
  validate: (v: unknown) => CheckResult,
  options: RunPropertyOptions = {},
): void {
  runProperty(
    fc.property(gen.arbitrary, (value) => {
      const r = validate(value);
      if (!r.ok) throw new Error(`Generated value ${show(value)} was rejected: ${show(r.issues)}`);
      if (r.value !== value) throw new Error("The validator returned a different value.");
      const copy: unknown = JSON.parse(JSON.stringify(value ?? null));
      const r2 = validate(copy);
      if (!r2.ok) throw new Error(`JSON copy of ${show(value)} was rejected: ${show(r2.issues)}`);
      if (show(copy) !== show(value))
        throw new Error(`JSON round trip changed ${show(value)} into ${show(copy)}`);
    }),
    options,
  );
}

function samePath(a: IssuePath, b: IssuePath): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/**
 * Property: every mutant of a generated value fails the validator with its expected code at its
 * expected path.
 * @example checkMutantsRejected(genOrder, validateOrder)
 */
export function checkMutantsRejected<T>(
  gen: Gen<T>,
  validate: (v: unknown) => CheckResult,
  options: RunPropertyOptions = {},
): void {
  runProperty(
    fc.property(gen.arbitrary, (value) => {
      const mutants = gen.mutants(value);
      if (mutants.length === 0) throw new Error(`No mutants for ${show(value)}.`);
      for (const m of mutants) {
        const r = validate(m.value);
        if (r.ok) throw new Error(`Mutant (${m.what}) ${show(m.value)} was accepted.`);
        if (!r.issues.some((i) => i.code === m.code && samePath(i.path, m.path))) {
          throw new Error(
            `Mutant (${m.what}) ${show(m.value)}: expected ${m.code} at ${show(m.path)}, got ${show(r.issues)}`,
          );
        }
      }
    }),
    { numRuns: 25, ...options },
  );
}

/** The part of an invariant definition the checks read. */
interface InvariantLike<T> {
  readonly id: string;
  readonly step: boolean;
  check(prev: T | undefined, next: T): boolean;
}

/**
 * Property: on generated entities every invariant evaluates to a boolean without throwing, step
 * invariants hold without `prev`, and the entity checker reports exactly the invariants whose
 * predicate is false.
 * @example checkInvariantsEvaluate(arbOrder, invariantsOfOrder, checkOrderInvariants)
 */
export function checkInvariantsEvaluate<T>(
  arbitrary: fc.Arbitrary<T>,
  invariants: readonly InvariantLike<T>[],
  checkAll: (prev: T | undefined, next: T) => readonly { readonly id: string }[],
  options: RunPropertyOptions = {},
): void {
  runProperty(
    fc.property(fc.option(arbitrary, { nil: undefined }), arbitrary, (prev, next) => {
      const failing: string[] = [];
      for (const inv of invariants) {
        const holds: unknown = inv.check(prev, next);
        if (typeof holds !== "boolean")
          throw new Error(`${inv.id} returned ${show(holds)}, not a boolean.`);
        if (inv.step && prev === undefined && !holds)
          throw new Error(`Step invariant ${inv.id} failed without prev.`);
        if (!holds) failing.push(inv.id);
      }
      const reported = checkAll(prev, next).map((v) => v.id);
      if (show(reported) !== show(failing))
        throw new Error(`Checker reported ${show(reported)}, predicates ${show(failing)}.`);
    }),
    options,
  );
}
