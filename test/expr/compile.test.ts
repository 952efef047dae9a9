/**
 * Compiling expressions: exact output of compileExpr, X01 (hostile expressions are reported and
 * never run), X03 (hostile string literals stay inert data), exprReferences, and a differential
 * property test: the AST interpreter and the compiled function agree on random well-typed
 * expressions over a small record schema.
 */
import fc from "fast-check";
import { ts } from "ts-morph";
import { describe, expect, it } from "vitest";
import { CompilerBugError } from "../../compiler/diagnostic.js";
import {
  compileExpr,
  compileFunction,
  evaluateExpr,
  exprReferences,
} from "../../compiler/expr/compile.js";
import { parseExpr } from "../../compiler/expr/parse.js";
import type { Expr } from "../../compiler/ir/types.js";
import { expectDiagnostics } from "../helpers.js";
import { AT, compileShop } from "./fixture.js";

const expr = (source: string): Expr => ({
  source,
  loc: { file: "x.intent.yaml", line: 3, column: 9, endLine: 3, endColumn: 9 + source.length },
  contentLine: 3,
  contentColumn: 10,
});

describe("compileExpr", () => {
  const cases: readonly (readonly [string, string])[] = [
    ["paid + event.amount", "(s.paid + e.amount)"],
    ["paid", "(s.paid)"],
    ["status == 'shipped'", '(s.status === "shipped")'],
    ["paid != total", "(s.paid !== s.total)"],
    ["paid >= prev.paid", "(s.paid >= p.paid)"],
    ["!(a && b) || -x > +y", "((!(s.a && s.b)) || ((-s.x) > (+s.y)))"],
    ["- -x", "(-(-s.x))"],
    ["c ? 1 : 'no'", '(s.c ? 1 : "no")'],
    ["items.every(i => i.qty > 0)", "(s.items.every((i$) => (i$.qty > 0)))"],
    [
      "items.reduce((acc, i) => acc + i.qty, 0)",
      "(s.items.reduce((acc$, i$) => (acc$ + i$.qty), 0))",
    ],
    ["Math.max(1, paid)", "(Math.max(1, s.paid))"],
    ["items[0].qty", "(s.items[0].qty)"],
    ["[1, 2].includes(x)", "([1, 2].includes(s.x))"],
    ["(5).toFixed == null", "((5).toFixed === null)"],
    ["x === undefined", "(s.x === undefined)"],
    ["1e3 + 0x10 + 1_000", "((1000 + 16) + 1000)"],
  ];
  for (const [source, out] of cases) {
    it(`compiles ${source}`, () => {
      expect(compileExpr(expr(source), { fields: "s", event: "e", prev: "p" })).toBe(out);
    });
  }

  it("never lets an arrow parameter capture a scope name", () => {
    const e = expr("items.every(s => s.qty < paid)");
    expect(compileExpr(e, { fields: "s" })).toBe("(s.items.every((s$) => (s$.qty < s.paid)))");
    expect(compileFunction(e)({ items: [{ qty: 1 }], paid: 2 })).toBe(true);
  });

  it("treats a missing event scope as a compiler bug, not as a field", () => {
    expect(() => compileExpr(expr("event.amount > 0"), { fields: "s" })).toThrow(CompilerBugError);
  });
});

describe("X01: hostile expressions are rejected before anything runs", () => {
  const hostile = [
    "x.constructor.constructor('globalThis.__x01 = true')()",
    "this.constructor.constructor('globalThis.__x01 = true')()",
    "globalThis.__x01 = true",
    "process.exit(1)",
    "require('child_process')",
    "eval('globalThis.__x01 = true')",
    "Function('globalThis.__x01 = true')()",
    "items.map(i => i.constructor)",
    "[].__proto__",
  ];
  for (const source of hostile) {
    it(`rejects ${source}`, () => {
      (globalThis as Record<string, unknown>).__x01 = false;
      const [node, diags] = parseExpr(expr(source));
      expect(node).toBeUndefined();
      expect(diags.length).toBeGreaterThan(0);
      expect(() => compileFunction(expr(source))).toThrow(/outside the subset/);
      expect(() => compileExpr(expr(source), { fields: "s" })).toThrow(/outside the subset/);
      expect(() => evaluateExpr(expr(source), { fields: { x: {}, items: [] } })).toThrow(
        /outside the subset/,
      );
      expect((globalThis as Record<string, unknown>).__x01).toBe(false);
    });
  }

  it("reports the constructor chain at its exact YAML position (IC4004)", () => {
    const r = compileShop({ guard: "paid.constructor.constructor('return process')()" });
    expectDiagnostics(r.diagnostics, [
      { code: "IC4004", line: AT.guard.line, column: AT.guard.column + 5 },
      { code: "IC4004", line: AT.guard.line, column: AT.guard.column + 17 },
    ]);
  });
});

