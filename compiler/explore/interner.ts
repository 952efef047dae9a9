/**
 * Value ids for the explorer's state keys (states.ts). Two values get the same id exactly when the
 * key text of the original encoding would be equal: `JSON.stringify` for primitives (so -0 is 0,
 * and NaN, the infinities and null are one value) and canonical JSON for objects. An id is `exact`
 * while every value given it is the same value (a finite number other than -0, a string, a
 * boolean, undefined); only then do equal ids mean equal values, which the search's invariant
 * shortcut relies on.
 */
import { canonical } from "./values.js";

export class Interner {
  static readonly UNDEFINED = 0;
  static readonly NULLISH = 1;
  static readonly FALSE = 2;
  static readonly TRUE = 3;
  private readonly numbers = new Map<number, number>();
  private readonly strings = new Map<string, number>();
  private readonly texts = new Map<string, number>();
  /**
   * Ids of the integers 0..SMALL-1 (0 when none yet): the id of `v` is at `v` in pages of
   * 2^PAGE_BITS entries, allocated as first used (the list grows to the last page used).
   */
  private readonly pages: (Int32Array | undefined)[] = [];
  /** The same for the integers -SMALL..-1: the id of `v` is at `-1 - v`. */
  private readonly negativePages: (Int32Array | undefined)[] = [];
  private next = 4;
  /** `inexact[id] === 1`: values given `id` may differ (see the module comment). */
  inexact = new Uint8Array(64);
  /** The first value given each id. */
  private readonly firsts: unknown[] = [undefined, null, false, true];
  /** Whether `id` ever returned an inexact id (until then every key is exact). */
  private sawInexact = false;

  constructor() {
    this.inexact[Interner.NULLISH] = 1;
  }

  /** Whether every id of `ids` from index `from` on is exact (equal ids, equal values). */
  exact(ids: Int32Array, from: number): boolean {
    if (!this.sawInexact) return true;
    const inexact = this.inexact;
    for (let k = from; k < ids.length; k++) if (inexact[ids[k]] === 1) return false;
    return true;
  }

  /** The value of an exact id (the first value given an inexact one). */
  valueOf(id: number): unknown {
    return this.firsts[id];
  }

  /** The id of `v`. */
  id(v: unknown): number {
    switch (typeof v) {
      case "number": {
        if ((v | 0) === v && v >= -SMALL && v < SMALL && (v !== 0 || 1 / v > 0)) {
          const at = v < 0 ? -1 - v : v;
          const pages = v < 0 ? this.negativePages : this.pages;
          const p = at >>> PAGE_BITS;
          const page = p < pages.length ? (pages[p] ??= newPage()) : grow(pages, p);
          const o = at & ((1 << PAGE_BITS) - 1);
          const id = page[o];
          return id !== 0 ? id : (page[o] = this.numberId(v));
        }
        if (!Number.isFinite(v)) return this.nullish();
        return this.numberId(v);
      }
      case "string": {
        let id = this.strings.get(v);
        if (id === undefined) {
          id = this.fresh(v);
          this.strings.set(v, id);
        }
        return id;
      }
      case "boolean":
        return v ? Interner.TRUE : Interner.FALSE;
      case "undefined":
        return Interner.UNDEFINED;
      default: {
        if (v === null) return this.nullish();
        // Objects by canonical JSON ('{…}' or '[…]'); other values (functions) by their JSON text.
        const text = typeof v === "object" ? canonical(v) : "~" + String(JSON.stringify(v));
        let id = this.texts.get(text);
        if (id === undefined) {
          id = this.fresh(v);
          this.texts.set(text, id);
          if (typeof v !== "object") this.inexact[id] = 1;
        } else if (this.inexact[id] === 0 && !same(this.firsts[id], v)) this.inexact[id] = 1;
        if (this.inexact[id] === 1) this.sawInexact = true;
        return id;
      }
    }
  }

  private numberId(v: number): number {
    let id = this.numbers.get(v);
    if (id === undefined) {
      id = this.fresh(v);
      this.numbers.set(v, id);
    }
    if (v === 0 && Object.is(v, -0)) {
      this.inexact[id] = 1;
      this.sawInexact = true;
    }
    return id;
  }

  private nullish(): number {
    this.sawInexact = true;
    return Interner.NULLISH;
  }

  private fresh(v: unknown): number {
    const id = this.next++;
    this.firsts.push(v);
    if (id >= this.inexact.length) {
      const grown = new Uint8Array(this.inexact.length * 2);
      grown.set(this.inexact);
      this.inexact = grown;
    }
    return id;
  }
}

/** Integers in -SMALL..SMALL-1 are looked up in arrays. */
const SMALL = 1 << 24;
const PAGE_BITS = 12;

const newPage = (): Int32Array => new Int32Array(1 << PAGE_BITS);

/** Page `p` of `pages`, new, the list grown to it (with no holes). */
function grow(pages: (Int32Array | undefined)[], p: number): Int32Array {
  while (pages.length < p) pages.push(undefined);
  const page = newPage();
  pages.push(page);
  return page;
}

/**
 * Whether two values are the same: numbers by `Object.is`, arrays item by item, plain objects
 * with the same keys in the same order (so that code iterating them sees no difference).
 */
function same(a: unknown, b: unknown): boolean {
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null)
    return Object.is(a, b);
  if (a === b) return true;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++)
      if (!(i in a) || !(i in b) || !same(a[i], b[i])) return false;
    return true;
  }
  if (
    Array.isArray(b) ||
    Object.getPrototypeOf(a) !== Object.prototype ||
    Object.getPrototypeOf(b) !== Object.prototype
  )
    return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (let i = 0; i < ka.length; i++) {
    if (
      ka[i] !== kb[i] ||
      !same((a as Record<string, unknown>)[ka[i]], (b as Record<string, unknown>)[kb[i]])
    )
      return false;
  }
  return true;
}
