/**
 * A small interpreter for the oracle: evaluates an expression of the pure subset over
 * (fields, event, prev). It parses with the expression parser (compiler/expr/parse.ts, no
 * TypeScript) and evaluates the whitelisted AST with compiler/expr/evaluate.ts, so it never calls
 * eval, Function or host objects. Source outside the subset gives no evaluator (the oracle then
 * falls back to classifying the change); a runtime error throws and the oracle skips the sample.
 */
import { evaluateNode } from "../expr/evaluate.js";
import { parseExpr } from "../expr/parse.js";

/** An evaluated expression: `(fields, event?, prev?) => value`; throws on a runtime error. */
export type Evaluator = (
  fields: Readonly<Record<string, unknown>>,
  event?: unknown,
  prev?: unknown,
) => unknown;

/** Parse `source` once and return an evaluator, or undefined when it is not in the subset. */
export function compilePredicate(source: string): Evaluator | undefined {
  const loc = { file: "", line: 1, column: 1, endLine: 1, endColumn: 1 };
  const [node] = parseExpr({ source, loc, contentLine: 1, contentColumn: 1 });
  if (node === undefined) return undefined;
  return (fields, event, prev) => evaluateNode(node, { fields, event, prev });
}
