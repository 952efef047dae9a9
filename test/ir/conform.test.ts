/** Value conformance (compiler/ir/conform.ts): the one "does a value fit its type", with the reason. */
import { describe, expect, it } from "vitest";
import {
  conforms,
  describeMisfit,
  misfit,
  misfitPath,
  programResolve,
} from "../../compiler/ir/conform.js";
import type { Constraints, Field, Program, TypeExpr } from "../../compiler/ir/types.js";
import { memoryProgram } from "../diff/fixtures.js";

const loc = { file: "x", line: 1, column: 1, endLine: 1, endColumn: 1 };
const int = (c: Constraints = {}): TypeExpr => ({
  kind: "primitive",
  name: "integer",
  constraints: c,
});
const num = (c: Constraints = {}): TypeExpr => ({
  kind: "primitive",
  name: "number",
  constraints: c,
});
const str = (c: Constraints = {}): TypeExpr => ({
  kind: "primitive",
  name: "string",
  constraints: c,
});
const field = (name: string, type: TypeExpr, optional = false): Field => ({
  name,
  type,
  optional,
  loc,
});
const id = (t: TypeExpr) => t;

describe("misfit", () => {
  it("names the constraint, the path and the reason", () => {
    expect(misfit(id, int({ minimum: 0 }), -5)).toEqual({
      path: [],
      constraint: "minimum",
      reason: "-5 is below the minimum 0",
    });
    expect(misfit(id, int({ maximum: 3 }), 4)?.constraint).toBe("maximum");
    expect(misfit(id, num({ exclusiveMinimum: 0 }), 0)?.reason).toBe("0 is not above 0");
    expect(misfit(id, num({ exclusiveMaximum: 1 }), 1)?.reason).toBe("1 is not below 1");
    expect(misfit(id, int(), 1.5)).toMatchObject({
      constraint: "type",
      reason: "1.5 is not an integer",
    });
    expect(misfit(id, num(), Infinity)?.constraint).toBe("type");
    expect(misfit(id, num({ multipleOf: 0.5 }), 0.75)?.constraint).toBe("multipleOf");
    expect(
      misfit(id, { kind: "primitive", name: "boolean", constraints: {} }, "true")?.reason,
    ).toBe('"true" is not a boolean');
  });

  it("accepts the values that fit, including decimal multiples", () => {
    expect(misfit(id, int({ minimum: 0, maximum: 10 }), 10)).toBeUndefined();
    expect(misfit(id, num({ multipleOf: 0.1 }), 0.3)).toBeUndefined();
    expect(misfit(id, str({ pattern: "^[a-z]+$", minLength: 1 }), "abc")).toBeUndefined();
  });

  it("counts string lengths in code points and matches patterns with RE2", () => {
    expect(misfit(id, str({ maxLength: 1 }), "😀")).toBeUndefined();
    expect(misfit(id, str({ maxLength: 1 }), "ab")?.constraint).toBe("maxLength");
    expect(misfit(id, str({ minLength: 2 }), "😀")?.constraint).toBe("minLength");
    expect(misfit(id, str({ pattern: "^ord_[0-9]+$" }), "ord_x")).toMatchObject({
      constraint: "pattern",
      reason: '"ord_x" does not match ^ord_[0-9]+$',
    });
  });

  it("walks objects and arrays: missing, extra and nested fields, with the path", () => {
    const item: TypeExpr = {
      kind: "object",
      fields: [field("sku", str()), field("qty", int({ minimum: 1 }))],
    };
    const order: TypeExpr = {
      kind: "object",
      fields: [
        field("items", { kind: "array", items: item, maxItems: 2 }),
        field("note", str(), true),
      ],
    };
    const m = misfit(id, order, {
      items: [
        { sku: "a", qty: 1 },
        { sku: "b", qty: 0 },
      ],
    });
    expect(m).toEqual({
      path: ["items", 1, "qty"],
      constraint: "minimum",
      reason: "0 is below the minimum 1",
    });
    expect(describeMisfit(m!)).toBe("'items': 'qty': 0 is below the minimum 1");
    expect(misfitPath(m!)).toBe("items[1].qty");
    expect(misfit(id, order, { items: [{ sku: "a" }] })).toMatchObject({
      path: ["items", 0],
      constraint: "required",
      reason: "'qty' is missing",
    });
    expect(misfit(id, order, { items: [], extra: 1 })).toMatchObject({
      constraint: "additionalProperties",
    });
    expect(misfit(id, order, { items: [], note: undefined })).toBeUndefined();
    expect(misfit(id, order, { items: [1, 2, 3] })?.constraint).toBe("maxItems");
    expect(misfit(id, { kind: "array", items: int(), uniqueItems: true }, [1, 1])?.constraint).toBe(
      "uniqueItems",
    );
  });

  it("reads own properties only: a field named after an Object.prototype member is absent when not set", () => {
    const t: TypeExpr = { kind: "object", fields: [field("toString", str())] };
    expect(misfit(id, t, {})).toMatchObject({
      constraint: "required",
      reason: "'toString' is missing",
    });
  });

  it("resolves named types, entities and machine states of a Program", () => {
    const program: Program = memoryProgram({
      "intent/system.intent.yaml": "intent: 1\nsystem: s\nversion: 1.0.0\n",
      "intent/d.intent.yaml": [
        "intent: 1",
        "domain: d",
        "version: 1.0.0",
        "types:",
        "  Fines: { type: integer, minimum: 0 }",
        "  Alias: Fines",
        "entities:",
        "  Member:",
        "    fields:",
        "      fines: Alias",
        "      status: Life",
        "events:",
        "  go: {}",
        "machines:",
        "  Life:",
        "    entity: Member",
        "    initial: a",
        "    states:",
        "      a: { on: { go: b } }",
        "      b: { final: true }",
        "",
      ].join("\n"),
    });
    const resolve = programResolve(program);
    const member: TypeExpr = {
      kind: "ref",
      target: "entity",
      ref: { domain: "d", name: "Member" },
    };
    expect(conforms(resolve, member, { fines: 0, status: "b" })).toBe(true);
    expect(misfit(resolve, member, { fines: -5, status: "a" })).toEqual({
      path: ["fines"],
      constraint: "minimum",
      reason: "-5 is below the minimum 0",
    });
    expect(misfit(resolve, member, { fines: 1, status: "c" })).toEqual({
      path: ["status"],
      constraint: "enum",
      reason: '"c" is not one of a, b',
    });
  });

  it("follows a long chain of references and a deep value without the call stack", () => {
    const types = new Map<string, TypeExpr>();
    for (let i = 0; i < 5000; i++)
      types.set(`T${i}`, { kind: "ref", target: "type", ref: { domain: "d", name: `T${i + 1}` } });
    types.set("T5000", int({ maximum: 1 }));
    const program = {
      domains: [
        {
          name: "d",
          types: [...types].map(([name, type]) => ({ name, type })),
          entities: [],
          machines: [],
        },
      ],
    } as unknown as Program;
    expect(
      misfit(
        programResolve(program),
        { kind: "ref", target: "type", ref: { domain: "d", name: "T0" } },
        2,
      )?.constraint,
    ).toBe("maximum");
    let deep: TypeExpr = int();
    let value: unknown = "x";
    for (let i = 0; i < 20_000; i++) {
      deep = { kind: "array", items: deep };
      value = [value];
    }
    expect(misfit(id, deep, value)?.path.length).toBe(20_000);
  });
});
