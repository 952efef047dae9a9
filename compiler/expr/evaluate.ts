/**
 * An interpreter for accepted expressions: walks the whitelisted AST directly, with no code
 * generation. It follows JavaScript semantics (`==` means `===`) so it agrees with compiled code,
 * but only reads own properties of records (plus `.length` of arrays and strings).
 */
import type { Expr } from "../ir/types.js";
import type { ExprNode } from "./ast.js";
import { parseAccepted } from "./parse.js";
import { collections } from "../../runtime/collections.js";

/** Values an expression sees: the entity record, and the event payload / previous record. */
export interface ExprEnv {
  readonly fields: Readonly<Record<string, unknown>>;
  readonly event?: unknown;
  readonly prev?: unknown;
}

type Params = ReadonlyMap<string, unknown>;

/**
 * Evaluate an accepted expression.
 * @example evaluateExpr(guard, { fields: { paid: 0, total: 5 }, event: { amount: 5 } }) // true
 */
export function evaluateExpr(expr: Expr, env: ExprEnv): unknown {
  return evaluate(parseAccepted(expr), env, new Map());
}

/** Evaluate an accepted expression's AST (from {@link parseAccepted} or `parseExpr`). */
export function evaluateNode(node: ExprNode, env: ExprEnv): unknown {
  return evaluate(node, env, new Map());
}

// Operands are arbitrary JSON-like values; `any` lets JavaScript's own operator semantics apply.
function evaluate(n: ExprNode, env: ExprEnv, params: Params): unknown {
  const ev = (x: ExprNode): any => evaluate(x, env, params);
  switch (n.kind) {
    case "number":
    case "string":
    case "boolean":
      return n.value;
    case "null":
      return null;
    case "undefined":
      return undefined;
    case "name":
      if (n.param) return params.get(n.name);
      if (n.name === "event") return env.event;
      if (n.name === "prev") return env.prev;
      return read(env.fields, n.name);
    case "member":
      return read(ev(n.object), n.property);
    case "index":
      return read(ev(n.object), String(n.index));
    case "lookup": {
      const object = ev(n.object);
      const key = ev(n.key);
      if (Array.isArray(object) && typeof key === "number")
        return Number.isInteger(key) && key >= 0 ? object[key] : undefined;
      return read(object, String(key));
    }
    case "record": {
      const out: Record<string, unknown> = {};
      for (const p of n.props)
        Object.defineProperty(out, p.name, {
          value: ev(p.value),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      return out;
    }
    case "quant": {
      const m = ev(n.map);
      if (m === null || typeof m !== "object")
        throw new TypeError(`${n.fn} needs a map, not ${describe(m)}`);
      const f = ev(n.arrow);
      switch (n.fn) {
        case "every":
          return collections.every(m, f);
        case "some":
          return collections.some(m, f);
        case "count":
          return collections.count(m, f);
        case "sum":
          return collections.sum(m, f);
      }
      throw new TypeError(`unknown quantifier '${n.fn}'`);
    }
    case "unary": {
      const v = ev(n.operand);
      return n.op === "!" ? !v : n.op === "-" ? -v : +v;
    }
    case "binary":
      return binary(n.op, n.left, n.right, ev);
    case "conditional":
      return ev(n.test) ? ev(n.then) : ev(n.else);
    case "array":
      return n.elements.map(ev);
    case "arrow":
      return arrow(n, env, params);
    case "helper": {
      const receiver = ev(n.receiver);
      if (n.method === "includes" && typeof receiver === "string")
        return String.prototype.includes.call(receiver, ev(n.args[0]));
      if (!Array.isArray(receiver))
        throw new TypeError(`${describe(receiver)}.${n.method} is not a function`);
      const args = n.args.map(ev);
      // Array.prototype, not the receiver's own properties: data can never supply the method.
      const A = Array.prototype;
      switch (n.method) {
        case "every":
          return A.every.call(receiver, args[0]);
        case "some":
          return A.some.call(receiver, args[0]);
        case "filter":
          return A.filter.call(receiver, args[0]);
        case "map":
          return A.map.call(receiver, args[0]);
        case "find":
          return A.find.call(receiver, args[0]);
        case "findIndex":
          return A.findIndex.call(receiver, args[0]);
        case "reduce":
          return A.reduce.call(receiver, args[0], args[1]);
        case "includes":
          return A.includes.call(receiver, args[0]);
      }
      throw new TypeError(`unknown helper '${n.method}'`);
    }
    case "math": {
      const args = n.args.map(ev) as number[];
      switch (n.fn) {
        case "min":
          return Math.min(...args);
        case "max":
          return Math.max(...args);
        case "abs":
          return Math.abs(args[0]);
        case "floor":
          return Math.floor(args[0]);
        case "ceil":
          return Math.ceil(args[0]);
        case "round":
          return Math.round(args[0]);
      }
      throw new TypeError(`unknown Math function '${n.fn}'`);
    }
  }
}

function binary(op: string, l: ExprNode, r: ExprNode, ev: (x: ExprNode) => any): unknown {
  if (op === "&&") {
    const a = ev(l);
    return a ? ev(r) : a;
  }
  if (op === "||") {
    const a = ev(l);
    return a ? a : ev(r);
  }
  const a = ev(l);
  const b = ev(r);
  switch (op) {
    case "+":
      return a + b;
    case "-":
      return a - b;
    case "*":
      return a * b;
    case "/":
      return a / b;
    case "%":
      return a % b;
    case "==":
    case "===":
      return a === b;
    case "!=":
    case "!==":
      return a !== b;
    case "<":
      return a < b;
    case "<=":
      return a <= b;
    case ">":
      return a > b;
    case ">=":
      return a >= b;
  }
  throw new TypeError(`unknown operator '${op}'`);
}

function arrow(n: Extract<ExprNode, { kind: "arrow" }>, env: ExprEnv, params: Params) {
  return (...args: unknown[]) => {
    const inner = new Map(params);
    n.params.forEach((p, i) => inner.set(p, args[i]));
    return evaluate(n.body, env, inner);
  };
}

/** Read a property like JavaScript would for plain data, but only own properties. */
function read(value: unknown, key: string): unknown {
  if (value === null || value === undefined) {
    throw new TypeError(`Cannot read properties of ${String(value)} (reading '${key}')`);
  }
  if ((typeof value === "string" || Array.isArray(value)) && key === "length") return value.length;
  if (typeof value === "string") return /^[0-9]+$/.test(key) ? value[Number(key)] : undefined;
  if (typeof value !== "object") return undefined;
  return Object.prototype.hasOwnProperty.call(value, key)
    ? (value as Record<string, unknown>)[key]
    : undefined;
}

function describe(v: unknown): string {
  return v === null ? "null" : Array.isArray(v) ? "array" : typeof v;
}
