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
  private next = 4;
  /** `inexact[id] === 1`: values given `id` may differ (see the module comment). */
  inexact = new Uint8Array(64);

  constructor() {
    this.inexact[Interner.NULLISH] = 1;
  }

  /** The id of `v`. */
  id(v: unknown): number {
    switch (typeof v) {
      case "number": {
        if (!Number.isFinite(v)) return Interner.NULLISH;
        let id = this.numbers.get(v);
        if (id === undefined) {
          id = this.fresh();
          this.numbers.set(v, id);
        }
        if (v === 0 && Object.is(v, -0)) this.inexact[id] = 1;
        return id;
      }
      case "string": {
        let id = this.strings.get(v);
        if (id === undefined) {
          id = this.fresh();
          this.strings.set(v, id);
        }
        return id;
      }
      case "boolean":
        return v ? Interner.TRUE : Interner.FALSE;
      case "undefined":
        return Interner.UNDEFINED;
      default: {
        if (v === null) return Interner.NULLISH;
        // Objects by canonical JSON ('{…}' or '[…]'); other values (functions) by their JSON text.
        const text = typeof v === "object" ? canonical(v) : "~" + String(JSON.stringify(v));
        let id = this.texts.get(text);
        if (id === undefined) {
          id = this.fresh();
          this.texts.set(text, id);
          this.inexact[id] = 1;
        }
        return id;
      }
    }
  }

  private fresh(): number {
    const id = this.next++;
    if (id >= this.inexact.length) {
      const grown = new Uint8Array(this.inexact.length * 2);
      grown.set(this.inexact);
      this.inexact = grown;
    }
    return id;
  }
}
