/**
 * The checker's cost is polynomial in the expression's size (compiler/expr/README.md): chains of
 * `&&`/`||` conditions, whose narrowings once cost 3^n, and nested conditionals scale like the
 * expression, measured as a CPU-time ratio between two sizes (no wall-clock limit).
 */
import { describe, expect, it } from "vitest";
import { expressionItems } from "../../compiler/expr/check.js";
import { typeCheckExpressions } from "../../compiler/expr/typecheck.js";
import type { Program } from "../../compiler/ir/types.js";
import { expectLinear } from "../timing.js";
import { compileShop } from "./fixture.js";

/** The program and checker items for one guard (parsed once; only the type check is timed). */
function prepared(guard: string): {
  program: Program;
  items: ReturnType<typeof expressionItems>["items"];
} {
  const r = compileShop({ guard });
  expect(r.diagnostics).toEqual([]);
  const program = r.program!;
  return { program, items: expressionItems(program).items };
}

const chain = (op: string) => (n: number) =>
  Array.from({ length: n }, (_, i) => `note ${op === "&&" ? "!=" : "=="} '${i}'`).join(` ${op} `);
const nested = (n: number) => `${"note == 'x' ? (".repeat(n)}paid > 0${") : paid > 1".repeat(n)}`;
const rightNested = (n: number) =>
  `${"(note != 'a' || paid > 0) && (".repeat(n)}note != 'b'${")".repeat(n)}`;
// Issue #18 class 2: nested every() calls (arrow bodies inside arrow bodies, with narrowing).
const nestedEvery = (n: number) =>
  `${Array.from({ length: n }, (_, i) => `items.every((x${i}) => x${i}.qty > 0 && (note === undefined || note.length > ${i}) && `).join("")}paid > 0${")".repeat(n)}`;
const nestedSome = (n: number) =>
  `${"items.some((x) => note == 'a' ? ".repeat(n)}paid > 0${" : x.qty > 0)".repeat(n)}`;
const mixed = (n: number) =>
  Array.from({ length: n }, (_, i) => `(note === undefined || note.length > ${i})`).join(" && ");

describe("type-checking cost grows polynomially with the expression", () => {
  const shapes = [
    ["&& chain", chain("&&")],
    ["|| chain", chain("||")],
    ["nested ?:", nested],
    ["right-nested &&", rightNested],
    ["&& of || with narrowing", mixed],
  ] as const;
  // n and 2n nested callbacks: a quadratic checker costs 4×, one that re-checks each arrow body
  // per enclosing callback 2^n× (the 11 nested every() of issue #18 took more than 15 s).
  for (const [name, make] of [
    ["nested every()", nestedEvery],
    ["nested some() with ?:", nestedSome],
  ] as const) {
    it(`for ${name} at n and 2n`, () => {
      const cases = new Map([6, 12].map((n) => [n, prepared(make(n))]));
      for (const { program, items } of cases.values())
        expect(typeCheckExpressions(program, items)).toEqual([]);
      expectLinear(
        (n) => typeCheckExpressions(cases.get(n)!.program, cases.get(n)!.items),
        6,
        12,
        20,
      );
    });
  }
  for (const [name, make] of shapes) {
    it(`for a ${name}`, () => {
      const cases = new Map([6, 18].map((n) => [n, prepared(make(n))]));
      for (const { program, items } of cases.values())
        expect(typeCheckExpressions(program, items)).toEqual([]);
      // 3× the size: a quadratic checker costs 9×, the former exponential narrowing ~3^12×.
      expectLinear(
        (n) => typeCheckExpressions(cases.get(n)!.program, cases.get(n)!.items),
        6,
        18,
        20,
      );
    });
  }
});
