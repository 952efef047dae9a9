/**
 * Differential test of the expression parser (compiler/expr/syntax.ts + parse.ts, no TypeScript)
 * against the former TypeScript-based parser (test/expr/ts-oracle/parse-ts.ts): for random
 * expressions from a grammar, mutated strings and every expression of the hostile fixtures, both
 * must give the same AST and the same diagnostics (code, message, position). Known, documented
 * differences (see KNOWN below) relax the comparison to code and position.
 */
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Diagnostic } from "../../compiler/diagnostic.js";
import type { Expr } from "../../compiler/ir/types.js";
import { parseExpr, type NameScope } from "../../compiler/expr/parse.js";
import { parseExpr as parseExprTs } from "./ts-oracle/parse-ts.js";
import { exprText, hostileExpressions, mutated } from "./gen.js";

const HOSTILE = fileURLToPath(new URL("../fixtures/hostile/", import.meta.url));
const SCOPE: NameScope = {
  fields: ["paid", "total", "items", "note", "status", "x", "let", "async", "as"],
  event: true,
  prev: false,
};

function exprOf(source: string): Expr {
  return {
    source,
    loc: { file: "f.yaml", line: 3, column: 9, endLine: 3, endColumn: 9 + source.length },
    contentLine: 3,
    contentColumn: 10,
  };
}

const view = (d: Diagnostic) => ({
  code: d.code,
  message: d.message,
  line: d.line,
  column: d.column,
  endLine: d.endLine,
  endColumn: d.endColumn,
  hint: d.hint,
});

/**
 * TypeScript's syntax errors for constructs the subset refuses anyway, whose wording and position
 * the parser no longer reproduces (compiler/expr/README.md). Where the oracle's first diagnostic
 * is one of these, ours need only reject the expression with an expression diagnostic (IC40xx):
 * the construct is refused by name (IC4002) unless another problem comes first. subset.test.ts
 * asserts the refusal of each construct.
 */
const DROPPED_PARITY: readonly RegExp[] = [
  /Unknown keyword or identifier\. Did you mean/, // `paid fro`: two expressions side by side
  /Unexpected keyword or identifier\./,
  /Variable declaration not allowed at this location\./,
  /';' expected\./,
  /An unary expression with the '.*' operator is not allowed in the left-hand side of an exponentiation/, // `**` is refused
  /A type assertion expression is not allowed in the left-hand side of an exponentiation/,
  /'super' must be followed by/, // `super` is refused
  /An optional chain cannot contain private identifiers\./, // `?.` and `#x` are refused
  /An instantiation expression cannot be followed by a property access\./, // type arguments are refused
  /Tagged template expressions are not permitted in an optional chain\./,
  /Invalid optional chain from new expression/, // `new` is refused
  /A bigint literal (must be an integer|cannot use exponential notation)\./, // BigInt is refused
  /Unterminated regular expression literal\./, // regular expressions are refused
];

/** Compare both parsers on one source; returns a description of the difference or undefined. */
export function compareParsers(
  source: string,
  names: NameScope | undefined = SCOPE,
): string | undefined {
  const [a, da] = parseExpr(exprOf(source), names);
  const [b, db] = parseExprTs(exprOf(source), names);
  const ours = { node: a, diags: da.map(view) };
  const theirs = { node: b, diags: db.map(view) };
  if (JSON.stringify(ours) === JSON.stringify(theirs)) return undefined;
  const first = theirs.diags[0]?.message ?? "";
  // `function () {}` as a statement: TypeScript wants a declaration's name; we refuse "A statement".
  const anonymousFunction =
    /(^|[;\n])\s*function\b/.test(source) &&
    first === "Expression syntax error: Identifier expected.";
  const dropped = anonymousFunction || DROPPED_PARITY.some((re) => re.test(first));
  if (dropped && a === undefined && b === undefined && /^IC40\d\d$/.test(ours.diags[0]?.code ?? ""))
    return undefined;
  // IC4001 details are TypeScript's error-recovery wording: code and position must still agree.
  const loose = (x: typeof ours) =>
    JSON.stringify({
      node: x.node,
      diags: x.diags.map((d) => ({ ...d, message: d.code === "IC4001" ? "" : d.message })),
    });
  if (loose(ours) === loose(theirs)) return undefined;
  return `${JSON.stringify(source)}\n ours:   ${JSON.stringify(ours.diags)}\n theirs: ${JSON.stringify(theirs.diags)}\n nodes equal: ${JSON.stringify(a) === JSON.stringify(b)}`;
}

