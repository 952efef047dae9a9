/**
 * The visited set of the search: every configuration found, by index in the order found, with
 * its key (a tuple of ids: the state's, then each relevant field's value id, see interner.ts),
 * the step that reached it and its depth. Keys are stored flat (`width` per configuration) and
 * found through open addressing (linear probing) over indexes + 1, at most half full.
 */
import type { ModelEvent } from "./model.js";

/** Grow an Int32Array to hold at least `n` entries (doubling). */
function grow(a: Int32Array<ArrayBuffer>, n: number): Int32Array<ArrayBuffer> {
  if (n <= a.length) return a;
  let size = a.length;
  while (size < n) size *= 2;
  const b = new Int32Array(size);
  b.set(a);
  return b;
}

export class StateStore {
  /** The key being looked up or added (`width` ids). */
  readonly key: Int32Array;
  count = 0;
  /** Deepest depth of a configuration added. */
  maxDepth = 0;
  private capacity: number;
  private tuples: Int32Array<ArrayBuffer>;
  private hashes: Int32Array<ArrayBuffer>;
  private stateIds: Int32Array<ArrayBuffer>;
  private parents: Int32Array<ArrayBuffer>;
  private depths: Int32Array<ArrayBuffer>;
  private viaT: Int32Array<ArrayBuffer>;
  private readonly viaEvent: (ModelEvent | undefined)[] = [];
  private readonly fieldsAt: Readonly<Record<string, unknown>>[] = [];
  private slots = new Int32Array(64);

  constructor(
    readonly width: number,
    budget: number,
  ) {
    this.key = new Int32Array(width);
    this.capacity = Math.max(16, Math.min(budget, 1024));
    this.tuples = new Int32Array(this.capacity * width);
    this.hashes = new Int32Array(this.capacity);
    this.stateIds = new Int32Array(this.capacity);
    this.parents = new Int32Array(this.capacity);
    this.depths = new Int32Array(this.capacity);
    this.viaT = new Int32Array(this.capacity);
  }

  /** The hash of `key`. */
  hashKey(): number {
    const key = this.key;
    const W = this.width;
    let h = 0x811c9dc5 | 0;
    for (let k = 0; k < W; k++) h = Math.imul(h ^ key[k], 0x01000193);
    // murmur3's finalizer: every bit of the tuple reaches the low bits the table indexes by.
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
    return h;
  }

  /** Index of the configuration whose key is `key` (hash `h`), or -1. */
  find(h: number): number {
    const slots = this.slots;
    const mask = slots.length - 1;
    const W = this.width;
    const key = this.key;
    for (let s = h & mask; ; s = (s + 1) & mask) {
      const e = slots[s];
      if (e === 0) return -1;
      const j = e - 1;
      if (this.hashes[j] !== h) continue;
      let same = true;
      const o = j * W;
      for (let k = 0; k < W; k++) {
        if (this.tuples[o + k] !== key[k]) {
          same = false;
          break;
        }
      }
      if (same) return j;
    }
  }

  /**
   * Add the configuration whose key is `key` (hash `h`, not known), reached from `from` (-1 for an
   * initial one) by transition `t` (planned index) with `event`; returns its index.
   */
  add(fields: Readonly<Record<string, unknown>>, h: number, from: number, event: ModelEvent | undefined, t: number): number {
    const i = this.count++;
    if (i >= this.capacity) {
      this.capacity *= 2;
      this.stateIds = grow(this.stateIds, this.capacity);
      this.parents = grow(this.parents, this.capacity);
      this.depths = grow(this.depths, this.capacity);
      this.viaT = grow(this.viaT, this.capacity);
      this.hashes = grow(this.hashes, this.capacity);
      this.tuples = grow(this.tuples, this.capacity * this.width);
    }
    this.tuples.set(this.key, i * this.width);
    this.hashes[i] = h;
    if (this.count * 2 > this.slots.length) {
      this.slots = new Int32Array(this.slots.length * 2);
      for (let j = 0; j < this.count - 1; j++) this.insertSlot(j, this.hashes[j]);
    }
    this.insertSlot(i, h);
    this.fieldsAt.push(fields);
    this.stateIds[i] = this.key[0];
    this.parents[i] = from;
    this.viaT[i] = t;
    this.viaEvent.push(event);
    const d = from < 0 ? 0 : this.depths[from] + 1;
    this.depths[i] = d;
    if (d > this.maxDepth) this.maxDepth = d;
    return i;
  }

  /** Set `key` to the key of configuration `i`. */
  loadKey(i: number): void {
    const o = i * this.width;
    const key = this.key;
    for (let k = 0; k < this.width; k++) key[k] = this.tuples[o + k];
  }

  /** State id of configuration `i`. */
  stateOf(i: number): number {
    return this.stateIds[i];
  }

  /** The configuration `i` was reached from, or -1 for an initial one. */
  parentOf(i: number): number {
    return this.parents[i];
  }

  depthOf(i: number): number {
    return this.depths[i];
  }

  /** The planned index of the transition that reached `i` (not for initial ones). */
  transitionOf(i: number): number {
    return this.viaT[i];
  }

  /** The event that reached `i` (not for initial ones). */
  eventOf(i: number): ModelEvent {
    return this.viaEvent[i] as ModelEvent;
  }

  /** The fields of configuration `i`. */
  fieldsOf(i: number): Readonly<Record<string, unknown>> {
    return this.fieldsAt[i];
  }

  private insertSlot(j: number, h: number): void {
    const slots = this.slots;
    const mask = slots.length - 1;
    let s = h & mask;
    while (slots[s] !== 0) s = (s + 1) & mask;
    slots[s] = j + 1;
  }
}
