/**
 * TEST ORACLE ONLY (the product parser is compiler/expr/parse.ts + syntax.ts): the former
 * TypeScript-based parser, kept so differential tests can compare the two.
 * Parse an expression with the TypeScript parser and walk its AST with a whitelist. Anything
 * outside the pure subset is reported at the exact YAML position of the offending node, and
 * never reaches an {@link ExprNode}: compile, evaluate and type-check only see accepted trees.
 */
import type { ts } from "ts-morph";
import type { DiagnosticResult } from "../../../compiler/diagnostic.js";
import {
  createDiagnostic,
  diagnostics as diagnosticTable,
  suggestHint,
  type DiagnosticName,
  type ReportExtra,
} from "../../../compiler/diagnostics.js";
import type { Expr } from "../../../compiler/ir/types.js";
import {
  ARRAY_HELPERS,
  MATH_FUNCTIONS,
  QUANTIFIERS,
  SPECIAL_NAMES,
  exprLoc,
  type BinaryOp,
  type ExprNode,
  type RecordProp,
} from "../../../compiler/expr/ast.js";
import { describeKind } from "./syntax-names-ts.js";
import { tsApi } from "./ts-lazy.js";

/** Longest accepted expression, in UTF-16 code units. */
export const MAX_EXPR_LENGTH = 2000;
/** Deepest accepted nesting of AST nodes. */
export const MAX_EXPR_DEPTH = 100;

/** The names an expression may use, for the unknown-name check. */
export interface NameScope {
  /** The entity's field names. */
  readonly fields: readonly string[];
  /** Whether `event` is in scope (guards and effects). */
  readonly event: boolean;
  /** Whether `prev` is in scope (invariants). */
  readonly prev: boolean;
  /** Hint for an unknown name when no field is close (e.g. "Initial values are constant…"). */
  readonly unknownHint?: string;
}

/** Names that always mean a global and are rejected even when a field has that name. */
const DENIED_NAMES: ReadonlySet<string> = new Set([
  "globalThis",
  "global",
  "window",
  "self",
  "process",
  "require",
  "module",
  "exports",
  "eval",
  "Function",
  "arguments",
  "Reflect",
  "Proxy",
  "Object",
  "Buffer",
  "console",
  "fetch",
  "import",
]);
const RESERVED_PROPERTIES: ReadonlySet<string> = new Set(["constructor", "prototype", "__proto__"]);
const PARAM_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

let binaryOps: Map<ts.SyntaxKind, BinaryOp> | undefined;

/** Operator tokens of the subset (built on first use: it needs the TypeScript module). */
function binaryOpsOf(ts: typeof import("ts-morph").ts): Map<ts.SyntaxKind, BinaryOp> {
  binaryOps ??= new Map<ts.SyntaxKind, BinaryOp>([
    [ts.SyntaxKind.PlusToken, "+"],
    [ts.SyntaxKind.MinusToken, "-"],
    [ts.SyntaxKind.AsteriskToken, "*"],
    [ts.SyntaxKind.SlashToken, "/"],
    [ts.SyntaxKind.PercentToken, "%"],
    [ts.SyntaxKind.EqualsEqualsToken, "=="],
    [ts.SyntaxKind.ExclamationEqualsToken, "!="],
    [ts.SyntaxKind.EqualsEqualsEqualsToken, "==="],
    [ts.SyntaxKind.ExclamationEqualsEqualsToken, "!=="],
    [ts.SyntaxKind.LessThanToken, "<"],
    [ts.SyntaxKind.LessThanEqualsToken, "<="],
    [ts.SyntaxKind.GreaterThanToken, ">"],
    [ts.SyntaxKind.GreaterThanEqualsToken, ">="],
    [ts.SyntaxKind.AmpersandAmpersandToken, "&&"],
    [ts.SyntaxKind.BarBarToken, "||"],
  ]);
  return binaryOps;
}

