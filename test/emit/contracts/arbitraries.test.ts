import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { validatorsEmitter } from "../../../compiler/emit/validators.js";
import { tsTypesEmitter } from "../../../compiler/emit/ts-types.js";
import { propertyTestsEmitter, genExpr } from "../../../compiler/emit/property-tests.js";
import type { Result } from "../../../runtime/index.js";
import {
  array,
  checkGeneratedValid,
  jsPatternFor,
  checkMutantsRejected,
  fc,
  integer,
  number,
  record,
  runProperty,
  string,
  type Gen,
} from "../../../compiler/testing/arbitraries.js";
import { re2RegExp } from "../../../runtime/re2.js";
import { prim, shopProgram, writeTree } from "./fixture.js";

type Validate = (v: unknown) => Result<unknown>;
const DIR = join(import.meta.dirname, "..", ".tmp-arbitraries");
const sample = <T>(g: Gen<T>, n = 400): T[] => fc.sample(g.arbitrary, { numRuns: n, seed: 42 });

describe("arbitraries runtime", () => {
  it("biases integers to their bounds", () => {
    const xs = sample(integer({ minimum: -3, maximum: 1000 }));
    expect(xs.every((x) => Number.isInteger(x) && x >= -3 && x <= 1000)).toBe(true);
    expect(xs).toContain(-3);
    expect(xs).toContain(1000);
    expect(xs).toContain(0);
    const ex = sample(integer({ exclusiveMinimum: 0, exclusiveMaximum: 10, multipleOf: 3 }));
    expect([...new Set(ex)].sort()).toEqual([3, 6, 9]);
  });

  it("biases numbers to their bounds and never yields NaN or -0", () => {
    const xs = sample(number({ minimum: 0.5, maximum: 2 }));
    expect(xs.every((x) => x >= 0.5 && x <= 2 && !Object.is(x, -0))).toBe(true);
    expect(xs).toContain(0.5);
    expect(xs).toContain(2);
  });

  it("biases strings to their length bounds, counted in code points", () => {
    const xs = sample(string({ minLength: 2, maxLength: 5 }));
    const lengths = new Set(xs.map((s) => [...s].length));
    expect([...lengths].every((n) => n >= 2 && n <= 5)).toBe(true);
    expect(lengths.has(2) && lengths.has(5)).toBe(true);
  });

  it("generates strings matching the pattern (checked by the RE2 engine)", () => {
    const rx = re2RegExp("^ord_[a-z0-9]{8}$", "u");
    expect(sample(string({ pattern: "^ord_[a-z0-9]{8}$" })).every((s) => rx.test(s))).toBe(true);
  });

  it("translates RE2-only syntax for the generator, and falls back to filtered random strings", () => {
    expect(jsPatternFor("^(?P<c>[A-Z]{3})\\z")).toBe("^(?<c>[A-Z]{3})$");
    expect(jsPatternFor("^[[:digit:]]+$")).toBe("^[0-9]+$");
    expect(jsPatternFor("^\\pN{2}$")).toBeUndefined();
    const named = re2RegExp("^(?P<c>[A-Z]{3})\\z", "u");
    expect(sample(string({ pattern: "^(?P<c>[A-Z]{3})\\z" }), 50).every((s) => named.test(s))).toBe(
      true,
    );
    const digits = re2RegExp("^\\pN{2}$", "u");
    expect(sample(string({ pattern: "^\\pN{2}$" }), 20).every((s) => digits.test(s))).toBe(true);
    expect(() => sample(string({ pattern: "^\\pN{40}$" }), 1)).toThrow(
      /Cannot generate values for pattern/,
    );
  });

  it("biases arrays to empty and maximal length", () => {
    const lengths = new Set(
      sample(array(integer({ minimum: 0, maximum: 3 }), { maxItems: 4, uniqueItems: true })).map(
        (a) => a.length,
      ),
    );
    expect(lengths.has(0) && lengths.has(4)).toBe(true);
  });

  it("leaves optional record keys out sometimes and in sometimes", () => {
    const xs = sample(
      record<{ a: number; b?: string }>(
        { a: integer({ minimum: 0, maximum: 1 }), b: string({ maxLength: 1 }) },
        ["b"],
      ),
    );
    expect(xs.some((x) => "b" in x) && xs.some((x) => !("b" in x))).toBe(true);
    expect(xs.every((x) => Object.getPrototypeOf(x) === Object.prototype)).toBe(true);
  });

  it("emits generator expressions per IR type", () => {
    expect(genExpr(prim("integer", { minimum: 0, maximum: 9 }), "shop")).toBe(
      "$integer({ minimum: 0, maximum: 9 })",
    );
    expect(genExpr(prim("string", { pattern: '^"a"$' }), "shop")).toBe(
      '$string({ pattern: "^\\"a\\"$" })',
    );
    expect(
      genExpr({ kind: "ref", target: "type", ref: { domain: "catalog", name: "Sku" } }, "shop"),
    ).toBe("$lazy(() => $catalog.genSku)");
    expect(
      genExpr({ kind: "array", items: { kind: "enum", values: ["a", "b"] }, minItems: 1 }, "shop"),
    ).toBe('$array($enumOf(["a", "b"]), { minItems: 1 })');
  });
});

