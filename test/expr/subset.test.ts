/**
 * The expression subset through the real front end: accepted expressions give no diagnostics;
 * everything outside the subset is rejected with an exact code and YAML line/column (IC4001–IC4007,
 * IC4010, and IC2010 for an unknown `set` target). Expressions are inserted into a YAML file at
 * known positions (see fixture.ts), so column = first column of the expression + offset.
 */
import { describe, expect, it } from "vitest";
import { expectDiagnostics } from "../helpers.js";
import { AT, compileShop } from "./fixture.js";
import { MAX_EXPR_DEPTH, MAX_EXPR_LENGTH } from "../../compiler/expr/parse.js";

const G = AT.guard;

describe("accepted guards", () => {
  const accepted = [
    "paid + event.amount == total",
    "items.length > 0 && items.every(i => i.qty > 0)",
    "items.some((i, n) => n == 0 && i.price >= 0)",
    "items.filter(i => i.qty > 1).length <= 3",
    "items.map(i => i.qty * i.price).reduce((a, b) => a + b, 0) <= total",
    "items.find(i => i.qty > 100) === undefined",
    "items.findIndex(i => i.qty == 0) < 0",
    "[1, 2, 3].includes(event.amount)",
    "Math.max(paid, event.amount) - Math.min(0, total) >= Math.abs(-1)",
    "Math.floor(total / 2) + Math.ceil(0.5) + Math.round(1.5) > 0",
    "!(paid > total) || status != 'open'",
    "note === undefined || note.length > 0 && note.includes('x')",
    "paid % 2 === 0 ? true : false",
    "items.length > 0 && items[0].qty > 0",
    "+paid >= -1 && paid !== null",
    "status == 'open' /* a comment */",
    "items.every(i => items.some(j => j.qty <= i.qty + paid))",
    "sum(items, (i, n) => i.qty + n) > 0 && every(items, (i, n) => n >= 0) && count(items, (i) => i.qty > 0) < 3",
    "some(items, (i) => i.qty == items[0].qty) && items[0].qty == items[1].qty",
    "items['length'] > 0",
    "items[paid].qty > 0",
    "({ a: 1 }).a == 1",
    "({ qty: 1, 'price': paid }).price <= total",
  ];
  for (const guard of accepted) {
    it(`accepts ${guard}`, () => {
      const r = compileShop({ guard });
      expectDiagnostics(r.diagnostics, []);
      expect(r.stage).toBe("emit");
    });
  }

  it("accepts prev in an invariant and a constant init value", () => {
    expectDiagnostics(
      compileShop({ holds: "paid >= prev.paid && total == prev.total", init: "Math.abs(-3) * 2" })
        .diagnostics,
      [],
    );
  });
});

