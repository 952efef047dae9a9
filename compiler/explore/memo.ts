/**
 * Outcomes of a machine's guards and effects remembered by their inputs. Expressions are pure
 * (the accepted subset has no side effects and no clock), so a guard's or an effect's outcome is
 * a function of what it reads: some fields of the configuration (ids in its key, see
 * interner.ts) and some payload fields. When every id read is exact (equal ids, equal values),
 * the outcome seen once is the outcome every time: a guard's `=== true`, an effect's value id
 * (kept only when exact too, so that the id stands for that very value). Most successors then
 * need no call into compiled code, no decoding of fields and no interning.
 *
 * Only functions compiled from their declarations are remembered (the model says so: see
 * {@link memoReads}); an expression that reads `prev`, `event` as a whole or a field outside the
 * key is always called. Outcomes that throw are never remembered (the call is repeated, and
 * reports as it did). Each table keeps at most {@link MEMO_CAP} outcomes; past that, misses are
 * called and not remembered.
 */
import type { Expr } from "../ir/types.js";
import { walkExpr, type ExprNode } from "../expr/ast.js";
import { parseAccepted } from "../expr/parse.js";
import type { Interner } from "./interner.js";
import type { ModelEvent } from "./model.js";

/** Most outcomes one table keeps. */
export const MEMO_CAP = 1 << 15;

/** Payloads (by index in their event's fixed list) remembered apart (see {@link Memo.get}). */
const PAYLOAD_CAP = 64;

/** {@link Memo.get}: no outcome remembered for these inputs. */
export const MISS = -1;
/** {@link Memo.get}: an id read is inexact. */
export const INEXACT = -2;

/** What a remembered function reads: key positions and payload fields. */
export interface MemoReads {
  readonly positions: Int32Array;
  readonly eventFields: readonly string[];
}

/**
 * What `exprs` read, as key positions (`position`: field name → key position) and payload fields;
 * undefined when they read `prev`, `event` as a whole, or a field outside the key.
 */
export function memoReads(
  exprs: readonly Expr[],
  position: ReadonlyMap<string, number>,
): MemoReads | undefined {
  return nodeReads(exprs.map(parseAccepted), position);
}

/** {@link memoReads} of parsed expressions. */
export function nodeReads(
  nodes: readonly ExprNode[],
  position: ReadonlyMap<string, number>,
): MemoReads | undefined {
  const positions = new Set<number>();
  const eventFields = new Set<string>();
  let ok = true;
  for (const node of nodes) {
    const members = new Set<unknown>();
    walkExpr(node, (n) => {
      if (n.kind === "member" && n.object.kind === "name" && !n.object.param) {
        members.add(n.object);
        if (n.object.name === "event") eventFields.add(n.property);
      }
      if (n.kind !== "name" || n.param) return;
      if (n.name === "prev") ok = false;
      else if (n.name === "event") {
        if (!members.has(n)) ok = false;
      } else {
        const p = position.get(n.name);
        if (p === undefined) ok = false;
        else positions.add(p);
      }
    });
  }
  if (!ok) return undefined;
  return {
    positions: Int32Array.from([...positions].sort((a, b) => a - b)),
    eventFields: [...eventFields].sort(),
  };
}

/** One function's remembered outcomes, by the ids it reads (open addressing, linear probing). */
export class Memo {
  private readonly width: number;
  /** The ids read by the current lookup (see `inputs`). */
  private readonly probe: Int32Array;
  private keys: Int32Array;
  /** Outcome + 1 per slot (0: empty). */
  private outcomes: Int32Array;
  private size = 0;
  /** The hash of the inputs last looked up (with one field read: its id). */
  private hash = 0;
  /** The key position of the one field read, or -1. */
  private readonly single: number;
  /** With one field read: outcome + 1 by its id (0: unknown). */
  private direct: Int32Array = new Int32Array(64);
  /**
   * With payload fields and at most one field read: per payload of a fixed list (by index),
   * outcome + 1 by the field's id (0 without one); undefined otherwise.
   */
  private readonly perPayload: Int32Array[] | undefined;
  /** The key position of the field `perPayload` reads, or -1. */
  private readonly one: number;
  /** The payload index of the last `get`, when it looked up `perPayload`. */
  private payload = 0;
  /** Whether the last `get` looked up `perPayload`. */
  private byPayload = false;

  /**
   * `reads`: what the function reads; `costly`: calling it costs more than a lookup by hash, so
   * it is remembered by the ids read even when payloads are not from a fixed list.
   */
  constructor(
    private readonly reads: MemoReads,
    private readonly costly = true,
  ) {
    this.single =
      reads.positions.length === 1 && reads.eventFields.length === 0 ? reads.positions[0] : -1;
    const byPayload = reads.positions.length <= 1 && reads.eventFields.length > 0;
    this.perPayload = byPayload ? [] : undefined;
    this.one = byPayload && reads.positions.length === 1 ? reads.positions[0] : -1;
    this.width = reads.positions.length + reads.eventFields.length;
    this.probe = new Int32Array(this.width);
    this.keys = new Int32Array(64 * this.width);
    this.outcomes = new Int32Array(64);
  }