describe("generated arbitraries against generated validators", () => {
  let v: Record<string, Validate>;
  let a: Record<string, unknown>;
  beforeAll(async () => {
    const p = shopProgram();
    const ctx = { report: () => {}, options: {} };
    writeTree(
      DIR,
      new Map([
        ...validatorsEmitter.emit(p, ctx),
        ...tsTypesEmitter.emit(p, ctx),
        ...propertyTestsEmitter.emit(p, ctx),
      ]),
    );
    v = (await import(pathToFileURL(join(DIR, "contracts/shop/validators.js")).href)) as Record<
      string,
      Validate
    >;
    a = (await import(pathToFileURL(join(DIR, "tests/shop/arbitraries.ts")).href)) as Record<
      string,
      unknown
    >;
  });
  afterAll(() => rmSync(DIR, { recursive: true, force: true }));

  it("values from every arbitrary pass their validator", () => {
    for (const name of [
      "Cart",
      "Money",
      "PayEvent",
      "CloseEvent",
      "CheckoutState",
      "CartApiGetInput",
      "CartApiPingOutput",
    ]) {
      checkGeneratedValid(a[`gen${name}`] as Gen<unknown>, v[`validate${name}`]);
    }
  });

  it("mutated values (wrong type, out of range, missing required, unknown key) fail with the right code and path", () => {
    const gen = a.genCart as Gen<unknown>;
    const value = { id: "c1", sku: "ABC", lines: [{ qty: 1 }], total: 10, paid: 0, status: "open" };
    const expected = gen.mutants(value).map((m) => `${m.code} ${JSON.stringify(m.path)}`);
    expect(expected).toEqual(
      expect.arrayContaining([
        "invalid_type []",
        'unknown_key ["__intentc_unknown__"]',
        'required ["paid"]',
        'too_short ["id"]',
        'too_long ["id"]',
        'invalid_pattern ["sku"]',
        'too_many_items ["lines"]',
        'too_small ["lines",0,"qty"]',
        'invalid_type ["lines",0,"qty"]',
        'too_big ["total"]',
        'invalid_enum ["status"]',
      ]),
    );
    for (const m of gen.mutants(value)) {
      const r = v.validateCart(m.value);
      expect(r.ok, m.what).toBe(false);
      expect(
        r.ok ? [] : r.issues.map((i) => `${i.code} ${JSON.stringify(i.path)}`),
        m.what,
      ).toContain(`${m.code} ${JSON.stringify(m.path)}`);
    }
    checkMutantsRejected(gen, v.validateCart);
  });

  it("fails, printing a replayable seed, when a validator accepts a mutant", () => {
    const acceptAll: Validate = (x) => ({ ok: true, value: x });
    let message = "";
    try {
      checkMutantsRejected(a.genMoney as Gen<unknown>, acceptAll, { numRuns: 5 });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/was accepted/);
    const seed = /Replay with: INTENTC_SEED=(-?\d+) INTENTC_PATH=(\S+)/.exec(message);
    expect(seed).not.toBeNull();
    // Replaying with that seed and path reproduces the same counterexample.
    process.env.INTENTC_SEED = seed![1];
    process.env.INTENTC_PATH = seed![2];
    try {
      let again = "";
      try {
        checkMutantsRejected(a.genMoney as Gen<unknown>, acceptAll);
      } catch (e) {
        again = (e as Error).message;
      }
      expect(again.split("\n")[0]).toBe(message.split("\n")[0]);
    } finally {
      delete process.env.INTENTC_SEED;
      delete process.env.INTENTC_PATH;
    }
  });

  it("fails when a validator rejects generated values", () => {
    const rejectAll: Validate = () => ({
      ok: false,
      issues: [{ code: "invalid", path: [], message: "no" }],
    });
    expect(() => checkGeneratedValid(a.genCart as Gen<unknown>, rejectAll)).toThrow(
      /was rejected[\s\S]*Replay with: INTENTC_SEED=/,
    );
    expect(() => runProperty(fc.property(fc.constant(1), () => false))).toThrow(/INTENTC_SEED=/);
  });
});
