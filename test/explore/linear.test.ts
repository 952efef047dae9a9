/**
 * The linear normaliser (compiler/expr/linear.ts) and the canonical printer it names atoms by
 * (compiler/expr/rewrite.ts): exact normal forms, and what stays an opaque atom.
 */
import { describe, expect, it } from "vitest";
import { parseAccepted } from "../../compiler/expr/parse.js";
import { isZeroLinear, linearize, printLinear } from "../../compiler/expr/linear.js";
import { printCanonical } from "../../compiler/expr/rewrite.js";

const node = (source: string) =>
  parseAccepted({
    source,
    loc: { file: "t.yaml", line: 1, column: 1 },
    contentLine: 1,
    contentColumn: 1,
  });
const lin = (source: string) => printLinear(linearize(node(source)));

describe("linear normal form", () => {
  it("collects atoms with exact integer and rational coefficients", () => {
    expect(lin("a + b - a")).toBe("b");
    expect(lin("total - paid + paid")).toBe("total");
    expect(lin("2 * (x - y) + y * 2")).toBe("2*x");
    expect(lin("-(x - 3) + -x")).toBe("-2*x + 3");
    expect(lin("x / 3 + x / 3 + x / 3 - x")).toBe("0");
    expect(lin("(x + 1) / 2")).toBe("1/2*x + 1/2");
    expect(lin("(2 + 3) * x - 5 * x")).toBe("0");
    expect(lin("+x - x")).toBe("0");
    expect(lin("7 - 7")).toBe("0");
  });

  it("keeps big coefficients exact (no floating point rounding)", () => {
    expect(lin("9007199254740991 * x - 9007199254740990 * x")).toBe("x");
    expect(lin("x / 10 + x / 10 + x / 10 - 3 * x / 10")).toBe("0");
  });

  it("treats non-linear parts as opaque atoms named by their canonical text", () => {
    expect(lin("x * y - y * x")).toBe("(x * y) + -(y * x)");
    expect(lin("x * y - x * y")).toBe("0");
    expect(lin("a % 2")).toBe("(a % 2)");
    expect(lin("c ? x : y")).toBe("(c ? x : y)");
    expect(lin("Math.max(x, 0) - Math.max(x, 0)")).toBe("0");
    expect(lin("x / y")).toBe("(x / y)");
    expect(lin("x / 0")).toBe("(x / 0)");
    expect(lin("0.5 * x")).toBe("(0.5 * x)");
    expect(lin("items.length + 1")).toBe("items.length + 1");
  });

  it("says zero only for the zero form", () => {
    expect(isZeroLinear(linearize(node("a - a")))).toBe(true);
    expect(isZeroLinear(linearize(node("a - a + 1")))).toBe(false);
    expect(isZeroLinear(linearize(node("x * y - y * x")))).toBe(false);
  });

  it("prints trees fully parenthesised, strings as JSON", () => {
    expect(printCanonical(node("a + b * c"))).toBe("(a + (b * c))");
    expect(printCanonical(node("(a + b) * c"))).toBe("((a + b) * c)");
    expect(printCanonical(node("s == 'x\"y'"))).toBe('(s == "x\\"y")');
    expect(printCanonical(node("xs.reduce((s, v) => s + v, 0)"))).toBe(
      "xs.reduce(((s, v) => (s + v)), 0)",
    );
  });
});