  /**
   * The outcome remembered for the ids read in configuration key `key` with `event`: ≥ 0, or
   * {@link MISS} (then `set` remembers the outcome computed), or {@link INEXACT} when an id read is
   * inexact (then the outcome must be computed and is not remembered). `payload` is the index of
   * `event` in its event's list of payloads when that list is fixed (the same objects for every
   * configuration), else -1: a function of at most one field and the payload is remembered by
   * that index and the field's id (without one, by the ids read when costly, else not at all).
   */
  get(key: Int32Array, event: ModelEvent, values: Interner, payload: number): number {
    const inexact = values.inexact;
    if (this.single >= 0) {
      // One field read: the outcomes by its id.
      const id = key[this.single];
      if (inexact[id] === 1) return INEXACT;
      this.hash = id;
      const direct = this.direct;
      return id < direct.length ? direct[id] - 1 : MISS;
    }
    const perPayload = this.perPayload;
    if (perPayload !== undefined && payload >= 0 && payload < PAYLOAD_CAP) {
      const id = this.one >= 0 ? key[this.one] : 0;
      if (inexact[id] === 1) return INEXACT;
      this.hash = id;
      this.payload = payload;
      this.byPayload = true;
      const t = perPayload[payload];
      return t !== undefined && id < t.length ? t[id] - 1 : MISS;
    }
    return this.costly ? this.lookup(key, event, values) : INEXACT;
  }

  /** `get` by the hash of the ids read. */
  private lookup(key: Int32Array, event: ModelEvent, values: Interner): number {
    const { positions, eventFields } = this.reads;
    const inexact = values.inexact;
    this.byPayload = false;
    const probe = this.probe;
    let h = 0x9e3779b9 | 0;
    let k = 0;
    for (; k < positions.length; k++) {
      const id = key[positions[k]];
      if (inexact[id] === 1) return INEXACT;
      probe[k] = id;
      h = step(h, id);
    }
    for (let q = 0; q < eventFields.length; q++, k++) {
      const id = values.id(event[eventFields[q]]);
      if (values.inexact[id] === 1) return INEXACT;
      probe[k] = id;
      h = step(h, id);
    }
    h = fmix(h);
    this.hash = h;
    const outcomes = this.outcomes;
    const mask = outcomes.length - 1;
    const W = this.width;
    const keys = this.keys;
    for (let s = h & mask; ; s = (s + 1) & mask) {
      const o = outcomes[s];
      if (o === 0) return MISS;
      let j = 0;
      const at = s * W;
      while (j < W && keys[at + j] === probe[j]) j++;
      if (j === W) return o - 1;
    }
  }

  /** Remember `outcome` (≥ 0) for the inputs of the last `get`, which missed. */
  set(outcome: number): void {
    const perPayload = this.perPayload;
    if (perPayload !== undefined && this.byPayload) {
      const id = this.hash;
      if (id >= MEMO_CAP) return;
      const t = perPayload[this.payload] ?? new Int32Array(64);
      perPayload[this.payload] = id < t.length ? t : grown(t, id);
      perPayload[this.payload][id] = outcome + 1;
      return;
    }
    if (this.single >= 0) {
      const id = this.hash;
      if (id >= MEMO_CAP) return;
      if (id >= this.direct.length) this.direct = grown(this.direct, id);
      this.direct[id] = outcome + 1;
      return;
    }
    if (this.size >= MEMO_CAP) return;
    if (++this.size * 2 > this.outcomes.length) this.grow();
    this.place(this.hash, this.probe, 0, outcome + 1);
  }

  private place(h: number, from: Int32Array, o: number, value: number): void {
    const outcomes = this.outcomes;
    const mask = outcomes.length - 1;
    const W = this.width;
    let s = h & mask;
    while (outcomes[s] !== 0) s = (s + 1) & mask;
    outcomes[s] = value;
    for (let k = 0; k < W; k++) this.keys[s * W + k] = from[o + k];
  }

  private grow(): void {
    const { keys, outcomes, width: W } = this;
    this.keys = new Int32Array(keys.length * 2);
    this.outcomes = new Int32Array(outcomes.length * 2);
    for (let s = 0; s < outcomes.length; s++) {
      if (outcomes[s] === 0) continue;
      let h = 0x9e3779b9 | 0;
      for (let k = 0; k < W; k++) {
        h = step(h, keys[s * W + k]);
      }
      this.place(fmix(h), keys, s * W, outcomes[s]);
    }
  }
}

/** A copy of `t` with room for id `id` (at most {@link MEMO_CAP} entries). */
function grown(t: Int32Array, id: number): Int32Array {
  const g = new Int32Array(Math.min(MEMO_CAP, Math.max(id + 1, t.length * 2)));
  g.set(t);
  return g;
}

/** murmur3's step: mix id `x` into hash `h`. */
function step(h: number, x: number): number {
  x = Math.imul(x, 0xcc9e2d51);
  x = (x << 15) | (x >>> 17);
  h ^= Math.imul(x, 0x1b873593);
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

/** murmur3's finalizer. */
function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}
