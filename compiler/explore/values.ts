/**
 * Small boundary-biased value domains for intent types (initial fields and event payloads), and
 * an in-process check that a value fits its type (for effects that break a field's contract).
 */
import { createRequire } from "node:module";
import type fcModule from "fast-check";
import { describeMisfit, matchesPattern, misfit } from "../ir/conform.js";
import { derivation, derived } from "../ir/derived.js";
import type { Field, MapType, Program, Ref, TypeExpr } from "../ir/types.js";

// Process-wide lazy load of a constant: fast-check, only needed for string patterns.
let libs: { readonly fc: typeof fcModule } | undefined;
function lazy(): NonNullable<typeof libs> {
  const require = createRequire(import.meta.url);
  libs ??= { fc: require("fast-check") as typeof fcModule };
  return libs;
}

/** Look up named types, entities and machines of a Program. */
export interface TypeScope {
  /** Follow references until a non-reference type (entities become inline objects). */
  resolve(type: TypeExpr): TypeExpr;
  /** Fields of an entity or event, or undefined when it does not exist. */
  fieldsOf(ref: Ref, kind: "entity" | "event"): readonly Field[] | undefined;
}

/** One scope per Program: a build creates models of many machines of one Program. */
const TYPE_SCOPE = derivation("explorer type scope", (program: Program) => newTypeScope(program));

/** Domains of top-level fields already computed in a scope (fields are immutable IR nodes). */
const FIELD_DOMAINS = derivation(
  "field domains",
  (_: TypeScope) => new WeakMap<Field, unknown[]>(),
);

/** Whether fields are exhaustive, as computed in a scope. */
const FIELD_EXHAUSTIVE = derivation(
  "field exhaustive",
  (_: TypeScope) => new WeakMap<Field, boolean>(),
);

/** The type scope over a Program (one per Program; it holds no state besides caches). */
export function createTypeScope(program: Program): TypeScope {
  return derived(program, TYPE_SCOPE);
}

function newTypeScope(program: Program): TypeScope {
  const byDomain = new Map(program.domains.map((d) => [d.name, d]));
  const resolve = (type: TypeExpr, depth = 0): TypeExpr => {
    if (depth > 32) return { kind: "object", fields: [] };
    if (type.kind === "ref") {
      const d = byDomain.get(type.ref.domain);
      if (type.target === "entity") {
        const e = d?.entities.find((x) => x.name === type.ref.name);
        return { kind: "object", fields: e?.fields ?? [] };
      }
      const t = d?.types.find((x) => x.name === type.ref.name);
      return t === undefined ? { kind: "object", fields: [] } : resolve(t.type, depth + 1);
    }
    if (type.kind === "state") {
      const m = byDomain
        .get(type.machine.domain)
        ?.machines.find((x) => x.name === type.machine.name);
      return { kind: "enum", values: m?.states.map((s) => s.name) ?? [] };
    }
    return type;
  };
  return {
    resolve: (t) => resolve(t),
    fieldsOf(ref, kind) {
      const d = byDomain.get(ref.domain);
      const list = kind === "entity" ? d?.entities : d?.events;
      return list?.find((x) => x.name === ref.name)?.fields;
    },
  };
}

/** Most values a nested object or array domain may hold (keeps products small). */
const NESTED_CAP = 6;

/**
 * Values of a type: every value of a finite type of at most {@link EXHAUSTIVE_BOUND} values
 * (see {@link domainExhaustive}), else boundary-biased samples: min, min+1, 0, max-1, max for
 * numbers, and so on.
 */
export function domainOf(scope: TypeScope, type: TypeExpr, depth = 0): unknown[] {
  const t = scope.resolve(type);
  switch (t.kind) {
    case "primitive":
      return primitiveDomain(t.name, t.constraints);
    case "enum":
      return [...t.values];
    case "array": {
      const min = t.minItems ?? 0;
      const items = depth > 4 ? [] : domainOf(scope, t.items, depth + 1);
      const out: unknown[] = [];
      if (min === 0) out.push([]);
      if (items.length > 0) {
        const n = Math.max(1, min);
        if (t.maxItems === undefined || n <= t.maxItems) {
          const uniq = t.uniqueItems === true;
          if (!uniq || items.length >= n)
            out.push(Array.from({ length: n }, (_, i) => items[uniq ? i : 0]));
        }
      }
      return out;
    }
    case "map":
      return mapDomain(scope, t, depth);
    case "object": {
      if (depth > 4) return [];
      const fields = t.fields.map((f) => ({ f, values: fieldDomain(scope, f, depth + 1) }));
      if (fields.some((x) => x.values.length === 0)) return [];
      const base: Record<string, unknown> = {};
      for (const { f, values } of fields) if (values[0] !== undefined) base[f.name] = values[0];
      const out: unknown[] = [base];
      for (const { f, values } of fields) {
        for (const v of values.slice(1)) {
          if (out.length >= NESTED_CAP) return out;
          const o: Record<string, unknown> = { ...base };
          if (v === undefined) delete o[f.name];
          else o[f.name] = v;
          out.push(o);
        }
      }
      return out;
    }
    default:
      return [];
  }
}

