/**
 * Maps and sets of intent expressions (`{ type: map, keys: K, values: V }`, `{ type: set, items: K }`
 * — a set is a map to boolean): the quantifiers `every`, `some`, `count`, `sum`, reads by key and
 * the updates of effects (`put` an entry, `putIn` a part deeper in). The quantifiers also range over an array (element, index): a flow
 * participant with `instances: n` is an array of records. Generated code calls them as
 * `$C.every(…)`, the explorer through the same object, so both have one meaning. Only own properties are ever read: a key that is not
 * one of the map's own keys reads `undefined`, never a property of Object.prototype.
 */

/** A map value: a plain object with one own property per key. */
export type MapValue<K extends string | number, V> = Readonly<Record<K, V>>;

const own = Object.prototype.hasOwnProperty;

/** Integer-like keys (`"0"`, `"-3"`): the keys of an integer-keyed map (enum keys never look like this). */
const INTEGER_KEY = /^(0|-?[1-9][0-9]*)$/;

/** The own keys, integer-like ones as numbers (an integer-keyed map's keys are numbers in expressions). */
function keysOf<K extends string | number>(m: MapValue<K, unknown>): K[] {
  return Object.keys(m).map((k) => (INTEGER_KEY.test(k) ? Number(k) : k)) as K[];
}

/** Whether the collection is an array (a participant's instances) rather than a map. */
function isArray<V>(m: MapValue<string | number, V> | readonly V[]): m is readonly V[] {
  return Array.isArray(m);
}

/** Whether `f(value, key)` holds for every entry (every element, with its index, of an array). */
function every<V>(m: readonly V[], f: (v: V, i: number) => boolean): boolean;
function every<K extends string | number, V>(
  m: MapValue<K, V>,
  f: (v: V, k: K) => boolean,
): boolean;
function every<K extends string | number, V>(
  m: MapValue<K, V> | readonly V[],
  f: (v: V, k: K) => boolean,
): boolean {
  if (isArray(m)) {
    for (let i = 0; i < m.length; i++) if (!f(m[i], i as K)) return false;
  } else for (const k of keysOf(m)) if (!f(m[k], k)) return false;
  return true;
}

/** Whether `f(value, key)` holds for some entry (some element of an array). */
function some<V>(m: readonly V[], f: (v: V, i: number) => boolean): boolean;
function some<K extends string | number, V>(m: MapValue<K, V>, f: (v: V, k: K) => boolean): boolean;
function some<K extends string | number, V>(
  m: MapValue<K, V> | readonly V[],
  f: (v: V, k: K) => boolean,
): boolean {
  if (isArray(m)) {
    for (let i = 0; i < m.length; i++) if (f(m[i], i as K)) return true;
  } else for (const k of keysOf(m)) if (f(m[k], k)) return true;
  return false;
}

/** How many entries (elements of an array) satisfy `f(value, key)`. */
function count<V>(m: readonly V[], f: (v: V, i: number) => boolean): number;
function count<K extends string | number, V>(m: MapValue<K, V>, f: (v: V, k: K) => boolean): number;
function count<K extends string | number, V>(
  m: MapValue<K, V> | readonly V[],
  f: (v: V, k: K) => boolean,
): number {
  let n = 0;
  if (isArray(m)) {
    for (let i = 0; i < m.length; i++) if (f(m[i], i as K)) n++;
  } else for (const k of keysOf(m)) if (f(m[k], k)) n++;
  return n;
}

/** The sum of `f(value, key)` over the entries (elements of an array; 0 when there are none). */
function sum<V>(m: readonly V[], f: (v: V, i: number) => number): number;
function sum<K extends string | number, V>(m: MapValue<K, V>, f: (v: V, k: K) => number): number;
function sum<K extends string | number, V>(
  m: MapValue<K, V> | readonly V[],
  f: (v: V, k: K) => number,
): number {
  let s = 0;
  if (isArray(m)) {
    for (let i = 0; i < m.length; i++) s += f(m[i], i as K);
  } else for (const k of keysOf(m)) s += f(m[k], k);
  return s;
}

/**
 * `m[k]` for a map, a record or an array: an own property only (`undefined` for a key the value
 * does not hold, never a property every object inherits).
 */
function at<T, K extends keyof T>(m: T, k: K): T[K] {
  return (own.call(m, k) ? m[k] : undefined) as T[K];
}

/** A copy of `m` with `k` set to `v` (key order kept; `m` is not changed). */
function put<K extends string | number, V>(m: MapValue<K, V>, k: K, v: V): Record<K, V> {
  const out = { ...m } as Record<K, V>;
  Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
  return out;
}

/** A key of a map entry or a record field on a path into a value. */
type PathKey = string | number;

/**
 * A copy of `m` with the part at `path` set to `v` — map entries and record fields, outermost
 * first (`putIn(accounts, [id, "balance"], 5)`); every value on the way is copied (key order kept),
 * `m` is not changed. The effect `"accounts[event.id].balance": v` compiles to it.
 */
function putIn<T, A extends keyof T & PathKey>(m: T, path: readonly [A], v: T[A]): T;
function putIn<T, A extends keyof T & PathKey, B extends keyof T[A] & PathKey>(
  m: T,
  path: readonly [A, B],
  v: T[A][B],
): T;
function putIn<
  T,
  A extends keyof T & PathKey,
  B extends keyof T[A] & PathKey,
  C extends keyof T[A][B] & PathKey,
>(m: T, path: readonly [A, B, C], v: T[A][B][C]): T;
function putIn<
  T,
  A extends keyof T & PathKey,
  B extends keyof T[A] & PathKey,
  C extends keyof T[A][B] & PathKey,
  D extends keyof T[A][B][C] & PathKey,
>(m: T, path: readonly [A, B, C, D], v: T[A][B][C][D]): T;
/** Deeper paths (five keys or more) are typed by the intent checker only. */
function putIn<T>(
  m: T,
  path: readonly [PathKey, PathKey, PathKey, PathKey, PathKey, ...PathKey[]],
  v: unknown,
): T;
function putIn(m: unknown, path: readonly PathKey[], v: unknown): unknown {
  return putPath(m, path, 0, v);
}

function putPath(m: unknown, path: readonly PathKey[], i: number, v: unknown): unknown {
  if (i === path.length) return v;
  // An absent value on the way (the checker refuses paths through optional ones) becomes a record.
  const o = (m ?? {}) as MapValue<PathKey, unknown>;
  return put(o, path[i], putPath(at(o, path[i]), path, i + 1, v));
}

/** The collection helpers generated code imports as `$C`. */
export const collections = Object.freeze({ every, some, count, sum, at, put, putIn });