/**
 * Known differences, where only "both reject" is required. Each is a class of input far outside
 * the subset whose first error comes from TypeScript's statement- or type-level recovery, which
 * our parser does not reproduce (it rejects the whole construct instead):
 * - statements that are not expressions (`let [` …, `let as …`, `let` + newline): reported as
 *   "A statement" without checking their inner syntax;
 * - TypeScript's statement-level recovery after a function expression followed by `=`;
 * - a numeric literal immediately followed by an identifier (`1nas`, `0x1Fin`): TypeScript
 *   re-scans the identifier as a separate token and recovers differently;
 * - type annotations followed by more syntax (`as const [`, `satisfies T[`, `as ?`, `as()`):
 *   types are only skipped, not parsed.
 */
export function knownDifference(s: string): boolean {
  return (
    /^\s*let(\s|\/\*c\*\/)*(\[|as\b|\n)/.test(s) ||
    /\}\s*(\/\*c\*\/)?\s*=(?!=)/.test(s) ||
    /(^|[^\w$.])(\d[\d_]*(\.\d*)?|0[xX][\da-fA-F]+|\d+n|\.\d+)(as|in|satisfies|instanceof)\b/.test(
      s,
    ) ||
    /\b(as (const|number)|satisfies T)(\s|\/\*c\*\/)*(\[|\(|as\b|<<|&)/.test(s) ||
    /<number>\?\.#/.test(s)
  );
}

function bothReject(s: string): string | undefined {
  const [a] = parseExpr(exprOf(s), SCOPE);
  const [b] = parseExprTs(exprOf(s), SCOPE);
  return a === undefined && b === undefined
    ? undefined
    : `${JSON.stringify(s)}: accepted by one parser only`;
}

describe("the parser agrees with the TypeScript-based parser", () => {
  it("on every expression of the hostile fixtures", () => {
    const all = hostileExpressions(HOSTILE);
    expect(all.length).toBeGreaterThan(25);
    const diffs = all.map((s) => compareParsers(s)).filter((d) => d !== undefined);
    expect(diffs).toEqual([]);
  });

  const RUNS = Number(process.env.DIFF_RUNS ?? 3000);
  const differences = (arb: fc.Arbitrary<string>, seed: number, runs = RUNS) =>
    fc
      .sample(arb, { numRuns: runs, seed })
      .map((s) => (knownDifference(s) ? bothReject(s) : compareParsers(s)))
      .filter((d) => d !== undefined);

  // DIFF_SEEDS=1,2,3 runs the grammar comparison over other seeds (e.g. 20 seeds × 3000 cases).
  const seeds = (process.env.DIFF_SEEDS ?? process.env.DIFF_SEED ?? "42").split(",").map(Number);
  for (const seed of seeds) {
    it(`on random expressions from the grammar (seed ${seed}): identical diagnostics`, () => {
      expect(differences(exprText(), seed).slice(0, 8)).toEqual([]);
    });
  }

  it("on random expressions from the grammar, with other seeds", () => {
    const diffs = [5, 99, 7, 1234].flatMap((seed) => differences(exprText(), seed, 500));
    expect(diffs.slice(0, 8)).toEqual([]);
  });

  // Mutations often break syntax inside constructs the parser only skips (block bodies, object
  // literals, type annotations), where TypeScript reports an inner error first: there both must
  // still reject, and whatever either accepts must be accepted by the other with the same AST.
  it("on mutated expressions: the same accepted ASTs, and rejected by both otherwise", () => {
    const samples = fc.sample(mutated(exprText()), {
      numRuns: RUNS,
      seed: Number(process.env.DIFF_SEED ?? 7),
    });
    const disagree = samples.filter((s) => {
      const [a, da] = parseExpr(exprOf(s), SCOPE);
      const [b, db] = parseExprTs(exprOf(s), SCOPE);
      return da.length === 0 || db.length === 0
        ? JSON.stringify([a, da.map(view)]) !== JSON.stringify([b, db.map(view)])
        : (a === undefined) !== (b === undefined);
    });
    expect(disagree.slice(0, 8)).toEqual([]);
    // Reported, not asserted: how often the first rejection has the same code and position.
    const same = samples.filter((s) => compareParsers(s) === undefined).length;
    console.log(`mutated expressions: ${same}/${samples.length} with identical diagnostics`);
  });
});