describe("rejected guards", () => {
  // [guard, code, offset of the offending node inside the guard]
  const rejected: readonly (readonly [string, string, number])[] = [
    ["this.paid > 0", "IC4002", 0],
    ["globalThis.process", "IC4003", 0],
    ["process.exit(1)", "IC4003", 0],
    ["require('fs')", "IC4003", 0],
    ["eval('1') == 1", "IC4003", 0],
    ["Function('return 1')()", "IC4003", 0],
    ["paid > 0 && x.__proto__", "IC4004", 14],
    ["paid.__defineGetter__ == null", "IC4004", 5],
    ["paid = 1", "IC4002", 0],
    ["paid += 1", "IC4002", 0],
    ["paid++ > 0", "IC4002", 0],
    ["--paid > 0", "IC4002", 0],
    ["~paid > 0", "IC4002", 0],
    ["delete event.amount", "IC4002", 0],
    ["typeof paid == 'number'", "IC4002", 0],
    ["void 0", "IC4002", 0],
    ["new Date() > 0", "IC4002", 0],
    ["`${paid}` == '1'", "IC4002", 0],
    ["String.raw`x` == 'x'", "IC4002", 0],
    ["[...items].length > 0", "IC4002", 1],
    ["items[paid] > 0", "IC4008", 0],
    ["items['lenght'] > 0", "IC4008", 6],
    ["items['__proto__'] == null", "IC4004", 6],
    ["/a/.test('a')", "IC4002", 0],
    ["paid > 0, true", "IC4002", 0],
    ["paid > 0;", "IC4002", 8],
    ["items.forEach(i => i) == null", "IC4005", 6],
    ["Math.random() > 0.5", "IC4005", 0],
    ["foo(paid)", "IC4005", 0],
    ["Math.PI > 3", "IC4002", 0],
    ["Math > 3", "IC4002", 0],
    ["paid ** 2 > 0", "IC4002", 5],
    ["'a' in event", "IC4002", 4],
    ["paid > 0 ?? true", "IC4002", 9],
    ["paid & 1", "IC4002", 5],
    ["event?.amount > 0", "IC4002", 0],
    ["items.every(function (i) { return true; })", "IC4010", 0],
    ["items.every(i => { return true; })", "IC4002", 17],
    ["items.every(({ qty }) => qty > 0)", "IC4002", 13],
    ["items.every((event) => true)", "IC4002", 13],
    ["items.reduce((a, i) => a + i.qty) > 0", "IC4010", 0],
    ["items.includes(i => i)", "IC4010", 0],
    ["Math.abs(1, 2) > 0", "IC4010", 0],
    ["(i => i)(1)", "IC4002", 1],
    ["paid as number > 0", "IC4002", 0],
    ["event.amount! > 0", "IC4002", 0],
    ["1n > 0", "IC4002", 0],
    ["({ a: 1 }).b == 1", "IC4008", 11],
    ["{ a: 1 }", "IC4009", 0],
    ["({ ...items }).a == 1", "IC4002", 3],
    ["({ [paid]: 1 }).a == 1", "IC4002", 3],
    ["({ paid }).paid == 1", "IC4002", 3],
    ["({ a: 1, a: 2 }).a == 1", "IC4002", 9],
    ["({ __proto__: 1 }) != null", "IC4004", 3],
    ["every(paid, (i) => true)", "IC4008", 6],
    ["every(items, (i) => i.qty)", "IC4008", 20],
    ["items == items", "IC4032", 0],
    ["paid > 0 && items[0] != items[1]", "IC4032", 12],
    ["every(items)", "IC4010", 0],
    ["sum(items, 1) > 0", "IC4010", 0],
    ["paid > 0 &&", "IC4001", 11],
    ["", "IC4001", 0],
    ["totl > 0", "IC4003", 0],
    ["prev.paid > 0", "IC4003", 0],
    ["Infinity > paid", "IC4003", 0],
  ];
  for (const [guard, code, offset] of rejected) {
    it(`rejects ${JSON.stringify(guard)} with ${code} at +${offset}`, () => {
      const r = compileShop({ guard });
      expectDiagnostics(r.diagnostics, [{ code, line: G.line, column: G.column + offset }]);
      expect(r.stage).toBe("check");
    });
  }

  // Syntax the subset refuses gets one diagnostic naming the construct, not TypeScript's wording
  // for its own syntax errors there (compiler/expr/README.md).
  const refused: readonly (readonly [string, number, string])[] = [
    ["-paid ** 2 > 0", 6, "Operator '**' is not allowed in an expression."],
    ["super.x > 0", 0, "'super' is not allowed in an expression."],
    ["event?.#p > 0", 0, "Optional chaining ('?.') is not allowed in an expression."],
    ["new Date()?.x > 0", 0, "Optional chaining ('?.') is not allowed in an expression."],
    ["1.5n > 0", 0, "A BigInt literal is not allowed in an expression."],
    ["1e3n > 0", 0, "A BigInt literal is not allowed in an expression."],
    ["/abc > 0", 0, "A regular expression is not allowed in an expression."],
    ["items.x<number>.y > 0", 0, "Type arguments is not allowed in an expression."],
    ["event?.amount`t` > 0", 0, "A tagged template is not allowed in an expression."],
    ["function () {}", 0, "A statement is not allowed in an expression."],
  ];
  for (const [guard, offset, message] of refused) {
    it(`refuses ${JSON.stringify(guard)} by name (IC4002 at +${offset})`, () => {
      expectDiagnostics(compileShop({ guard }).diagnostics, [
        { code: "IC4002", line: G.line, column: G.column + offset, message },
      ]);
    });
  }

  it("reports two expressions side by side at the second, without a keyword suggestion (IC4001)", () => {
    expectDiagnostics(compileShop({ guard: "paid fro > 0" }).diagnostics, [
      {
        code: "IC4001",
        line: G.line,
        column: G.column + 5,
        message:
          "Expression syntax error: unexpected 'fro'; an operator or the end of the expression was expected.",
      },
    ]);
  });

  it("reports both statements' problems for 'paid > 0; total > 0'", () => {
    expectDiagnostics(compileShop({ guard: "paid > 0; total > 0" }).diagnostics, [
      {
        code: "IC4002",
        line: G.line,
        column: G.column + 8,
        message: "';' is not allowed in an expression.",
      },
      {
        code: "IC4002",
        line: G.line,
        column: G.column + 10,
        message: "A second statement is not allowed in an expression.",
      },
    ]);
  });

  it("names the unknown name and suggests the closest field", () => {
    const [d] = compileShop({ guard: "paid <= totl" }).diagnostics;
    expect(d).toMatchObject({
      code: "IC4003",
      line: G.line,
      column: G.column + 8,
      endColumn: G.column + 12,
    });
    expect(d.message).toBe("Unknown name 'totl' in expression.");
    expect(d.hint).toBe("Did you mean 'total'?");
  });

  it("counts YAML escapes in a double-quoted scalar when mapping columns", () => {
    // YAML text: note == \"x\" && totl > 0 — the source is note == "x" && totl > 0.
    const r = compileShop({ guard: 'note == \\"x\\" && totl > 0' });
    expectDiagnostics(r.diagnostics, [{ code: "IC4003", line: G.line, column: G.column + 17 }]);
  });

  it("explains where event and prev are available", () => {
    const [g] = compileShop({ guard: "prev.paid > 0" }).diagnostics;
    expect(g.hint).toBe("'prev' is only available in invariants.");
    const [i] = compileShop({ holds: "event.amount > 0" }).diagnostics;
    expect(i).toMatchObject({ code: "IC4003", line: AT.holds.line, column: AT.holds.column });
    expect(i.hint).toBe("'event' is only available in guards and effects.");
  });

  it("rejects an expression longer than the cap without parsing it (IC4006)", () => {
    const guard = "paid > 0" + " && paid > 0".repeat(Math.ceil(MAX_EXPR_LENGTH / 12));
    expectDiagnostics(compileShop({ guard }).diagnostics, [
      { code: "IC4006", line: G.line, column: G.column, message: `limit is ${MAX_EXPR_LENGTH}` },
    ]);
  });

  it("rejects nesting deeper than the cap at the first node past it (IC4007)", () => {
    const n = MAX_EXPR_DEPTH + 6;
    const guard = "(".repeat(n) + "paid > 0" + ")".repeat(n);
    expectDiagnostics(compileShop({ guard }).diagnostics, [
      { code: "IC4007", line: G.line, column: G.column + MAX_EXPR_DEPTH + 1 },
    ]);
  });

  it("rejects hostile nesting within the length cap without overflowing the stack (IC4007)", () => {
    // The parser stops descending past the depth limit and reports where it stopped.
    const cases = [
      "(".repeat(990) + "paid" + ")".repeat(990),
      "[".repeat(990) + "]".repeat(990) + ".length > 0",
      "Math.abs(".repeat(190) + "1" + ")".repeat(190) + " > 0",
      "true ? ".repeat(270) + "true" + " : false",
      "(x => ".repeat(300) + "1",
    ];
    for (const guard of cases) {
      expect(guard.length).toBeLessThanOrEqual(MAX_EXPR_LENGTH);
      const r = compileShop({ guard });
      expect(
        r.diagnostics.map((d) => d.code),
        guard.slice(0, 20),
      ).toEqual(["IC4007"]);
      expect(r.diagnostics[0].line).toBe(G.line);
    }
    const r = compileShop({ guard: "(".repeat(990) + "paid" + ")".repeat(990) });
    expect(r.diagnostics[0].column).toBe(G.column + MAX_EXPR_DEPTH + 1);
  });

  it("rejects an unknown set target at the key, with a suggestion (IC2010)", () => {
    const r = compileShop({ setField: "pad" });
    expectDiagnostics(r.diagnostics, [
      { code: "IC2010", line: AT.setKey.line, column: AT.setKey.column },
    ]);
    expect(r.diagnostics[0].hint).toBe("Did you mean 'paid'?");
  });

  it("rejects the subset in effects, init values and invariants too", () => {
    expectDiagnostics(compileShop({ effect: "this.paid" }).diagnostics, [
      { code: "IC4002", ...AT.effect },
    ]);
    expectDiagnostics(compileShop({ holds: "new Array(1).length == 1" }).diagnostics, [
      { code: "IC4002", ...AT.holds },
    ]);
    expectDiagnostics(compileShop({ init: "event.amount" }).diagnostics, [
      { code: "IC4003", ...AT.init },
    ]);
  });

  it("keeps init values constant: a field name is unknown there", () => {
    const r = compileShop({ init: "total" });
    expectDiagnostics(r.diagnostics, [
      { code: "IC4003", ...AT.init, message: "Unknown name 'total' in expression." },
    ]);
    expect(r.diagnostics[0].hint).toBe(
      "Initial values (`init`) are constant expressions; they cannot read fields or the event.",
    );
  });
});
