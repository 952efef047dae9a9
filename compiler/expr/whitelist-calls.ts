/**
 * The whitelist walk of calls (parse.ts): the array helpers, `Math` functions and quantifiers
 * that may be called, with their arities, and the arrow functions they take. Everything else
 * that calls is reported where it goes wrong.
 */
import type { DiagnosticName, ReportExtra } from "../diagnostics.js";
import { ARRAY_HELPERS, MATH_FUNCTIONS, QUANTIFIERS, SPECIAL_NAMES, type ExprNode } from "./ast.js";
import type { Param, Syn } from "./syntax.js";
import { DENIED_NAMES, HELPER_ARITY, PARAM_NAME, RESERVED_PROPERTIES } from "./whitelist-rules.js";

/** A range of the source. */
type At = { readonly start: number; readonly end: number };

/** What the call walk needs of the whole walk (parse.ts's `parseSource`). */
export interface Walk {
  readonly source: string;
  /** The field names in scope, when names are checked. */
  readonly names: { readonly fields: readonly string[] } | undefined;
  readonly diags: {
    report(
      name: DiagnosticName,
      args: Readonly<Record<string, string | number>>,
      at: At,
      extra?: ReportExtra,
    ): void;
    readonly diagnostics: readonly unknown[];
  };
  visit(n: Syn, params: readonly string[], depth: number): ExprNode | undefined;
  notAllowed(what: string, n: At): void;
}

const at = (n: At): At => ({ start: n.start, end: n.end });

export const isIdent = (n: Syn, text?: string): n is Extract<Syn, { kind: "Ident" }> =>
  n.kind === "Ident" && (text === undefined || n.text === text);

export function visitCall(
  w: Walk,
  c: Extract<Syn, { kind: "Call" }>,
  params: readonly string[],
  d: number,
): ExprNode | undefined {
  const span = { start: c.start, end: c.end };
  if (c.questionDot) return void w.notAllowed("Optional chaining ('?.')", c);
  if (c.typeArgs) return void w.notAllowed("Type arguments", c);
  const callee = c.callee;
  if (
    isIdent(callee) &&
    QUANTIFIERS.has(callee.text) &&
    !params.includes(callee.text) &&
    !(w.names?.fields.includes(callee.text) ?? false)
  ) {
    return visitQuantifier(w, c, callee.text, params, d);
  }
  if (callee.kind !== "Prop" || callee.questionDot || callee.name.kind === "Private") {
    // Walk the callee first so `x.constructor.constructor(...)()` is reported where it goes wrong.
    const before = w.diags.diagnostics.length;
    // A bare global (`require(...)`, `eval(...)`) is an unknown name; other bare calls are calls.
    if (!isIdent(callee) || DENIED_NAMES.has(callee.text)) w.visit(callee, params, d);
    if (w.diags.diagnostics.length === before) {
      w.diags.report("expr-call-not-allowed", { name: calleeText(w.source, callee) }, at(callee));
    }
    return undefined;
  }
  const method = (callee.name as Extract<Syn, { kind: "Ident" }>).text;
  for (const a of c.args) if (a.kind === "Spread") return void w.notAllowed("Spread", a);
  if (isIdent(callee.object, "Math") && !params.includes("Math")) {
    if (!MATH_FUNCTIONS.has(method)) {
      w.diags.report("expr-call-not-allowed", { name: `Math.${method}` }, at(callee));
      return undefined;
    }
    const variadic = method === "min" || method === "max";
    if (variadic ? c.args.length < 1 : c.args.length !== 1) {
      w.diags.report(
        "expr-helper-arguments",
        { name: `Math.${method}`, expected: variadic ? "at least one value" : "one value" },
        at(c),
      );
      return undefined;
    }
    const args = c.args.map((a) => w.visit(a, params, d));
    return args.every((a) => a !== undefined)
      ? { ...span, kind: "math", fn: method, args: args as ExprNode[] }
      : undefined;
  }
  if (!ARRAY_HELPERS.has(method)) {
    const before = w.diags.diagnostics.length;
    w.visit(callee.object, params, d);
    if (RESERVED_PROPERTIES.has(method) || method.startsWith("__"))
      w.diags.report("expr-reserved-property", { name: method }, at(callee.name));
    else if (w.diags.diagnostics.length === before)
      w.diags.report("expr-call-not-allowed", { name: method }, at(callee.name));
    return undefined;
  }
  const [min, max, arrowFirst, expected] = HELPER_ARITY[method];
  const argc = c.args.length;
  const firstIsArrow = argc > 0 && c.args[0].kind === "Arrow";
  if (argc < min || argc > max || firstIsArrow !== arrowFirst) {
    w.diags.report("expr-helper-arguments", { name: method, expected }, at(c));
    return undefined;
  }
  const receiver = w.visit(callee.object, params, d);
  const args = c.args.map((a, i) =>
    i === 0 && arrowFirst
      ? visitArrow(w, a as Extract<Syn, { kind: "Arrow" }>, params, d, method === "reduce" ? 4 : 3)
      : w.visit(a, params, d),
  );
  if (!receiver || !args.every((a) => a !== undefined)) return undefined;
  return { ...span, kind: "helper", receiver, method, args: args as ExprNode[] };
}

function visitQuantifier(
  w: Walk,
  c: Extract<Syn, { kind: "Call" }>,
  fn: string,
  params: readonly string[],
  d: number,
): ExprNode | undefined {
  for (const a of c.args) if (a.kind === "Spread") return void w.notAllowed("Spread", a);
  if (c.args.length !== 2 || c.args[1].kind !== "Arrow") {
    w.diags.report(
      "expr-helper-arguments",
      { name: fn, expected: "a map or set and an arrow function ((value, key) => …)" },
      at(c),
    );
    return undefined;
  }
  const map = w.visit(c.args[0], params, d);
  const arrow = visitArrow(w, c.args[1] as Extract<Syn, { kind: "Arrow" }>, params, d, 2);
  return map && arrow && { start: c.start, end: c.end, kind: "quant", fn, map, arrow };
}

export function visitArrow(
  w: Walk,
  a: Extract<Syn, { kind: "Arrow" }>,
  params: readonly string[],
  d: number,
  maxParams: number,
): ExprNode | undefined {
  if (a.modifiers || a.typed) return void w.notAllowed("An async or typed arrow function", a);
  if (a.blockBody) return void w.notAllowed("An arrow function with a block body", a.body);
  if (a.params.length < 1 || a.params.length > maxParams) {
    return void w.notAllowed(`An arrow function with ${a.params.length} parameters`, a);
  }
  const names: string[] = [];
  for (const p of a.params) {
    const ok = p.ok && p.name !== undefined && p.name !== "this";
    const name = ok ? (p as Param).name! : "";
    if (
      !ok ||
      !PARAM_NAME.test(name) ||
      SPECIAL_NAMES.has(name) ||
      DENIED_NAMES.has(name) ||
      name === "Math" ||
      name === "undefined"
    ) {
      w.notAllowed(ok ? `Parameter name '${name}'` : "A parameter that is not a plain name", p);
      return undefined;
    }
    if (names.includes(name)) return void w.notAllowed(`Duplicate parameter '${name}'`, p);
    names.push(name);
  }
  const body = w.visit(a.body, [...names, ...params], d + 1);
  return body && { start: a.start, end: a.end, kind: "arrow", params: names, body };
}

function calleeText(source: string, n: Syn): string {
  const text = source.slice(n.start, n.end).replace(/\s+/g, " ");
  return text.length > 40 ? text.slice(0, 37) + "..." : text;
}