/** Arity rules of the callable helpers: [min, max, whether the first argument is an arrow]. */
const HELPER_ARITY: Readonly<Record<string, readonly [number, number, boolean, string]>> = {
  every: [1, 1, true, "one arrow function"],
  some: [1, 1, true, "one arrow function"],
  filter: [1, 1, true, "one arrow function"],
  map: [1, 1, true, "one arrow function"],
  find: [1, 1, true, "one arrow function"],
  findIndex: [1, 1, true, "one arrow function"],
  reduce: [2, 2, true, "an arrow function and an initial value"],
  includes: [1, 1, false, "one value"],
};

/** A problem found by the parse, at offsets into the source (positions are added per Expr). */
interface Problem {
  readonly name: DiagnosticName;
  readonly args: Readonly<Record<string, string | number>>;
  readonly start: number;
  readonly end: number;
  readonly extra?: ReportExtra;
}

/** What parsing a source gives: depends only on the source text and the name scope. */
interface Parsed {
  readonly node: ExprNode | null;
  readonly problems: readonly Problem[];
}

/**
 * Parse and whitelist-check an expression. With `names`, free identifiers must be fields, arrow
 * parameters or (when allowed) `event`/`prev`; without it every free name counts as a field.
 */
export function parseExpr(expr: Expr, names?: NameScope): DiagnosticResult<ExprNode | undefined> {
  const parsed = parseSource(expr.source, names);
  const diags = parsed.problems.map((p) =>
    createDiagnostic(p.name, p.args as never, exprLoc(expr, p.start, p.end), p.extra ?? {}),
  );
  return [parsed.node ?? undefined, diags];
}

