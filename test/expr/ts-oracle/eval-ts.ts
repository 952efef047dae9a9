/**
 * A small interpreter for the oracle: evaluates an expression of the pure subset over
 * (fields, event, prev). Anything outside the subset throws; the oracle then skips the sample.
 * It walks the TypeScript parse tree and never calls eval, Function or host objects.
 * (Can be replaced by `compileFunction` from compiler/expr once that lands.)
 */
import type { ts } from "ts-morph";
import { tsApi } from "./ts-lazy.js";

/** An evaluated expression: `(fields, event?, prev?) => value`; throws outside the subset. */
export type Evaluator = (
  fields: Readonly<Record<string, unknown>>,
  event?: unknown,
  prev?: unknown,
) => unknown;

const FORBIDDEN = new Set(["constructor", "__proto__", "prototype"]);
const MATH: Record<string, (...xs: number[]) => number> = {
  min: Math.min,
  max: Math.max,
  abs: Math.abs,
  floor: Math.floor,
  ceil: Math.ceil,
  round: Math.round,
};
const HELPERS = new Set([
  "every",
  "some",
  "includes",
  "filter",
  "map",
  "reduce",
  "find",
  "findIndex",
]);

type Scope = ReadonlyMap<string, unknown>;

/** Parse `source` once and return an evaluator, or undefined when it does not parse. */
export function compilePredicate(source: string): Evaluator | undefined {
  const sf = tsApi().createSourceFile(
    "expr.ts",
    `(${source}\n);`,
    tsApi().ScriptTarget.ES2022,
    false,
    tsApi().ScriptKind.TS,
  );
  const stmt = sf.statements[0];
  if (sf.statements.length !== 1 || stmt === undefined || !tsApi().isExpressionStatement(stmt))
    return undefined;
  if ((sf as unknown as { parseDiagnostics?: unknown[] }).parseDiagnostics?.length)
    return undefined;
  const root = stmt.expression;
  return (fields, event, prev) => {
    const scope = new Map<string, unknown>(Object.entries(fields));
    scope.set("event", event);
    scope.set("prev", prev);
    return ev(root, scope);
  };
}

function fail(node: ts.Node): never {
  throw new Error(`unsupported expression: ${tsApi().SyntaxKind[node.kind]}`);
}

function member(obj: unknown, name: string, node: ts.Node): unknown {
  if (FORBIDDEN.has(name)) fail(node);
  if (name === "length" && (typeof obj === "string" || Array.isArray(obj))) return obj.length;
  if (obj !== null && typeof obj === "object" && !Array.isArray(obj)) {
    return Object.prototype.hasOwnProperty.call(obj, name)
      ? (obj as Record<string, unknown>)[name]
      : undefined;
  }
  return fail(node);
}

function ev(node: ts.Expression, scope: Scope): unknown {
  if (tsApi().isParenthesizedExpression(node)) return ev(node.expression, scope);
  if (tsApi().isNumericLiteral(node)) return Number(node.text);
  if (tsApi().isStringLiteral(node) || tsApi().isNoSubstitutionTemplateLiteral(node))
    return node.text;
  switch (node.kind) {
    case tsApi().SyntaxKind.TrueKeyword:
      return true;
    case tsApi().SyntaxKind.FalseKeyword:
      return false;
    case tsApi().SyntaxKind.NullKeyword:
      return null;
  }
  if (tsApi().isIdentifier(node)) {
    if (node.text === "undefined") return undefined;
    if (!scope.has(node.text)) fail(node);
    return scope.get(node.text);
  }
  if (tsApi().isArrayLiteralExpression(node)) return node.elements.map((e) => ev(e, scope));
  if (tsApi().isPrefixUnaryExpression(node)) {
    const v = ev(node.operand, scope);
    if (node.operator === tsApi().SyntaxKind.ExclamationToken) return !v;
    if (node.operator === tsApi().SyntaxKind.MinusToken) return -(v as number);
    if (node.operator === tsApi().SyntaxKind.PlusToken) return +(v as number);
    return fail(node);
  }
  if (tsApi().isConditionalExpression(node))
    return ev(node.condition, scope) ? ev(node.whenTrue, scope) : ev(node.whenFalse, scope);
  if (tsApi().isPropertyAccessExpression(node))
    return member(ev(node.expression, scope), node.name.text, node);
  if (tsApi().isBinaryExpression(node)) return binary(node, scope);
  if (tsApi().isCallExpression(node) && tsApi().isPropertyAccessExpression(node.expression))
    return call(node, node.expression, scope);
  return fail(node);
}

function binary(node: ts.BinaryExpression, scope: Scope): unknown {
  const op = node.operatorToken.kind;
  const K = tsApi().SyntaxKind;
  if (op === K.AmpersandAmpersandToken) return ev(node.left, scope) && ev(node.right, scope);
  if (op === K.BarBarToken) return ev(node.left, scope) || ev(node.right, scope);
  const a = ev(node.left, scope) as number;
  const b = ev(node.right, scope) as number;
  switch (op) {
    case K.PlusToken:
      return a + b;
    case K.MinusToken:
      return a - b;
    case K.AsteriskToken:
      return a * b;
    case K.SlashToken:
      return a / b;
    case K.PercentToken:
      return a % b;
    case K.EqualsEqualsToken:
    case K.EqualsEqualsEqualsToken:
      return a === b;
    case K.ExclamationEqualsToken:
    case K.ExclamationEqualsEqualsToken:
      return a !== b;
    case K.LessThanToken:
      return a < b;
    case K.LessThanEqualsToken:
      return a <= b;
    case K.GreaterThanToken:
      return a > b;
    case K.GreaterThanEqualsToken:
      return a >= b;
    default:
      return fail(node);
  }
}

function lambda(arg: ts.Expression, scope: Scope): (...xs: unknown[]) => unknown {
  if (!tsApi().isArrowFunction(arg) || !tsApi().isExpression(arg.body as ts.Node)) fail(arg);
  const fn = arg as ts.ArrowFunction;
  const names = fn.parameters.map((p) => (tsApi().isIdentifier(p.name) ? p.name.text : fail(p)));
  return (...xs) => {
    const inner = new Map(scope);
    names.forEach((n, i) => inner.set(n, xs[i]));
    return ev(fn.body as ts.Expression, inner);
  };
}

function call(node: ts.CallExpression, callee: ts.PropertyAccessExpression, scope: Scope): unknown {
  const name = callee.name.text;
  if (
    tsApi().isIdentifier(callee.expression) &&
    callee.expression.text === "Math" &&
    !scope.has("Math")
  ) {
    const f = MATH[name] ?? fail(node);
    return f(...node.arguments.map((a) => ev(a, scope) as number));
  }
  const target = ev(callee.expression, scope);
  if (!HELPERS.has(name)) fail(node);
  if (typeof target === "string" && name === "includes")
    return target.includes(String(ev(node.arguments[0]!, scope)));
  if (!Array.isArray(target)) fail(node);
  const arr = target as unknown[];
  switch (name) {
    case "includes":
      return arr.includes(ev(node.arguments[0]!, scope));
    case "reduce": {
      const f = lambda(node.arguments[0]!, scope);
      const init = node.arguments[1] === undefined ? undefined : ev(node.arguments[1], scope);
      return node.arguments[1] === undefined
        ? arr.reduce((x, y) => f(x, y))
        : arr.reduce((x, y) => f(x, y), init);
    }
    default: {
      const f = lambda(node.arguments[0]!, scope);
      const g = (x: unknown, i: number) => f(x, i);
      return (arr[name as "every"] as (cb: typeof g) => unknown).call(arr, g);
    }
  }
}
