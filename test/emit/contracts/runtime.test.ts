import { describe, expect, it } from "vitest";
import { fc } from "../../../compiler/testing/arbitraries.js";
import {
  ContractError,
  ajvEqual,
  ajvUcs2length,
  createValidator,
  formatIssues,
  formatPath,
  ownKeysConform,
  pointerToPath,
  re2RegExp,
  re2Unsupported,
  toIssues,
  unwrap,
  type AjvValidateLike,
} from "../../../runtime/index.js";

describe("contracts runtime", () => {
  it("maps ajv errors to issue codes and paths", () => {
    const issues = toIssues([
      { instancePath: "/items/0", keyword: "required", params: { missingProperty: "qty" } },
      { instancePath: "", keyword: "additionalProperties", params: { additionalProperty: "x" } },
      { instancePath: "/a~1b/~0c", keyword: "exclusiveMinimum", params: { limit: 0 } },
      { instancePath: "/s", keyword: "enum", params: { allowedValues: ["a", "b"] } },
      { instancePath: "", keyword: "if", params: {} },
    ]);
    expect(issues.map((i) => [i.code, i.path, i.message])).toEqual([
      ["required", ["items", 0, "qty"], "Required field is missing."],
      ["unknown_key", ["x"], "Unknown field."],
      ["too_small", ["a/b", "~c"], "Must be greater than 0."],
      ["invalid_enum", ["s"], 'Must be one of "a", "b".'],
      ["invalid", [], "Invalid value."],
    ]);
    expect(pointerToPath("/0/01/x")).toEqual([0, "01", "x"]);
  });

  it("formats paths and issues", () => {
    expect(formatPath([])).toBe("(root)");
    expect(formatPath(["items", 0, "qty", "a b"])).toBe('items[0].qty["a b"]');
    expect(formatIssues([{ code: "too_big", path: ["n"], message: "Must be at most 3." }])).toBe(
      "n: Must be at most 3. (too_big)",
    );
  });

  it("wraps a standalone function into a Result validator and unwraps with ContractError", () => {
    const fn: AjvValidateLike = Object.assign(
      (d: unknown) => {
        fn.errors =
          d === 1 ? null : [{ instancePath: "", keyword: "type", params: { type: "integer" } }];
        return d === 1;
      },
      { errors: null },
    );
    const v = createValidator<number>(fn);
    expect(v(1)).toEqual({ ok: true, value: 1 });
    const r = v("x");
    expect(r).toEqual({
      ok: false,
      issues: [
        {
          code: "invalid_type",
          path: [],
          message: "Expected integer.",
          params: { type: "integer", expected: "integer" },
        },
      ],
    });
    expect(unwrap(v(1), "Count")).toBe(1);
    expect(() => unwrap(r, "Count")).toThrow(ContractError);
    expect(() => unwrap(r, "Count")).toThrow(
      "Value does not satisfy Count:\n(root): Expected integer. (invalid_type)",
    );
  });

  it("counts string length in code points and compares JSON values deeply", () => {
    expect(ajvUcs2length("a😀b")).toBe(3);
    expect(ajvUcs2length("\ud800")).toBe(1);
    expect(ajvEqual({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] })).toBe(true);
    expect(ajvEqual({ a: 1 }, { a: 1, b: undefined })).toBe(false);
    expect(ajvEqual([1], { 0: 1 })).toBe(false);
  });

  it("re2RegExp searches like RegExp.test and rejects non-RE2 syntax", () => {
    expect(re2RegExp("b+", "u").test("abbc")).toBe(true);
    expect(re2RegExp("^b+$", "u").test("abbc")).toBe(false);
    expect(re2RegExp("^B$", "i").test("b")).toBe(true);
    expect(re2Unsupported("(a)\\1")).toMatch(/invalid escape sequence/);
    expect(re2Unsupported("^a+$")).toBeUndefined();
  });

  it("ownKeysConform: every required name an own enumerable key, and none unknown when closed", () => {
    const names = ["a", "b", "c", "d", "toString", "__proto__"];
    const subset = fc.subarray(names);
    fc.assert(
      fc.property(
        subset,
        subset,
        subset,
        subset,
        fc.boolean(),
        (own, hidden, inherited, req, closed) => {
          const proto = Object.fromEntries(inherited.map((k) => [k, 1]));
          const o: Record<string, unknown> = Object.create(proto);
          for (const k of own) Object.defineProperty(o, k, { value: undefined, enumerable: true });
          for (const k of hidden) if (!own.includes(k)) Object.defineProperty(o, k, { value: 1 });
          const known = new Set([...req, "a"]);
          const keys = Object.keys(o);
          const expected =
            req.every((k) => keys.includes(k)) && (!closed || keys.every((k) => known.has(k)));
          expect(ownKeysConform(o, new Set(req), closed ? known : null)).toBe(expected);
        },
      ),
      { numRuns: 500, seed: 11 },
    );
  });
});
