/**
 * Property: random expressions (distinct names joined by operators, with string literals that need
 * escapes, and line breaks) written by the `yaml` package's stringifier in a random scalar style,
 * at a random line width and nesting: every name is located by exprPosition/exprLoc exactly where
 * it is written in the YAML text.
 */
import fc from "fast-check";
import { describe, it } from "vitest";
import { Scalar, stringify } from "yaml";
import { exprIn, expectMarkers } from "./positions-kit.js";

const OPERATORS = [" && ", " || ", " + ", " == ", " >= ", "\n&& ", " -\n  ", "  ", "\t+ "];
// No astral characters: the writer may split a surrogate pair over an escaped line break, which
// the loader rightly rejects (the table test covers them: positions.test.ts).
const LITERALS = ["'é'", '"q\\""', "'it''s'", "'€'", '"a\\\\b"', "'\t'", "''", "'#'", "': '"];
const STYLES = [
  Scalar.PLAIN,
  Scalar.QUOTE_SINGLE,
  Scalar.QUOTE_DOUBLE,
  Scalar.BLOCK_LITERAL,
  Scalar.BLOCK_FOLDED,
] as const;

/** An expression of names `x0_`, `x1_`, … (none a part of another) and the names it holds. */
const expression = fc
  .array(
    fc.record({
      op: fc.constantFrom(...OPERATORS),
      literal: fc.option(fc.constantFrom(...LITERALS), { nil: undefined }),
    }),
    { minLength: 1, maxLength: 12 },
  )
  .map((parts) => {
    const names: string[] = [];
    let source = "";
    parts.forEach((p, i) => {
      const name = `x${i}_`;
      names.push(name);
      source += (i > 0 ? p.op : "") + name + (p.literal !== undefined ? ` == ${p.literal}` : "");
    });
    return { source, names };
  });

describe("exprPosition: every name of a stringified expression, in every style", () => {
  it("locates each name exactly", () => {
    fc.assert(
      fc.property(
        expression,
        fc.constantFrom(...STYLES),
        fc.integer({ min: 8, max: 100 }),
        fc.boolean(),
        ({ source, names }, type, lineWidth, nested) => {
          const value = nested ? { s: [{ h: 1, g: source }] } : { g: source };
          const yaml = stringify(value, {
            defaultStringType: type,
            defaultKeyType: Scalar.PLAIN,
            lineWidth,
            minContentWidth: 0,
          });
          const e = exprIn(yaml, nested ? ["s", 0, "g"] : ["g"]);
          if (e.source !== source) throw new Error(`read back ${JSON.stringify(e.source)}`);
          expectMarkers(yaml, e, names);
        },
      ),
      { numRuns: 400 },
    );
  });
});
