/**
 * Steps the search took and has not visited yet (breadth-first.ts defers visits by up to
 * {@link PENDING} steps): per step, its planned transition, the hash and high fingerprint half of
 * its next key, its event, the next key itself and its effects' values. Visiting them together
 * lets their reads of the visited set's table overlap (states.ts `touch`).
 */
import type { ModelEvent } from "./model.js";

/** Most steps taken before they are visited. */
export const PENDING = 8;

export class PendingSteps {
  count = 0;
  readonly tk = new Int32Array(PENDING);
  readonly h = new Int32Array(PENDING);
  readonly high = new Int32Array(PENDING);
  readonly event: ModelEvent[] = new Array<ModelEvent>(PENDING);
  /** The next keys, `width` ids each. */
  readonly keys: Int32Array;
  /** The effects' values of each step (the search computes them in place). */
  readonly effects: unknown[][] = Array.from({ length: PENDING }, () => []);

  constructor(readonly width: number) {
    this.keys = new Int32Array(PENDING * width);
  }

  /** Record the next step (its effects' values are already in `effects[count]`); its index. */
  push(tk: number, h: number, high: number, event: ModelEvent, key: Int32Array): number {
    const b = this.count++;
    this.tk[b] = tk;
    this.h[b] = h;
    this.high[b] = high;
    this.event[b] = event;
    const W = this.width;
    const keys = this.keys;
    for (let k = 0; k < W; k++) keys[b * W + k] = key[k];
    return b;
  }

  /** Set `key` to the next key of step `b`. */
  loadKey(b: number, key: Int32Array): void {
    const W = this.width;
    const keys = this.keys;
    for (let k = 0; k < W; k++) key[k] = keys[b * W + k];
  }
}