/**
 * Most values of a map or set type enumerated exhaustively: every map from its keys to its value
 * domain when there are at most this many (a set of 12 keys, 3 accounts with balances 0..15);
 * beyond it a map is sampled (each value for every key, then each value at each key) and the
 * exploration says "sampled".
 */
export const MAP_BOUND = 4096;

/** Every map of a map type (keys in declaration order) when at most {@link MAP_BOUND}, else samples. */
function mapDomain(scope: TypeScope, t: MapType, depth: number): unknown[] {
  if (depth > 4) return [];
  const keys = t.keyValues;
  const values = domainOf(scope, t.values, depth + 1);
  if (values.length === 0) return keys.length === 0 ? [{}] : [];
  const make = (pick: (i: number) => unknown) => {
    const m: Record<string, unknown> = {};
    keys.forEach((k, i) =>
      Object.defineProperty(m, k, {
        value: pick(i),
        enumerable: true,
        writable: true,
        configurable: true,
      }),
    );
    return m;
  };
  if (mapSize(keys.length, values.length) <= MAP_BOUND) {
    const out: unknown[] = [];
    const idx = keys.map(() => 0);
    for (;;) {
      out.push(make((i) => values[idx[i]]));
      let k = keys.length - 1;
      while (k >= 0 && ++idx[k] === values.length) idx[k--] = 0;
      if (k < 0) return out;
    }
  }
  const out: unknown[] = values.map((v) => make(() => v));
  for (let i = 0; i < keys.length; i++)
    for (const v of values.slice(1)) out.push(make((j) => (j === i ? v : values[0])));
  return out;
}

/** |values|^|keys|, stopping above {@link MAP_BOUND}. */
function mapSize(keys: number, values: number): number {
  let n = 1;
  for (let i = 0; i < keys && n <= MAP_BOUND; i++) n *= values;
  return n;
}

/**
 * Domain of a field: its type's domain, plus `undefined` first when the field is optional. The
 * list of a top-level field is computed once per scope and shared: callers must not mutate it.
 */
export function fieldDomain(scope: TypeScope, field: Field, depth = 0): unknown[] {
  if (depth > 0) return computeFieldDomain(scope, field, depth);
  const byField = derived(scope, FIELD_DOMAINS);
  let values = byField.get(field);
  if (values === undefined) {
    values = computeFieldDomain(scope, field, 0);
    byField.set(field, values);
  }
  return values;
}

function computeFieldDomain(scope: TypeScope, field: Field, depth: number): unknown[] {
  const values = domainOf(scope, field.type, depth);
  return field.optional ? [undefined, ...values] : values;
}

/**
 * Most values of a finite field domain enumerated exhaustively: a bounded integer (or a bounded
 * number with `multipleOf`) with at most this many values takes every one of them; a wider one is
 * sampled at its boundaries and the exploration says "sampled" and names it.
 */
export const EXHAUSTIVE_BOUND = 64;

/** Every value of a bounded numeric type when there are at most {@link EXHAUSTIVE_BOUND}, else undefined. */
function enumerated(int: boolean, c: import("../ir/types.js").Constraints): number[] | undefined {
  const step = int
    ? c.multipleOf !== undefined && Number.isInteger(c.multipleOf) && c.multipleOf > 0
      ? c.multipleOf
      : 1
    : c.multipleOf;
  if (step === undefined || !(step > 0) || !Number.isFinite(step)) return undefined;
  let lo = c.minimum;
  if (c.exclusiveMinimum !== undefined && (lo === undefined || c.exclusiveMinimum >= lo))
    lo = c.exclusiveMinimum;
  let hi = c.maximum;
  if (c.exclusiveMaximum !== undefined && (hi === undefined || c.exclusiveMaximum <= hi))
    hi = c.exclusiveMaximum;
  if (lo === undefined || hi === undefined || !Number.isFinite(lo) || !Number.isFinite(hi))
    return undefined;
  const first = Math.ceil(lo / step - 1e-9);
  const last = Math.floor(hi / step + 1e-9);
  if (last - first + 1 > EXHAUSTIVE_BOUND) return undefined;
  const out: number[] = [];
  for (let k = first; k <= last; k++) {
    const v = int ? k * step : Number((k * step).toPrecision(12));
    if (typeProblemOfNumber(int, c, v) === undefined) out.push(v === 0 ? 0 : v);
  }
  return out;
}

function typeProblemOfNumber(
  int: boolean,
  c: import("../ir/types.js").Constraints,
  v: number,
): string | undefined {
  return typeProblem(
    EMPTY_SCOPE,
    { kind: "primitive", name: int ? "integer" : "number", constraints: c },
    v,
  );
}

const EMPTY_SCOPE: TypeScope = {
  resolve: (t) => t,
  fieldsOf: () => undefined,
};

/**
 * Whether {@link domainOf} holds every value of a type (booleans, enums, machine states, bounded
 * numbers of at most {@link EXHAUSTIVE_BOUND} values, and objects built only of those with at
 * most one field of several values). Strings and arrays are always sampled.
 */
