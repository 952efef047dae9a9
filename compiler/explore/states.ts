/**
 * The visited set of the search: every configuration found, by index in the order found. Each is
 * stored compactly: its key (a tuple of ids: the state's, then each relevant field's value id, see
 * interner.ts), the configuration it was reached from and the step that reached it (one id for
 * the pair of transition and event), in pages of {@link PAGE} configurations, so memory grows
 * with the count and nothing is copied as it grows. Keys are found through open addressing
 * (linear probing, at most half full) over pairs of hash and index + 1, so a probe reads a key
 * only when its hash matches. Depths are not stored: breadth-first
 * order adds configurations by nondecreasing depth, so the index where each level starts is
 * enough. Fields are not stored either: the search decodes a key into fields (exact when every id
 * of the key is exact) and traces replay the steps (paths.ts).
 *
 * About 4·(width + 2) bytes per configuration, plus 16 to 32 for the hash table. With
 * `fingerprinted`, like TLC, the table holds a 64-bit fingerprint of each key instead of the key
 * (8 bytes per configuration, plus the table) and keys are kept only until their configuration is
 * expanded: two keys with the same fingerprint are then taken for one, which happens with
 * probability at most {@link collisionBound} (assuming the fingerprint behaves as a random
 * function of the key).
 */

/** Configurations per page (a power of two). */
const SHIFT = 16;
const PAGE = 1 << SHIFT;
const MASK = PAGE - 1;
/** Configurations the first page holds at first. */
const FIRST = 1024;

export class StateStore {
  /** The key being looked up or added (`width` ids). */
  readonly key: Int32Array;
  count = 0;
  private readonly keyPages: Int32Array[] = [];
  /** Per page: the configuration each was reached from, then the id of the step (see `add`). */
  private readonly linkPages: Int32Array[] = [];
  /** The high half of the fingerprint of `key` (see `hashKey`; set by `hashSums`). */
  high = 0;
  /** The sums of the key last hashed by `hashKey` (see `hashSums`). */
  sumLow = 0;
  sumHigh = 0;
  /** What `touch` read (kept, so that the reads are made). */
  private touched = 0;
  /** Fingerprinted: key pages below this one were released (their configurations expanded). */
  private released = 0;
  /**
   * Pairs: whole keys, the hash and index + 1 of a configuration (index 0: empty); fingerprinted,
   * the low and high half of a fingerprint (both 0: empty).
   */
  private slots = new Int32Array(2 * 64);
  /** Index of the first configuration of each depth. */
  private readonly levels: number[] = [0];

  constructor(
    readonly width: number,
    readonly fingerprinted = false,
  ) {
    this.key = new Int32Array(width);
  }

  /** Deepest depth of a configuration added. */
  get maxDepth(): number {
    return this.count === 0 ? 0 : this.levels.length - 1;
  }

  /**
   * The hash of `key` (fingerprinted: the low half of its fingerprint), from scratch; its sums
   * are left in `sumLow` and `sumHigh` (see {@link hashSums}).
   */
  hashKey(): number {
    const key = this.key;
    let lo = 0;
    let hi = 0;
    for (let k = 0; k < this.width; k++) lo = (lo + zLow(k, key[k])) | 0;
    if (this.fingerprinted) for (let k = 0; k < this.width; k++) hi = (hi + zHigh(k, key[k])) | 0;
    this.sumLow = lo;
    this.sumHigh = hi;
    return this.hashSums(lo, hi);
  }

  /**
   * The hash of a key whose sums are `lo` and `hi`: the sums over its positions k of zLow(k, id)
   * and zHigh(k, id) (Zobrist hashing: a step that changes a few ids updates the sums of its
   * source's key by those ids alone), each mixed; `hi` is used only when fingerprinted.
   */
  hashSums(lo: number, hi: number): number {
    const low = mix(lo);
    if (!this.fingerprinted) return low;
    this.high = mix(hi ^ HIGH_SEED);
    // (0, 0) marks an empty slot.
    return low === 0 && this.high === 0 ? 1 : low;
  }

  /**
   * Read the first slot `has(h)` reads, so that it is in the cache by then (several touches in a
   * row wait for memory together).
   */
  touch(h: number): void {
    const slots = this.slots;
    this.touched = (this.touched + slots[(h & ((slots.length >>> 1) - 1)) << 1]) | 0;
  }

  /**
   * After `touch(h)`: read the first id of the key `has(h)` compares first (whole keys only), for
   * the same reason.
   */
  touchKey(h: number): void {
    if (this.fingerprinted) return;
    const slots = this.slots;
    const s = (h & ((slots.length >>> 1) - 1)) << 1;
    const e = slots[s + 1];
    if (e === 0 || slots[s] !== h) return;
    const j = e - 1;
    this.touched = (this.touched + this.keyPages[j >>> SHIFT][(j & MASK) * this.width]) | 0;
  }

  /** `touch`, then `touchKey`, for each of the first `n` hashes of `hs`. */
  touchAll(hs: Int32Array, n: number): void {
    for (let b = 0; b < n; b++) this.touch(hs[b]);
    for (let b = 0; b < n; b++) this.touchKey(hs[b]);
  }

  /** Whether a configuration with key `key` (hash `h`) was added. */
  has(h: number): boolean {
    const slots = this.slots;
    const mask = (slots.length >>> 1) - 1;
    if (this.fingerprinted) {
      const high = this.high;
      for (let s = h & mask; ; s = (s + 1) & mask) {
        const lo = slots[2 * s];
        const hi = slots[2 * s + 1];
        if (lo === h && hi === high) return true;
        if (lo === 0 && hi === 0) return false;
      }
    }
    const W = this.width;
    const key = this.key;
    for (let s = h & mask; ; s = (s + 1) & mask) {
      const e = slots[2 * s + 1];
      if (e === 0) return false;
      if (slots[2 * s] !== h) continue;
      const j = e - 1;
      const page = this.keyPages[j >>> SHIFT];
      const o = (j & MASK) * W;
      let k = 0;
      while (k < W && page[o + k] === key[k]) k++;
      if (k === W) return true;
    }
  }