export function parseSource(source: string, names: NameScope | undefined): Parsed {
  const problems: Problem[] = [];
  let errors = 0;
  type At = { readonly start: number; readonly end: number };
  const diags = {
    report(
      name: DiagnosticName,
      args: Readonly<Record<string, string | number>>,
      at: At,
      extra?: ReportExtra,
    ): void {
      problems.push({
        name,
        args,
        start: at.start,
        end: at.end,
        ...(extra !== undefined && Object.keys(extra).length > 0 ? { extra } : {}),
      });
      if ((extra?.severity ?? diagnosticTable[name].severity) === "error") errors++;
    },
    get diagnostics(): readonly Problem[] {
      return problems;
    },
    hasError: () => errors > 0,
  };
  const fail = (): Parsed => ({ node: null, problems });
  if (source.length > MAX_EXPR_LENGTH) {
    diags.report(
      "expr-too-long",
      { length: source.length, limit: MAX_EXPR_LENGTH },
      { start: 0, end: 1 },
    );
    return fail();
  }
  const ts = tsApi();
  let sf = ts.createSourceFile("expr.ts", source, ts.ScriptTarget.ES2022, false, ts.ScriptKind.TS);
  // An expression is checked as `return (expr)`: a leading `{` that opens a block is an object
  // literal when the text parses as one expression (as in compiler/expr/syntax.ts).
  let shift = 0;
  const first = sf.statements[0];
  if (
    first !== undefined &&
    ts.isBlock(first) &&
    first.getStart(sf) === source.length - source.trimStart().length
  ) {
    const wrapped = ts.createSourceFile(
      "expr.ts",
      `(${source}\n)`,
      ts.ScriptTarget.ES2022,
      false,
      ts.ScriptKind.TS,
    );
    const w = wrapped.statements[0];
    const clean =
      ((wrapped as unknown as { parseDiagnostics?: readonly unknown[] }).parseDiagnostics ?? [])
        .length === 0;
    if (
      clean &&
      wrapped.statements.length === 1 &&
      ts.isExpressionStatement(w) &&
      ts.isParenthesizedExpression(w.expression)
    ) {
      sf = wrapped;
      shift = 1;
    }
  }
  const parseDiags =
    (sf as unknown as { parseDiagnostics?: readonly ts.DiagnosticWithLocation[] })
      .parseDiagnostics ?? [];
  if (parseDiags.length > 0) {
    const d = parseDiags[0];
    const detail = ts.flattenDiagnosticMessageText(d.messageText, " ");
    diags.report(
      "expr-syntax",
      { detail },
      { start: d.start, end: d.start + Math.max(1, d.length) },
    );
    return fail();
  }
  const start = (n: ts.Node) => n.getStart(sf) - shift;
  const end = (n: ts.Node) => n.end - shift;
  const at = (n: ts.Node): At => ({ start: start(n), end: end(n) });
  const notAllowed = (what: string, n: ts.Node) =>
    diags.report("expr-not-allowed", { what }, at(n));

  if (sf.statements.length === 0) {
    diags.report(
      "expr-syntax",
      { detail: "the expression is empty." },
      { start: 0, end: source.length },
    );
    return fail();
  }
  const stmt = sf.statements[0];
  if (sf.statements.length > 1) notAllowed("A second statement", sf.statements[1]);
  if (!ts.isExpressionStatement(stmt)) {
    notAllowed(ts.isBlock(stmt) ? "A block or object literal" : "A statement", stmt);
    return fail();
  }
  if (shift === 0 && stmt.end > stmt.expression.end) {
    diags.report(
      "expr-not-allowed",
      { what: "';'" },
      { start: stmt.expression.end, end: stmt.end },
    );
  }
  const top =
    shift === 0 ? stmt.expression : (stmt.expression as ts.ParenthesizedExpression).expression;

  type Scope = readonly string[];
  const visit = (n: ts.Node, params: Scope, depth: number): ExprNode | undefined => {
    if (depth > MAX_EXPR_DEPTH) {
      diags.report("expr-too-deep", { limit: MAX_EXPR_DEPTH }, at(n));
      return undefined;
    }
    const span = { start: start(n), end: end(n) };
    const d = depth + 1;
    switch (n.kind) {
      case ts.SyntaxKind.NumericLiteral:
        return { ...span, kind: "number", value: Number((n as ts.NumericLiteral).text) };
      case ts.SyntaxKind.StringLiteral:
        return { ...span, kind: "string", value: (n as ts.StringLiteral).text };
      case ts.SyntaxKind.TrueKeyword:
        return { ...span, kind: "boolean", value: true };
      case ts.SyntaxKind.FalseKeyword:
        return { ...span, kind: "boolean", value: false };
      case ts.SyntaxKind.NullKeyword:
        return { ...span, kind: "null" };
      case ts.SyntaxKind.ParenthesizedExpression: {
        const inner = visit((n as ts.ParenthesizedExpression).expression, params, d);
        return inner && { ...inner, paren: { start: start(n), end: end(n) } };
      }
      case ts.SyntaxKind.Identifier:
        return visitName(n as ts.Identifier, params);
      case ts.SyntaxKind.PropertyAccessExpression:
        return visitMember(n as ts.PropertyAccessExpression, params, d);
      case ts.SyntaxKind.ElementAccessExpression: {
        const e = n as ts.ElementAccessExpression;
        if (e.questionDotToken) return void notAllowed("Optional chaining ('?.')", n);
        const arg = e.argumentExpression;
        if (!ts.isNumericLiteral(arg) || !Number.isSafeInteger(Number(arg.text))) {
          if (
            ts.isStringLiteral(arg) &&
            (RESERVED_PROPERTIES.has(arg.text) || arg.text.startsWith("__"))
          ) {
            diags.report("expr-reserved-property", { name: arg.text }, at(arg));
            return undefined;
          }
          const object = visit(e.expression, params, d);
          const key = visit(arg, params, d);
          return object && key && { ...span, kind: "lookup", object, key };
        }
        const object = visit(e.expression, params, d);
        return object && { ...span, kind: "index", object, index: Number(arg.text) };
      }
      case ts.SyntaxKind.CallExpression:
        return visitCall(n as ts.CallExpression, params, d);
      case ts.SyntaxKind.PrefixUnaryExpression: {
        const u = n as ts.PrefixUnaryExpression;
        const op =
          u.operator === ts.SyntaxKind.ExclamationToken
            ? "!"
            : u.operator === ts.SyntaxKind.MinusToken
              ? "-"
              : u.operator === ts.SyntaxKind.PlusToken
                ? "+"
                : undefined;
        if (op === undefined)
          return void notAllowed(`Operator '${ts.tokenToString(u.operator)}'`, n);
        const operand = visit(u.operand, params, d);
        return operand && { ...span, kind: "unary", op, operand };
      }
      case ts.SyntaxKind.BinaryExpression: {
        const b = n as ts.BinaryExpression;
        const k = b.operatorToken.kind;
        const op = binaryOpsOf(ts).get(k);
        if (op === undefined) {
          const what =
            k >= ts.SyntaxKind.FirstAssignment && k <= ts.SyntaxKind.LastAssignment
              ? "An assignment"
              : k === ts.SyntaxKind.CommaToken
                ? "The comma operator"
                : `Operator '${ts.tokenToString(k)}'`;
          return void notAllowed(
            what,
            k === ts.SyntaxKind.CommaToken || what === "An assignment" ? n : b.operatorToken,
          );
        }
        const left = visit(b.left, params, d);
        const right = visit(b.right, params, d);
        return (
          left &&
          right && { ...span, kind: "binary", op, opStart: start(b.operatorToken), left, right }
        );
      }
      case ts.SyntaxKind.ConditionalExpression: {
        const c = n as ts.ConditionalExpression;
        const test = visit(c.condition, params, d);
        const then = visit(c.whenTrue, params, d);
        const otherwise = visit(c.whenFalse, params, d);
        return (
          test && then && otherwise && { ...span, kind: "conditional", test, then, else: otherwise }
        );
      }
      case ts.SyntaxKind.ArrayLiteralExpression: {
        const elements = (n as ts.ArrayLiteralExpression).elements.map((e) => visit(e, params, d));
        return elements.every((e) => e !== undefined)
          ? { ...span, kind: "array", elements: elements as ExprNode[] }
          : undefined;
      }
      case ts.SyntaxKind.ObjectLiteralExpression: {
        const props: RecordProp[] = [];
        let ok = true;
        for (const p of (n as ts.ObjectLiteralExpression).properties) {
          const other = ts.isSpreadAssignment(p)
            ? (["Spread", p] as const)
            : ts.isShorthandPropertyAssignment(p)
              ? (["A shorthand property (write 'name: value')", p] as const)
              : !ts.isPropertyAssignment(p)
                ? (["A method in an object literal", p] as const)
                : ts.isComputedPropertyName(p.name)
                  ? (["A computed property name", p.name] as const)
                  : ts.isPrivateIdentifier(p.name)
                    ? (["A private name", p.name] as const)
                    : undefined;
          if (other !== undefined) {
            notAllowed(other[0], other[1]);
            ok = false;
            continue;
          }
          const pa = p as ts.PropertyAssignment;
          const k = pa.name as ts.Identifier | ts.StringLiteral | ts.NumericLiteral;
          const name = ts.isNumericLiteral(k) ? String(Number(k.text)) : k.text;
          if (RESERVED_PROPERTIES.has(name) || name.startsWith("__")) {
            diags.report("expr-reserved-property", { name }, at(k));
            ok = false;
            continue;
          }
          if (props.some((q) => q.name === name)) {
            notAllowed(`A second property '${name}' in one object literal`, k);
            ok = false;
            continue;
          }
          const value = visit(pa.initializer, params, d);
          if (value === undefined) ok = false;
          else props.push({ name, keyStart: start(k), keyEnd: end(k), value });
        }
        return ok ? { ...span, kind: "record", props } : undefined;
      }
      case ts.SyntaxKind.ArrowFunction:
        return void notAllowed("An arrow function outside an array helper", n);
      default:
        return void notAllowed(describeKind(n.kind), n);
    }
  };

  const visitName = (id: ts.Identifier, params: readonly string[]): ExprNode | undefined => {
    const name = id.text;
    const span = { start: start(id), end: end(id) };
    if (params.includes(name)) return { ...span, kind: "name", name, param: true };
    if (name === "undefined") return { ...span, kind: "undefined" };
    if (name === "Math")
      return void notAllowed(
        "'Math' outside a call to Math.min, max, abs, floor, ceil or round",
        id,
      );
    if (DENIED_NAMES.has(name)) {
      diags.report("expr-unknown-name", { name }, at(id), {
        hint: "Expressions cannot reach globals such as 'process' or 'globalThis'; they only read the record and the event.",
      });
      return undefined;
    }
    if (names !== undefined) {
      const special = SPECIAL_NAMES.has(name);
      const known = special
        ? name === "event"
          ? names.event
          : names.prev
        : names.fields.includes(name);
      if (!known) {
        const candidates = [
          ...names.fields,
          ...params,
          ...(names.event ? ["event"] : []),
          ...(names.prev ? ["prev"] : []),
        ];
        const hint =
          name === "event"
            ? "'event' is only available in guards and effects."
            : name === "prev"
              ? "'prev' is only available in invariants."
              : (suggestHint(name, candidates) ?? names.unknownHint);
        diags.report("expr-unknown-name", { name }, at(id), hint !== undefined ? { hint } : {});
        return undefined;
      }
    }
    return { ...span, kind: "name", name, param: false };
  };

  const visitMember = (
    m: ts.PropertyAccessExpression,
    params: readonly string[],
    d: number,
  ): ExprNode | undefined => {
    if (m.questionDotToken) return void notAllowed("Optional chaining ('?.')", m);
    if (ts.isPrivateIdentifier(m.name)) return void notAllowed("A private name", m.name);
    const property = m.name.text;
    if (RESERVED_PROPERTIES.has(property) || property.startsWith("__")) {
      diags.report("expr-reserved-property", { name: property }, at(m.name));
      return undefined;
    }
    if (ts.isIdentifier(m.expression) && m.expression.text === "Math" && !params.includes("Math")) {
      return void notAllowed(`'Math.${property}' outside a call`, m);
    }
    const object = visit(m.expression, params, d);
    return object && { start: start(m), end: end(m), kind: "member", object, property };
  };

  const visitCall = (
    c: ts.CallExpression,
    params: readonly string[],
    d: number,
  ): ExprNode | undefined => {
    const span = { start: start(c), end: end(c) };
    if (c.questionDotToken) return void notAllowed("Optional chaining ('?.')", c);
    if (c.typeArguments) return void notAllowed("Type arguments", c);
    const callee = c.expression;
    if (
      ts.isIdentifier(callee) &&
      QUANTIFIERS.has(callee.text) &&
      !params.includes(callee.text) &&
      !(names?.fields.includes(callee.text) ?? false)
    ) {
      for (const a of c.arguments) if (ts.isSpreadElement(a)) return void notAllowed("Spread", a);
      if (c.arguments.length !== 2 || !ts.isArrowFunction(c.arguments[1])) {
        diags.report(
          "expr-helper-arguments",
          { name: callee.text, expected: "a map or set and an arrow function ((value, key) => …)" },
          at(c),
        );
        return undefined;
      }
      const map = visit(c.arguments[0], params, d);
      const arrow = visitArrow(c.arguments[1] as ts.ArrowFunction, params, d, 2);
      return map && arrow && { ...span, kind: "quant", fn: callee.text, map, arrow };
    }
    if (
      !ts.isPropertyAccessExpression(callee) ||
      callee.questionDotToken ||
      ts.isPrivateIdentifier(callee.name)
    ) {
      // Walk the callee first so `x.constructor.constructor(...)()` is reported where it goes wrong.
      const before = diags.diagnostics.length;
      // A bare global (`require(...)`, `eval(...)`) is an unknown name; other bare calls are calls.
      if (!ts.isIdentifier(callee) || DENIED_NAMES.has(callee.text)) visit(callee, params, d);
      if (diags.diagnostics.length === before) {
        diags.report("expr-call-not-allowed", { name: calleeText(callee) }, at(callee));
      }
      return undefined;
    }
    const method = callee.name.text;
    for (const a of c.arguments) if (ts.isSpreadElement(a)) return void notAllowed("Spread", a);
    if (
      ts.isIdentifier(callee.expression) &&
      callee.expression.text === "Math" &&
      !params.includes("Math")
    ) {
      if (!MATH_FUNCTIONS.has(method)) {
        diags.report("expr-call-not-allowed", { name: `Math.${method}` }, at(callee));
        return undefined;
      }
      const variadic = method === "min" || method === "max";
      if (variadic ? c.arguments.length < 1 : c.arguments.length !== 1) {
        diags.report(
          "expr-helper-arguments",
          { name: `Math.${method}`, expected: variadic ? "at least one value" : "one value" },
          at(c),
        );
        return undefined;
      }
      const args = c.arguments.map((a) => visit(a, params, d));
      return args.every((a) => a !== undefined)
        ? { ...span, kind: "math", fn: method, args: args as ExprNode[] }
        : undefined;
    }
    if (!ARRAY_HELPERS.has(method)) {
      const before = diags.diagnostics.length;
      visit(callee.expression, params, d);
      if (RESERVED_PROPERTIES.has(method) || method.startsWith("__"))
        diags.report("expr-reserved-property", { name: method }, at(callee.name));
      else if (diags.diagnostics.length === before)
        diags.report("expr-call-not-allowed", { name: method }, at(callee.name));
      return undefined;
    }
    const [min, max, arrowFirst, expected] = HELPER_ARITY[method];
    const argc = c.arguments.length;
    const firstIsArrow = argc > 0 && ts.isArrowFunction(c.arguments[0]);
    if (argc < min || argc > max || firstIsArrow !== arrowFirst) {
      diags.report("expr-helper-arguments", { name: method, expected }, at(c));
      return undefined;
    }
    const receiver = visit(callee.expression, params, d);
    const args = c.arguments.map((a, i) =>
      i === 0 && arrowFirst
        ? visitArrow(a as ts.ArrowFunction, params, d, method === "reduce" ? 4 : 3)
        : visit(a, params, d),
    );
    if (!receiver || !args.every((a) => a !== undefined)) return undefined;
    return { ...span, kind: "helper", receiver, method, args: args as ExprNode[] };
  };

  const visitArrow = (
    a: ts.ArrowFunction,
    params: readonly string[],
    d: number,
    maxParams: number,
  ): ExprNode | undefined => {
    if (a.modifiers?.length || a.typeParameters || a.type)
      return void notAllowed("An async or typed arrow function", a);
    if (ts.isBlock(a.body)) return void notAllowed("An arrow function with a block body", a.body);
    if (a.parameters.length < 1 || a.parameters.length > maxParams) {
      return void notAllowed(`An arrow function with ${a.parameters.length} parameters`, a);
    }
    const names: string[] = [];
    for (const p of a.parameters) {
      const ok =
        ts.isIdentifier(p.name) &&
        !p.dotDotDotToken &&
        !p.initializer &&
        !p.type &&
        !p.questionToken;
      const name = ok ? (p.name as ts.Identifier).text : "";
      if (
        !ok ||
        !PARAM_NAME.test(name) ||
        SPECIAL_NAMES.has(name) ||
        DENIED_NAMES.has(name) ||
        name === "Math" ||
        name === "undefined"
      ) {
        notAllowed(ok ? `Parameter name '${name}'` : "A parameter that is not a plain name", p);
        return undefined;
      }
      if (names.includes(name)) return void notAllowed(`Duplicate parameter '${name}'`, p);
      names.push(name);
    }
    const body = visit(a.body, [...names, ...params], d + 1);
    return body && { start: start(a), end: end(a), kind: "arrow", params: names, body };
  };

  const root = visit(top, [], 0);
  return { node: diags.hasError() || root === undefined ? null : root, problems };

  function calleeText(n: ts.Node): string {
    const text = n.getText(sf).replace(/\s+/g, " ");
    return text.length > 40 ? text.slice(0, 37) + "..." : text;
  }
}
