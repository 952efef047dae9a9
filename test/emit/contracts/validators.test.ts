import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectLinear } from "../../timing.js";
import { rmSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { join } from "node:path";
import { validatorsEmitter } from "../../../compiler/emit/validators.js";
import { tsTypesEmitter } from "../../../compiler/emit/ts-types.js";
import type { Program } from "../../../compiler/ir/types.js";
import type { Result } from "../../../runtime/index.js";
import { at, domain, field, prim, program, shopProgram, writeTree } from "./fixture.js";

type Validate = (v: unknown) => Result<unknown>;
const DIR = join(import.meta.dirname, "..", ".tmp-validators");

function emit(p: Program): Map<string, string> {
  const ctx = { report: () => {}, options: {} };
  return new Map([...validatorsEmitter.emit(p, ctx), ...tsTypesEmitter.emit(p, ctx)]);
}

async function load(p: Program, name: string): Promise<Record<string, Validate>> {
  writeTree(join(DIR, name), emit(p));
  return (await import(
    pathToFileURL(join(DIR, name, "contracts/shop/validators.js")).href
  )) as Record<string, Validate>;
}

function redosProgram(): Program {
  const decl = { approvedBreaking: [] as const };
  return program(
    domain("shop", {
      types: [
        {
          ...decl,
          kind: "type",
          domain: "shop",
          name: "Evil",
          type: prim("string", { pattern: "^(a+)+$" }),
          loc: at(3),
        },
      ],
      events: [
        {
          ...decl,
          kind: "event",
          domain: "shop",
          name: "proto",
          loc: at(6),
          fields: [field("toString", prim("string")), field("hasOwnProperty", prim("integer"))],
        },
      ],
      entities: [
        {
          ...decl,
          kind: "entity",
          domain: "shop",
          name: "Doc",
          loc: at(4),
          fields: [field("text", prim("string", { pattern: "^(a|aa)+$", maxLength: 200000 }))],
        },
      ],
    }),
  );
}

const validCart = { id: "c1", sku: "ABC", lines: [{ qty: 1 }], total: 10, paid: 0, status: "open" };

describe("validators emitter", () => {
  let shop: Record<string, Validate>;
  let redos: Record<string, Validate>;
  beforeAll(async () => {
    shop = await load(shopProgram(), "shop");
    redos = await load(redosProgram(), "redos");
  });
  afterAll(() => rmSync(DIR, { recursive: true, force: true }));

  it("exports validate<Name> for every contract, returning the value itself on success", () => {
    expect(Object.keys(shop).sort()).toEqual([
      "validateCart",
      "validateCartApiGetInput",
      "validateCartApiGetOutput",
      "validateCartApiPingInput",
      "validateCartApiPingOutput",
      "validateCheckoutState",
      "validateCloseEvent",
      "validateMoney",
      "validatePayEvent",
    ]);
    const r = shop.validateCart(validCart);
    expect(r).toEqual({ ok: true, value: validCart });
    expect(r.ok && r.value).toBe(validCart);
    expect(shop.validateCartApiPingOutput(null)).toEqual({ ok: true, value: null });
    expect(shop.validateCloseEvent({})).toEqual({ ok: true, value: {} });
  });

  it("reports issues with a closed code and a path", () => {
    const bad = {
      ...validCart,
      sku: "abc",
      lines: [{ qty: 0 }],
      note: "toolong",
      status: "gone",
      extra: 1,
    } as Record<string, unknown>;
    delete bad.paid;
    const r = shop.validateCart(bad);
    expect(r.ok).toBe(false);
    const issues = r.ok ? [] : r.issues.map((i) => [i.code, i.path]);
    expect(issues).toEqual([
      ["required", ["paid"]],
      ["unknown_key", ["extra"]],
      ["invalid_pattern", ["sku"]],
      ["too_small", ["lines", 0, "qty"]],
      ["invalid_enum", ["status"]],
      ["too_long", ["note"]],
    ]);
    expect(r.ok ? "" : r.issues[3].message).toBe("Must be at least 1.");
    const t = shop.validateMoney(1.5);
    expect(t.ok ? [] : t.issues.map((i) => [i.code, i.path])).toEqual([["invalid_type", []]]);
    const big = shop.validateMoney(1001);
    expect(big.ok ? [] : big.issues.map((i) => [i.code, i.path, i.message])).toEqual([
      ["too_big", [], "Must be at most 1000."],
    ]);
  });

  // SECURITY #7: inherited members must not satisfy `required`.
  it("rejects `{}` for an object with a required field named like an Object.prototype member", () => {
    const r = redos.validateProtoEvent({});
    expect(r.ok ? [] : r.issues.map((i) => [i.code, i.path])).toEqual([
      ["required", ["toString"]],
      ["required", ["hasOwnProperty"]],
    ]);
    expect(redos.validateProtoEvent({ toString: "x", hasOwnProperty: 1 }).ok).toBe(true);
  });

  // The check counts own enumerable keys; the walk decides the shapes it cannot (check.ts).
  it("accepts a required property that is own but not enumerable, like the walk", () => {
    const hidden = (paid: number) => {
      const value: Record<string, unknown> = { ...validCart };
      delete value.paid;
      return Object.defineProperty(value, "paid", { value: paid, enumerable: false });
    };
    const value = hidden(0);
    expect(shop.validateCart(value)).toEqual({ ok: true, value });
    const r = shop.validateCart(hidden(-1));
    expect(r.ok ? [] : r.issues.map((i) => [i.code, i.path])).toEqual([["too_small", ["paid"]]]);
  });

  // SECURITY #7: a polluted prototype never supplies a field, nor is its key an unknown field.
  it("ignores enumerable members of a polluted Object.prototype", () => {
    const proto = Object.prototype as Record<string, unknown>;
    const value: Record<string, unknown> = { ...validCart };
    delete value.paid;
    try {
      proto.paid = 0;
      proto.extra = 1;
      const r = shop.validateCart(value);
      expect(r.ok ? [] : r.issues.map((i) => [i.code, i.path])).toEqual([["required", ["paid"]]]);
      expect(shop.validateCart(validCart)).toEqual({ ok: true, value: validCart });
    } finally {
      delete proto.paid;
      delete proto.extra;
    }
  });

  it("imports only @intentc/runtime, never requires, never builds a RegExp at run time", () => {
    const js = emit(shopProgram()).get("contracts/shop/validators.js")!;
    // The fixture's only pattern (^[A-Z]{3}$) runs on the simple-pattern engine: no re2js import.
    expect(js.match(/^import .*$/gm)).toEqual([
      'import { ajvUcs2length as $ucs2length, contractValidator as $validator, ownKeysConform as $keys, simpleMatcher as $simple } from "@intentc/runtime";',
    ]);
    expect(js).toContain('const $p0 = $simple("^[A-Z]{3}$", [[3,3,65,90]]);');
    expect(js).not.toMatch(/\brequire\(|new RegExp|ajv\//);
    // Any other pattern runs on re2js, compiled once when the module loads.
    const redosJs = emit(redosProgram()).get("contracts/shop/validators.js")!;
    expect(redosJs.match(/^import .*$/gm)).toEqual([
      'import { ajvUcs2length as $ucs2length, contractValidator as $validator, ownKeysConform as $keys, re2RegExp as $re2 } from "@intentc/runtime";',
    ]);
    expect(redosJs).toContain('const $p1 = $re2("^(a+)+$", "u");');
    expect(redosJs).not.toMatch(/\brequire\(|new RegExp|ajv\//);
  });

  it("is deterministic", () => {
    expect(emit(shopProgram())).toEqual(emit(shopProgram()));
  });

  // SECURITY S01: patterns run on re2js, so catastrophic backtracking is impossible.
  it("validates a 100 KB input against ^(a+)+$ in time linear in its length", () => {
    const input = "a".repeat(100_000);
    const bad = redos.validateEvil(`${input}b`);
    const good = redos.validateEvil(input);
    const doc = redos.validateDoc({ text: `${"a".repeat(150_000)}!` });
    expect(bad.ok ? [] : bad.issues.map((i) => i.code)).toEqual(["invalid_pattern"]);
    expect(good.ok).toBe(true);
    expect(doc.ok ? [] : doc.issues.map((i) => [i.code, i.path])).toEqual([
      ["invalid_pattern", ["text"]],
    ]);
    expectLinear((n) => redos.validateEvil(`${"a".repeat(n)}b`), 10_000, 100_000);
  });

  it("emits nothing when a pattern cannot run on RE2 (IC5001 is reported by json-schema)", () => {
    expect(
      validatorsEmitter.emit(shopProgram({ pattern: "(?=a)" }), { report: () => {}, options: {} })
        .size,
    ).toBe(0);
  });
});
