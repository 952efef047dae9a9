/**
 * The expression cache: what parsing and type-checking an expression produced, remembered across
 * runs so that a `check`/`explore` whose expressions did not change never loads TypeScript.
 *
 * Entries are keyed by a sha256 of exactly what the result depends on (the expression source
 * and its name scope for a parse; the generated declaration and wrapper texts for a type-check;
 * the ts-morph version for both). Results hold offsets, never YAML positions: positions are
 * computed fresh from the Expr on every run, so a hit gives exactly the diagnostics a fresh
 * check gives. This module only holds the entries in memory; the CLI loads and stores them
 * (cli/expr-cache-store.ts), tied to intentc's code hash. Off unless enabled: library callers
 * and tests see no cache.
 */
import { createHash } from "node:crypto";
import { tsMorphVersion } from "./ts-lazy.js";

/** Most entries kept for storing; the ones used by this run come first. */
export const MAX_EXPR_CACHE_ENTRIES = 20_000;
/** Most entries kept that this run did not use (other intent dirs, recent edits). */
export const MAX_UNUSED_EXPR_CACHE_ENTRIES = 2_000;

interface CacheState {
  readonly entries: Map<string, unknown>;
  readonly used: Set<string>;
  dirty: boolean;
  hits: number;
  misses: number;
}

let state: CacheState | undefined;

/** Turn the cache on with previously stored entries (values are re-validated on use). */
export function useExprCache(entries: Iterable<readonly [string, unknown]>): void {
  state = { entries: new Map(entries), used: new Set(), dirty: false, hits: 0, misses: 0 };
}

/** Turn the cache off (results not taken with {@link takeExprCacheChanges} are dropped). */
export function disableExprCache(): void {
  state = undefined;
}

/** Lookups answered from the cache and computed since it was turned on (undefined when off). */
export function exprCacheStats(): { readonly hits: number; readonly misses: number } | undefined {
  return state && { hits: state.hits, misses: state.misses };
}

/** The cache key for a result of `kind` computed from `parts` (JSON data). */
export function exprCacheKey(kind: string, parts: unknown): string {
  return `${kind}:${createHash("sha256").update(JSON.stringify([tsMorphVersion(), parts])).digest("hex")}`;
}

/**
 * The cached value for `key` when the cache is on and holds a valid one; otherwise `compute()`,
 * remembered when the cache is on. Either way the value is what `compute()` returns.
 */
export function cachedExpr<T>(key: () => string, compute: () => T, valid: (v: unknown) => v is T): T {
  if (state === undefined) return compute();
  const k = key();
  state.used.add(k);
  const hit = state.entries.get(k);
  if (hit !== undefined && valid(hit)) {
    state.hits++;
    return hit;
  }
  state.misses++;
  const value = compute();
  state.entries.set(k, value);
  state.dirty = true;
  return value;
}

/**
 * The entries to store when something new was computed since the last call (used ones first,
 * then the most recent unused ones, bounded); undefined when nothing changed or the cache is off.
 */
export function takeExprCacheChanges(): [string, unknown][] | undefined {
  const s = state;
  if (s === undefined || !s.dirty) return undefined;
  s.dirty = false;
  const unused = [...s.entries.keys()].filter((k) => !s.used.has(k)).slice(0, MAX_UNUSED_EXPR_CACHE_ENTRIES);
  return [...s.used, ...unused].slice(0, MAX_EXPR_CACHE_ENTRIES).flatMap((k) => (s.entries.has(k) ? [[k, s.entries.get(k)]] : []));
}
