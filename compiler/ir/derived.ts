/**
 * Derived data of the IR: the one place per-program state lives.
 *
 * The IR is immutable, so anything computed from a Program (an index of its invariants, its
 * contract model, a type resolver) or from one IR node (the AST of an expression) stays true for
 * that object's lifetime. Such a result is declared once as a named {@link Derivation} (the
 * function that computes it) and read with {@link derived}: the first read computes it, later
 * reads of the same object return the same value.
 *
 * The results live on the object they are derived from, in a store under a module-private symbol,
 * defined as a non-enumerable, non-writable own property. So, by construction:
 * - two Programs never share derived data (each has its own store; nothing is keyed globally);
 * - the store never reaches output: `JSON.stringify`, `Object.keys` (the lock's normalization,
 *   hashes, canonical JSON), spreads and `Object.assign` skip it (a `{ ...program, domains }`
 *   copy starts empty instead of inheriting results about other domains), structured clone
 *   (worker messages) drops it, and vitest's equality ignores it;
 * - it dies with the object (no global map to clear or leak in a long-running language server).
 *
 * Rules for a derivation: compute only from the owner (and what it contains) — a result that
 * resolves names across the Program is derived from the Program, never from a node that two
 * Programs might share; never mutate the owner; callers never mutate the result.
 */

/** A named pure function of one immutable IR object, computed at most once per object. */
export interface Derivation<O extends object, T> {
  readonly name: string;
  readonly compute: (owner: O) => T;
}

/** A named pure function of (IR object, key object), computed at most once per pair. */
export interface KeyedDerivation<O extends object, K extends object, T> {
  readonly name: string;
  readonly compute: (owner: O, key: K) => T;
}

type Store = Map<object, unknown>;

const STORE: unique symbol = Symbol("intentc.derived");

/** Declare a derivation (at module level: the Derivation object is the key of its result). */
export function derivation<O extends object, T>(
  name: string,
  compute: (owner: O) => T,
): Derivation<O, T> {
  return { name, compute };
}

/**
 * Declare a derivation with a second key: the result for each key object (a machine of the
 * Program, a previous lock) is computed once per owner.
 */
export function keyedDerivation<O extends object, K extends object, T>(
  name: string,
  compute: (owner: O, key: K) => T,
): KeyedDerivation<O, K, T> {
  return { name, compute };
}

/** The result of `d` for `owner`, computed on the first read. */
export function derived<O extends object, T>(owner: O, d: Derivation<O, T>): T;
/** The result of `d` for (`owner`, `key`), computed on the first read. */
export function derived<O extends object, K extends object, T>(
  owner: O,
  d: KeyedDerivation<O, K, T>,
  key: K,
): T;
export function derived<O extends object, K extends object, T>(
  owner: O,
  d: Derivation<O, T> | KeyedDerivation<O, K, T>,
  key?: K,
): T {
  const store = storeOf(owner);
  if (key === undefined) {
    const plain = d as Derivation<O, T>;
    if (store === undefined) return plain.compute(owner);
    const hit = store.get(d);
    if (hit !== undefined || store.has(d)) return hit as T;
    const value = plain.compute(owner);
    store.set(d, value);
    return value;
  }
  const keyed = d as KeyedDerivation<O, K, T>;
  if (store === undefined) return keyed.compute(owner, key);
  let byKey = store.get(d) as WeakMap<K, T> | undefined;
  if (byKey === undefined) store.set(d, (byKey = new WeakMap()));
  const hit = byKey.get(key);
  if (hit !== undefined || byKey.has(key)) return hit as T;
  const value = keyed.compute(owner, key);
  byKey.set(key, value);
  return value;
}

/**
 * The owner's own store, created on first use (Programs come from the binder, the lock file,
 * normalization, worker messages and tests alike: each gets its store when first derived from).
 * A frozen or sealed owner gets none: its results are computed on every read (still correct).
 */
function storeOf(owner: object): Store | undefined {
  if (Object.prototype.hasOwnProperty.call(owner, STORE))
    return (owner as { [STORE]: Store })[STORE];
  if (!Object.isExtensible(owner)) return undefined;
  const store: Store = new Map();
  Object.defineProperty(owner, STORE, { value: store, enumerable: false, writable: false });
  return store;
}