describe("X03: string literals are data", () => {
  const payloads = [
    '"); process.exit(1); ("',
    "`${process.exit(1)}`",
    "${globalThis}",
    "a\u2028b\u2029c",
    "</script><script>",
    "\\\"'",
    "\u0000",
  ];
  for (const payload of payloads) {
    it(`keeps ${JSON.stringify(payload)} inert and round-trips it`, () => {
      const e = expr(
        `note == ${JSON.stringify(payload)} || note == '' + ${JSON.stringify(payload)}`,
      );
      const code = compileExpr(e, { fields: "s" });
      const sf = ts.createSourceFile("c.ts", code, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
      const parseDiags = (sf as unknown as { parseDiagnostics: unknown[] }).parseDiagnostics;
      expect(parseDiags).toEqual([]);
      expect(sf.statements.length).toBe(1);
      expect(ts.isExpressionStatement(sf.statements[0])).toBe(true);
      const calls: string[] = [];
      const strings: string[] = [];
      const walk = (n: ts.Node): void => {
        if (ts.isCallExpression(n)) calls.push(n.getText(sf));
        if (ts.isStringLiteral(n)) strings.push(n.text);
        ts.forEachChild(n, walk);
      };
      walk(sf);
      expect(calls).toEqual([]);
      expect(strings).toEqual([payload, "", payload]);
      expect(code).not.toMatch(/[\u2028\u2029]/);
      expect(compileFunction(e)({ note: payload })).toBe(true);
      expect(compileFunction(e)({ note: payload + "x" })).toBe(false);
      expect(evaluateExpr(e, { fields: { note: payload } })).toBe(true);
    });
  }

  it("accepts hostile literals in intent files without diagnostics", () => {
    expectDiagnostics(
      compileShop({ guard: "note !== '); process.exit(1); (' && note !== '`${x}`'" }).diagnostics,
      [],
    );
  });
});

describe("exprReferences", () => {
  it("lists fields, event fields and prev fields, sorted and without arrow parameters", () => {
    expect(
      exprReferences(
        expr("paid + event.amount <= total && items.every(i => i.qty > min) && prev.paid <= paid"),
      ),
    ).toEqual({
      fields: ["items", "min", "paid", "total"],
      eventFields: ["amount"],
      prevFields: ["paid"],
    });
  });
});

describe("evaluateExpr", () => {
  it("evaluates guards, effects and invariants with == as ===", () => {
    expect(
      evaluateExpr(expr("paid + event.amount == total"), {
        fields: { paid: 2, total: 5 },
        event: { amount: 3 },
      }),
    ).toBe(true);
    expect(evaluateExpr(expr("paid == '2'"), { fields: { paid: 2 } })).toBe(false);
    expect(
      evaluateExpr(expr("paid >= prev.paid"), { fields: { paid: 1 }, prev: { paid: 2 } }),
    ).toBe(false);
    expect(
      evaluateExpr(expr("items.map(i => i.qty * 2)"), {
        fields: { items: [{ qty: 1 }, { qty: 4 }] },
      }),
    ).toEqual([2, 8]);
  });

  it("only reads own properties of records", () => {
    expect(evaluateExpr(expr("x.toString"), { fields: { x: {} } })).toBeUndefined();
    expect(evaluateExpr(expr("toString"), { fields: {} })).toBeUndefined();
  });

  it("throws like JavaScript on reading through undefined", () => {
    expect(() => evaluateExpr(expr("x.y"), { fields: {} })).toThrow(TypeError);
  });
});

/** Random well-typed expressions over { a, b: integer; s: string; flag: boolean; xs: integer[] } and event { n }. */
function arbitraries() {
  const num = (depth: number, vars: readonly string[]): fc.Arbitrary<string> => {
    const leaves = fc.oneof(
      fc.integer({ min: 0, max: 20 }).map(String),
      fc.constantFrom("a", "b", "event.n", "xs.length", "s.length", ...vars),
    );
    if (depth <= 0) return leaves;
    const n = () => num(depth - 1, vars);
    return fc.oneof(
      { depthSize: "small" },
      leaves,
      fc
        .tuple(n(), fc.constantFrom("+", "-", "*", "/", "%"), n())
        .map(([l, op, r]) => `(${l} ${op} ${r})`),
      n().map((x) => `-(${x})`),
      fc.tuple(bool(depth - 1, vars), n(), n()).map(([c, t, e]) => `(${c} ? ${t} : ${e})`),
      fc.tuple(n(), n()).map(([x, y]) => `Math.min(${x}, ${y})`),
      fc.tuple(n(), n(), n()).map(([x, y, z]) => `Math.max(${x}, ${y}, ${z})`),
      fc
        .tuple(fc.constantFrom("abs", "floor", "ceil", "round"), n())
        .map(([f, x]) => `Math.${f}(${x})`),
      num(depth - 1, [...vars, "x"]).map((body) => `xs.reduce((acc, x) => acc + ${body}, 0)`),
      bool(depth - 1, [...vars, "x"]).map((p) => `xs.filter(x => ${p}).length`),
      bool(depth - 1, [...vars, "x"]).map((p) => `xs.findIndex(x => ${p})`),
      n().map((x) => `xs.map(x => x * ${x}).reduce((p, q) => p + q, 0)`),
    );
  };
  const bool = (depth: number, vars: readonly string[]): fc.Arbitrary<string> => {
    const leaves = fc.constantFrom("flag", "true", "false", "s == 'ab'", "s.includes('a')");
    if (depth <= 0) return leaves;
    const n = () => num(depth - 1, vars);
    const b = () => bool(depth - 1, vars);
    return fc.oneof(
      { depthSize: "small" },
      leaves,
      fc
        .tuple(n(), fc.constantFrom("<", "<=", ">", ">=", "==", "!=", "===", "!=="), n())
        .map(([l, op, r]) => `(${l} ${op} ${r})`),
      fc.tuple(b(), fc.constantFrom("&&", "||"), b()).map(([l, op, r]) => `(${l} ${op} ${r})`),
      b().map((x) => `!${x}`),
      fc.tuple(b(), b(), b()).map(([c, t, e]) => `(${c} ? ${t} : ${e})`),
      bool(depth - 1, [...vars, "x"]).map((p) => `xs.every(x => ${p})`),
      bool(depth - 1, [...vars, "x"]).map((p) => `xs.some(x => ${p})`),
      n().map((x) => `xs.includes(${x})`),
      fc
        .tuple(fc.constantFrom("s", "'ab'"), fc.constantFrom("s", "'a'", "''"))
        .map(([l, r]) => `(${l} + ${r}) == 'aba'`),
    );
  };
  const record = fc.record({
    a: fc.integer({ min: -50, max: 50 }),
    b: fc.integer({ min: -50, max: 50 }),
    s: fc.constantFrom("", "a", "ab", "ba", "abc"),
    flag: fc.boolean(),
    xs: fc.array(fc.integer({ min: -5, max: 5 }), { maxLength: 5 }),
  });
  return {
    expression: fc.oneof(num(3, []), bool(3, [])),
    record,
    event: fc.record({ n: fc.integer({ min: -50, max: 50 }) }),
  };
}

describe("differential: interpreter and compiled function agree", () => {
  it("on random well-typed expressions", () => {
    const { expression, record, event } = arbitraries();
    fc.assert(
      fc.property(expression, record, event, (source, fields, ev) => {
        const e = expr(source);
        const [node, diags] = parseExpr(e, {
          fields: ["a", "b", "s", "flag", "xs"],
          event: true,
          prev: false,
        });
        expect(diags).toEqual([]);
        expect(node).toBeDefined();
        const compiled = compileFunction(e)(fields, ev);
        const interpreted = evaluateExpr(e, { fields, event: ev });
        expect(
          Object.is(compiled, interpreted) ||
            (typeof compiled === "object" &&
              JSON.stringify(compiled) === JSON.stringify(interpreted)),
        ).toBe(true);
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 400) },
    );
  });
});
