/**
 * Value ids of the explorer's keys (compiler/explore/interner.ts): equal ids exactly for equal
 * key texts (JSON for primitives, canonical JSON for objects), and an id stays exact — its values
 * all the same, so the search may decode it back into a value — only while no differing value
 * (a -0, a NaN beside null, an object with its keys in another order) was given it.
 */
import { describe, expect, it } from "vitest";
import { Interner } from "../../compiler/explore/interner.js";

const exact = (v: Interner, id: number) => v.inexact[id] === 0;

describe("explorer value ids", () => {
  it("gives equal ids to equal key texts, and decodes exact ids to their values", () => {
    const v = new Interner();
    const values: unknown[] = [
      0,
      1,
      -1,
      // Integers on other pages of the small-integer lookup, both signs.
      4095,
      4096,
      -4096,
      -4097,
      123_456,
      -123_456,
      2 ** 24 - 1,
      -(2 ** 24),
      2 ** 24,
      -(2 ** 24) - 1,
      0.5,
      1e300,
      "a",
      "",
      true,
      false,
      undefined,
      [1, 2],
      { a: 1, b: [true] },
    ];
    const ids = values.map((x) => v.id(x));
    expect(new Set(ids).size).toBe(values.length);
    values.forEach((x, k) => {
      expect(v.id(x)).toBe(ids[k]);
      expect(exact(v, ids[k])).toBe(true);
      expect(v.valueOf(ids[k])).toEqual(x);
    });
    // Small integers and the others agree with each other (two lookup paths, one id per number).
    expect(v.id(2 ** 24 - 1)).toBe(v.id(Number("16777215")));
    expect(v.id(-(2 ** 24))).not.toBe(v.id(-(2 ** 24) - 1));
  });

  it("takes -0 for 0 and NaN, null and the infinities for one value, and marks those ids inexact", () => {
    const v = new Interner();
    const zero = v.id(0);
    expect(exact(v, zero)).toBe(true);
    expect(v.id(-0)).toBe(zero);
    expect(exact(v, zero)).toBe(false);
    const nullish = v.id(null);
    expect([NaN, Infinity, -Infinity].map((x) => v.id(x))).toEqual([nullish, nullish, nullish]);
    expect(exact(v, nullish)).toBe(false);
  });

  it("keeps an object id exact while its objects have the same keys in the same order", () => {
    const v = new Interner();
    const first = { a: 1, b: { c: [1, 2] } };
    const id = v.id(first);
    expect(v.id({ a: 1, b: { c: [1, 2] } })).toBe(id);
    expect(exact(v, id)).toBe(true);
    expect(v.valueOf(id)).toBe(first);
    // The same canonical text with keys in another order: one id, no longer exact.
    expect(v.id({ b: { c: [1, 2] }, a: 1 })).toBe(id);
    expect(exact(v, id)).toBe(false);
    // -0 inside an object has the text of 0.
    const arr = v.id([0]);
    expect(v.id([-0])).toBe(arr);
    expect(exact(v, arr)).toBe(false);
    // A key whose value is undefined is not in the text, but is a difference.
    const o = v.id({ x: 1 });
    expect(v.id({ x: 1, y: undefined })).toBe(o);
    expect(exact(v, o)).toBe(false);
  });
});
