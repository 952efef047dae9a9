/**
 * The expression AST: a small, closed set of node kinds produced by the whitelist walk in
 * parse.ts. Compilation, interpretation and reference analysis only ever see these nodes, so
 * nothing outside the subset can reach generated code. Offsets are into `Expr.source`.
 */
import type { Expr, Loc } from "../ir/types.js";
import { scalarPosition } from "./positions.js";

/** Binary operators of the subset (`==`/`!=` are kept as written and mean `===`/`!==`). */
export type BinaryOp =
  "+" | "-" | "*" | "/" | "%" | "==" | "!=" | "===" | "!==" | "<" | "<=" | ">" | ">=" | "&&" | "||";

/** Array helpers that may be called (all pure; `includes` also works on strings). */
export const ARRAY_HELPERS: ReadonlySet<string> = new Set([
  "every",
  "some",
  "includes",
  "filter",
  "map",
  "reduce",
  "find",
  "findIndex",
]);

/**
 * Quantifiers over a map or set (`every(m, (v, k) => …)`): free functions, declared for
 * TypeScript in ts-decls.ts and provided to generated code by @intentc/runtime (`collections`).
 */
export const QUANTIFIERS: ReadonlySet<string> = new Set(["every", "some", "count", "sum"]);

/** `Math` functions that may be called. */
export const MATH_FUNCTIONS: ReadonlySet<string> = new Set([
  "min",
  "max",
  "abs",
  "floor",
  "ceil",
  "round",
]);

interface Span {
  /** Offset of the first character in `Expr.source`. */
  readonly start: number;
  /** Offset just past the last character. */
  readonly end: number;
  /**
   * The outermost parentheses around the node, when it is written in parentheses: TypeScript
   * reports errors about an operand or argument on the parenthesised range.
   */
  readonly paren?: { readonly start: number; readonly end: number };
}

/** A node of the expression AST. */
export type ExprNode =
  | (Span & { readonly kind: "number"; readonly value: number })
  | (Span & { readonly kind: "string"; readonly value: string })
  | (Span & { readonly kind: "boolean"; readonly value: boolean })
  | (Span & { readonly kind: "null" })
  | (Span & { readonly kind: "undefined" })
  /** A free name: an entity field, `event`, `prev`, or an arrow parameter (`param: true`). */
  | (Span & { readonly kind: "name"; readonly name: string; readonly param: boolean })
  | (Span & { readonly kind: "member"; readonly object: ExprNode; readonly property: string })
  | (Span & { readonly kind: "index"; readonly object: ExprNode; readonly index: number })
  /** `object[key]` with a key other than an integer literal (`rmState[event.rm]`). */
  | (Span & { readonly kind: "lookup"; readonly object: ExprNode; readonly key: ExprNode })
  /** An object literal `{ a: 1, "b": x }` (property names in source order, no duplicates). */
  | (Span & { readonly kind: "record"; readonly props: readonly RecordProp[] })
  /** `every(map, arrow)` and the other {@link QUANTIFIERS}. */
  | (Span & {
      readonly kind: "quant";
      readonly fn: string;
      readonly map: ExprNode;
      readonly arrow: ExprNode;
    })
  | (Span & { readonly kind: "unary"; readonly op: "!" | "-" | "+"; readonly operand: ExprNode })
  | (Span & {
      readonly kind: "binary";
      readonly op: BinaryOp;
      readonly opStart: number;
      readonly left: ExprNode;
      readonly right: ExprNode;
    })
  | (Span & {
      readonly kind: "conditional";
      readonly test: ExprNode;
      readonly then: ExprNode;
      readonly else: ExprNode;
    })
  | (Span & { readonly kind: "array"; readonly elements: readonly ExprNode[] })
  | (Span & { readonly kind: "arrow"; readonly params: readonly string[]; readonly body: ExprNode })
  /** `receiver.method(args)` with `method` in {@link ARRAY_HELPERS}. */
  | (Span & {
      readonly kind: "helper";
      readonly receiver: ExprNode;
      readonly method: string;
      readonly args: readonly ExprNode[];
    })
  /** `Math.fn(args)` with `fn` in {@link MATH_FUNCTIONS}. */
  | (Span & { readonly kind: "math"; readonly fn: string; readonly args: readonly ExprNode[] });

/** One property of an object literal: `name` is the key's value, `keyStart`/`keyEnd` its span. */
export interface RecordProp {
  readonly name: string;
  readonly keyStart: number;
  readonly keyEnd: number;
  readonly value: ExprNode;
}

/** Names with a fixed meaning in expressions (never entity fields). */
export const SPECIAL_NAMES: ReadonlySet<string> = new Set(["event", "prev"]);

/**
 * The YAML position of an offset inside an expression. An expression that carries its scalar
 * (quoted, escaped, multi-line, a block) is mapped through the scalar's text exactly
 * (positions.ts); when that mapping cannot be made, every offset falls back to the scalar's start
 * rather than to a guessed place inside it. Otherwise the text is the scalar's, one line.
 * `end`: the position just past the character before `offset` (the end of a range).
 */
export function exprPosition(
  expr: Expr,
  offset: number,
  end = false,
): { line: number; column: number } {
  const clamped = Math.max(0, Math.min(offset, expr.source.length));
  if (expr.scalar !== undefined) {
    const exact = scalarPosition(expr, clamped, end);
    if (exact !== undefined) return exact;
    return { line: expr.scalar.line, column: expr.scalar.column };
  }
  // Several lines with no scalar to map through: only the start is known.
  if (expr.source.includes("\n")) return { line: expr.contentLine, column: expr.contentColumn };
  return { line: expr.contentLine, column: expr.contentColumn + clamped };
}

/** The YAML range of `[start, end)` inside an expression. */
export function exprLoc(expr: Expr, start: number, end: number): Loc {
  const a = exprPosition(expr, start);
  const b = end > start ? exprPosition(expr, end, true) : a;
  return {
    file: expr.loc.file,
    line: a.line,
    column: a.column,
    endLine: b.line,
    endColumn: b.column,
  };
}

/** Call `visit` on every node, parents before children. */
export function walkExpr(node: ExprNode, visit: (node: ExprNode) => void): void {
  visit(node);
  for (const child of childrenOf(node)) walkExpr(child, visit);
}

/** The direct children of a node, in source order. */
export function childrenOf(node: ExprNode): readonly ExprNode[] {
  switch (node.kind) {
    case "member":
    case "index":
      return [node.object];
    case "lookup":
      return [node.object, node.key];
    case "record":
      return node.props.map((p) => p.value);
    case "quant":
      return [node.map, node.arrow];
    case "unary":
      return [node.operand];
    case "binary":
      return [node.left, node.right];
    case "conditional":
      return [node.test, node.then, node.else];
    case "array":
      return node.elements;
    case "arrow":
      return [node.body];
    case "helper":
      return [node.receiver, ...node.args];
    case "math":
      return node.args;
    default:
      return [];
  }
}
