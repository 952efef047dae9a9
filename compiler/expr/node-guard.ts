/**
 * A deep check that a value read back from the expression cache is an AST the parser could have
 * built: known node kinds, operators and helpers, plain identifier names, numeric spans. Cached
 * ASTs reach code generation (compile.ts), so a tampered cache file must not be able to smuggle
 * in a name or property that is not an identifier; anything else is treated as a cache miss.
 */
import { ARRAY_HELPERS, MATH_FUNCTIONS, type ExprNode } from "./ast.js";

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const BINARY = new Set(["+", "-", "*", "/", "%", "==", "!=", "===", "!==", "<", "<=", ">", ">=", "&&", "||"]);
const UNARY = new Set(["!", "-", "+"]);
const RESERVED = new Set(["constructor", "prototype", "__proto__"]);
/** Deeper than the parser's own limit (100) plus wrappers: a larger tree is not ours. */
const MAX_DEPTH = 300;

/** Whether `v` is a well-formed {@link ExprNode} tree. */
export function isExprNode(v: unknown, depth = 0): v is ExprNode {
  if (depth > MAX_DEPTH || v === null || typeof v !== "object" || Array.isArray(v)) return false;
  const n = v as Record<string, unknown>;
  if (!Number.isInteger(n.start) || !Number.isInteger(n.end)) return false;
  const child = (c: unknown) => isExprNode(c, depth + 1);
  const list = (l: unknown) => Array.isArray(l) && l.every(child);
  const ident = (s: unknown) => typeof s === "string" && IDENT.test(s);
  switch (n.kind) {
    case "number":
      return typeof n.value === "number";
    case "string":
      return typeof n.value === "string";
    case "boolean":
      return typeof n.value === "boolean";
    case "null":
    case "undefined":
      return true;
    case "name":
      return ident(n.name) && typeof n.param === "boolean";
    case "member":
      return child(n.object) && ident(n.property) && !RESERVED.has(n.property as string);
    case "index":
      return child(n.object) && Number.isSafeInteger(n.index);
    case "unary":
      return UNARY.has(n.op as string) && child(n.operand);
    case "binary":
      return BINARY.has(n.op as string) && Number.isInteger(n.opStart) && child(n.left) && child(n.right);
    case "conditional":
      return child(n.test) && child(n.then) && child(n.else);
    case "array":
      return list(n.elements);
    case "arrow":
      return Array.isArray(n.params) && n.params.every(ident) && child(n.body);
    case "helper":
      return ARRAY_HELPERS.has(n.method as string) && child(n.receiver) && list(n.args);
    case "math":
      return MATH_FUNCTIONS.has(n.fn as string) && list(n.args);
    default:
      return false;
  }
}