export function domainExhaustive(scope: TypeScope, type: TypeExpr, depth = 0): boolean {
  const t = scope.resolve(type);
  switch (t.kind) {
    case "primitive":
      if (t.name === "boolean") return true;
      if (t.name === "string") return t.constraints.maxLength === 0;
      return enumerated(t.name === "integer", t.constraints) !== undefined;
    case "enum":
      return true;
    case "array":
      return t.maxItems === 0;
    case "map":
      return (
        depth <= 4 &&
        domainExhaustive(scope, t.values, depth + 1) &&
        mapSize(t.keyValues.length, domainOf(scope, t.values, depth + 1).length) <= MAP_BOUND
      );
    case "object": {
      if (depth > 4) return false;
      let wide = 0;
      for (const f of t.fields) {
        if (!domainExhaustive(scope, f.type, depth + 1)) return false;
        if (fieldDomain(scope, f, depth + 1).length > 1) wide++;
      }
      return wide <= 1 && domainOf(scope, t, depth).length <= NESTED_CAP;
    }
    default:
      return false;
  }
}

/** Whether a field's values are all in its domain ({@link domainExhaustive} of its type), cached per scope. */
export function fieldExhaustive(scope: TypeScope, field: Field): boolean {
  const byField = derived(scope, FIELD_EXHAUSTIVE);
  let v = byField.get(field);
  if (v === undefined) {
    v = domainExhaustive(scope, field.type);
    byField.set(field, v);
  }
  return v;
}

function primitiveDomain(name: string, c: import("../ir/types.js").Constraints): unknown[] {
  if (name === "boolean") return [false, true];
  if (name === "string") return stringDomain(c);
  const int = name === "integer";
  const all = enumerated(int, c);
  if (all !== undefined) return all;
  let lo = c.minimum;
  if (c.exclusiveMinimum !== undefined)
    lo = int ? Math.floor(c.exclusiveMinimum) + 1 : c.exclusiveMinimum + 0.5;
  let hi = c.maximum;
  if (c.exclusiveMaximum !== undefined)
    hi = int ? Math.ceil(c.exclusiveMaximum) - 1 : c.exclusiveMaximum - 0.5;
  const step = int ? 1 : 0.5;
  const raw: number[] = [];
  if (lo !== undefined) raw.push(lo, lo + step);
  raw.push(0, 1);
  if (lo === undefined) raw.push(-1);
  if (hi !== undefined) raw.push(hi - step, hi);
  const fits = (n: number) =>
    (lo === undefined || n >= lo) &&
    (hi === undefined || n <= hi) &&
    (c.multipleOf === undefined ||
      Math.abs(n / c.multipleOf - Math.round(n / c.multipleOf)) < 1e-9);
  return [...new Set(raw.filter(fits))].sort((a, b) => a - b);
}

function stringDomain(c: import("../ir/types.js").Constraints): unknown[] {
  const min = c.minLength ?? 0;
  const max = c.maxLength ?? Infinity;
  const okLen = (s: string) => [...s].length >= min && [...s].length <= max;
  if (c.pattern !== undefined) {
    let re: RegExp;
    try {
      re = new RegExp(c.pattern, "u");
    } catch {
      return [];
    }
    // A fixed seed keeps exploration deterministic; one witness is enough for identifiers.
    // Sampling is slow, so witnesses are memoized per pattern and length bounds.
    const key = `${min}\u0000${max}\u0000${c.pattern}`;
    let hit = witnessCache.get(key);
    if (!witnessCache.has(key)) {
      const fc = lazy().fc;
      const samples = fc.sample(fc.stringMatching(re), { seed: 42, numRuns: 30 });
      const pattern = c.pattern;
      hit = samples.find((s) => okLen(s) && matchesPattern(pattern, s));
      witnessCache.set(key, hit);
    }
    return hit === undefined ? [] : [hit];
  }
  const out = ["", "a", "a".repeat(Math.max(min, 1))];
  if (max !== Infinity && max <= 64) out.push("a".repeat(max));
  return [...new Set(out.filter(okLen))];
}

// Process-wide memo of a pure function of its key (pattern and length bounds), not per Program:
// sampling is slow, and the language server and `build --watch` re-explore on every save.
const witnessCache = new Map<string, string | undefined>();

/** Why a value does not fit a type (a short phrase), or undefined when it fits (compiler/ir/conform.ts). */
export function typeProblem(scope: TypeScope, type: TypeExpr, value: unknown): string | undefined {
  const m = misfit(scope.resolve, type, value);
  return m === undefined ? undefined : describeMisfit(m);
}

/** Why a record does not fit a field list, or undefined. */
export function objectProblem(
  scope: TypeScope,
  fields: readonly Field[],
  value: unknown,
): string | undefined {
  return typeProblem(scope, { kind: "object", fields }, value);
}

/** Short printable form of a value for messages. */
export { show } from "../ir/conform.js";

/** Canonical JSON of a value (compiler/shared/canonical-json.ts): the key text of values. */
export { canonicalJson as canonical } from "../shared/canonical-json.js";