  /**
   * Add the configuration whose key is `key` (hash `h`, not added before), at depth `depth`
   * (never less than the last one added), reached from `from` (-1 for an initial one) by step
   * `step` (an id the caller gives); returns its index.
   */
  add(h: number, from: number, step: number, depth: number): number {
    const i = this.count++;
    const p = i >>> SHIFT;
    if (p === this.keyPages.length) {
      // The first page starts small and doubles (most searches are small); the others are whole.
      const n = p === 0 ? FIRST : PAGE;
      this.keyPages.push(new Int32Array(n * this.width));
      this.linkPages.push(new Int32Array(n * 2));
    } else if (p === 0 && i * 2 === this.linkPages[0].length) {
      const n = Math.min(PAGE, i * 2);
      this.keyPages[0] = grown(this.keyPages[0], n * this.width);
      this.linkPages[0] = grown(this.linkPages[0], n * 2);
    }
    this.keyPages[p].set(this.key, (i & MASK) * this.width);
    const links = this.linkPages[p];
    links[(i & MASK) * 2] = from;
    links[(i & MASK) * 2 + 1] = step;
    if (depth === this.levels.length) this.levels.push(i);
    if (this.count > this.slots.length >>> 2) this.rehash();
    this.insert(h, this.fingerprinted ? this.high : i + 1);
    return i;
  }

  /**
   * Configurations before `i` are expanded: fingerprinted, their keys are no longer needed (the
   * whole pages below `i`'s are released).
   */
  expandedBefore(i: number): void {
    if (!this.fingerprinted) return;
    const p = i >>> SHIFT;
    while (this.released < p) this.keyPages[this.released++] = RELEASED;
  }

  /** Set `key` to the key of configuration `i` (fingerprinted: one not yet expanded). */
  loadKey(i: number): void {
    const page = this.keyPages[i >>> SHIFT];
    const o = (i & MASK) * this.width;
    const key = this.key;
    for (let k = 0; k < this.width; k++) key[k] = page[o + k];
  }

  /** Id `k` of configuration `i`'s key (0: its state id; fingerprinted: not yet expanded). */
  keyAt(i: number, k: number): number {
    return this.keyPages[i >>> SHIFT][(i & MASK) * this.width + k];
  }

  /** State id of configuration `i` (fingerprinted: not yet expanded). */
  stateOf(i: number): number {
    return this.keyAt(i, 0);
  }

  /** The configuration `i` was reached from, or -1 for an initial one. */
  parentOf(i: number): number {
    return this.linkPages[i >>> SHIFT][(i & MASK) * 2];
  }

  /** The step id given when `i` was added. */
  stepOf(i: number): number {
    return this.linkPages[i >>> SHIFT][(i & MASK) * 2 + 1];
  }

  /** The depth of configuration `i` (its level in breadth-first order). */
  depthOf(i: number): number {
    const levels = this.levels;
    let lo = 0;
    let hi = levels.length - 1;
    // The last level starting at or before i.
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (levels[mid] <= i) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Double the table (it is then at most a quarter full). */
  private rehash(): void {
    const old = this.slots;
    this.slots = new Int32Array(old.length * 2);
    for (let s = 0; s < old.length; s += 2) {
      if (old[s] !== 0 || old[s + 1] !== 0) this.insert(old[s], old[s + 1]);
    }
  }

  private insert(a: number, b: number): void {
    const slots = this.slots;
    const mask = (slots.length >>> 1) - 1;
    let s = a & mask;
    while (slots[2 * s] !== 0 || slots[2 * s + 1] !== 0) s = (s + 1) & mask;
    slots[2 * s] = a;
    slots[2 * s + 1] = b;
  }
}

/** A copy of `a` with room for `n` entries. */
function grown(a: Int32Array, n: number): Int32Array {
  const b = new Int32Array(n);
  b.set(a);
  return b;
}

/**
 * An upper bound of the probability that fingerprinting took two of the keys of a search that
 * stored `n` configurations for one: the first such collision happens when the (m+1)th distinct
 * key met has the fingerprint of one of the m ≤ n stored, so the probability is at most
 * Σ m/2^64 over m = 0..n = n(n+1)/2^65 (the birthday bound, assuming fingerprints behave as
 * random 64-bit values).
 */
export function collisionBound(n: number): number {
  return (n * (n + 1)) / 2 ** 65;
}

const RELEASED = new Int32Array(0);
const HIGH_SEED = 0x9747b28c | 0;

/** The random value of id `id` at key position `k` in the low sum (see `hashSums`). */
export function zLow(k: number, id: number): number {
  let x = (Math.imul(id, 0x9e3779b1) + Math.imul(k + 1, 0x85ebca77)) | 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  return x ^ (x >>> 16);
}

/** The random value of id `id` at key position `k` in the high sum (another mix of both). */
export function zHigh(k: number, id: number): number {
  let x = (Math.imul(id, 0x2c1b3c6d) + Math.imul(k + 1, 0x297a2d39) + 0x165667b1) | 0;
  x ^= x >>> 15;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  return x ^ (x >>> 16);
}

/** murmur3's finalizer: every bit of `h` reaches every bit of the result. */
function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}
