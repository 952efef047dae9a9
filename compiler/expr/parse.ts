/**
 * Parse an expression (syntax.ts: a scanner and parser that follow the TypeScript parser) and
 * walk its tree with a whitelist. Anything outside the pure subset is reported at the exact YAML
 * position of the offending node, and never reaches an {@link ExprNode}: compile, evaluate and
 * type-check only see accepted trees. No TypeScript is loaded.
 */
import { inexactNumber } from "../shared/numbers.js";
import type { Diagnostic, DiagnosticResult } from "../diagnostic.js";
import {
  createDiagnostic,
  diagnostics as diagnosticTable,
  suggestHint,
  type DiagnosticName,
  type ReportExtra,
} from "../diagnostics.js";
import { derivation, derived } from "../ir/derived.js";
import type { Expr } from "../ir/types.js";
import { SPECIAL_NAMES, exprLoc, type BinaryOp, type ExprNode, type RecordProp } from "./ast.js";
import { parseSyntax, type Syn } from "./syntax.js";
import { isIdent, visitCall, type Walk } from "./whitelist-calls.js";
import { ASSIGNMENTS, BINARY_OPS, DENIED_NAMES, RESERVED_PROPERTIES } from "./whitelist-rules.js";

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
  /** Hint for an unknown name when no field is close (e.g. "Initial values are constant…"), or a function of the name. */
  readonly unknownHint?: string | ((name: string) => string | undefined);
}

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

function parseSource(source: string, names: NameScope | undefined): Parsed {
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
  const parsed = parseSyntax(source, MAX_EXPR_DEPTH);
  if (parsed.tooDeepAt !== undefined) {
    diags.report(
      "expr-too-deep",
      { limit: MAX_EXPR_DEPTH },
      { start: parsed.tooDeepAt, end: Math.min(source.length, parsed.tooDeepAt + 1) },
    );
    return fail();
  }
  if (parsed.error !== undefined) {
    const d = parsed.error;
    diags.report(
      "expr-syntax",
      { detail: d.message },
      { start: d.start, end: d.start + Math.max(1, d.length) },
    );
    return fail();
  }
  const at = (n: At): At => ({ start: n.start, end: n.end });
  const notAllowed = (what: string, n: At) => diags.report("expr-not-allowed", { what }, at(n));
  const walk: Walk = {
    source,
    names,
    diags,
    visit: (n, params, depth) => visit(n, params, depth),
    notAllowed,
  };

  if (parsed.statements.length === 0) {
    diags.report(
      "expr-syntax",
      { detail: "the expression is empty." },
      { start: 0, end: source.length },
    );
    return fail();
  }
  const stmt = parsed.statements[0];
  if (parsed.statements.length > 1) notAllowed("A second statement", parsed.statements[1]);
  if (stmt.kind !== "expr") {
    notAllowed(stmt.block ? "A block or object literal" : "A statement", stmt);
    return fail();
  }
  if (stmt.end > stmt.expr.end) {
    diags.report("expr-not-allowed", { what: "';'" }, { start: stmt.expr.end, end: stmt.end });
  }

  type Scope = readonly string[];
  const visit = (n: Syn, params: Scope, depth: number): ExprNode | undefined => {
    if (depth > MAX_EXPR_DEPTH) {
      diags.report("expr-too-deep", { limit: MAX_EXPR_DEPTH }, at(n));
      return undefined;
    }
    const span = { start: n.start, end: n.end };
    const d = depth + 1;
    switch (n.kind) {
      case "Num": {
        const why = inexactNumber(n.value, source.slice(n.start, n.end));
        if (why !== undefined) {
          diags.report("expr-inexact-number", { text: source.slice(n.start, n.end), why }, at(n));
          return undefined;
        }
        return { ...span, kind: "number", value: n.value };
      }
      case "Str":
        return { ...span, kind: "string", value: n.value };
      case "Keyword":
        switch (n.word) {
          case "true":
            return { ...span, kind: "boolean", value: true };
          case "false":
            return { ...span, kind: "boolean", value: false };
          case "null":
            return { ...span, kind: "null" };
          default:
            return void notAllowed(`'${n.word}'`, n);
        }
      case "Paren": {
        const inner = visit(n.expr, params, d);
        return inner && { ...inner, paren: { start: n.start, end: n.end } };
      }
      case "Ident":
        return visitName(n, params);
      case "Prop":
        return visitMember(n, params, d);
      case "Elem": {
        if (n.questionDot) return void notAllowed("Optional chaining ('?.')", n);
        const arg = n.arg;
        if (arg.kind !== "Num" || !Number.isSafeInteger(arg.value)) {
          // `m[k]`: a map read by key, an array read by a computed index (typed by the checker).
          if (
            arg.kind === "Str" &&
            (RESERVED_PROPERTIES.has(arg.value) || arg.value.startsWith("__"))
          ) {
            diags.report("expr-reserved-property", { name: arg.value }, at(arg));
            return undefined;
          }
          const object = visit(n.object, params, d);
          const key = visit(arg, params, d);
          return object && key && { ...span, kind: "lookup", object, key };
        }
        const object = visit(n.object, params, d);
        return object && { ...span, kind: "index", object, index: arg.value };
      }
      case "Call":
        return visitCall(walk, n, params, d);
      case "Prefix": {
        const op = n.op === "!" || n.op === "-" || n.op === "+" ? n.op : undefined;
        if (op === undefined) return void notAllowed(`Operator '${n.op}'`, n);
        const operand = visit(n.operand, params, d);
        return operand && { ...span, kind: "unary", op, operand };
      }
      case "Binary": {
        if (!BINARY_OPS.has(n.op)) {
          const assignment = ASSIGNMENTS.has(n.op);
          const what = assignment
            ? "An assignment"
            : n.op === ","
              ? "The comma operator"
              : `Operator '${n.op}'`;
          return void notAllowed(
            what,
            n.op === "," || assignment ? n : { start: n.opStart, end: n.opEnd },
          );
        }
        const left = visit(n.left, params, d);
        const right = visit(n.right, params, d);
        return (
          left &&
          right && {
            ...span,
            kind: "binary",
            op: n.op as BinaryOp,
            opStart: n.opStart,
            left,
            right,
          }
        );
      }
      case "Cond": {
        const test = visit(n.test, params, d);
        const then = visit(n.then, params, d);
        const otherwise = visit(n.else, params, d);
        return (
          test && then && otherwise && { ...span, kind: "conditional", test, then, else: otherwise }
        );
      }
      case "Array": {
        const elements = n.elements.map((e) => visit(e, params, d));
        return elements.every((e) => e !== undefined)
          ? { ...span, kind: "array", elements: elements as ExprNode[] }
          : undefined;
      }
      case "Object": {
        const props: RecordProp[] = [];
        let ok = true;
        for (const p of n.props) {
          const k = p.key;
          if (k.kind === "Other") {
            notAllowed(`${k.what}`, k);
            ok = false;
            continue;
          }
          if (p.value === undefined) {
            notAllowed("A shorthand property (write 'name: value')", p);
            ok = false;
            continue;
          }
          const name =
            k.kind === "Str"
              ? k.value
              : k.kind === "Num"
                ? String(k.value)
                : k.kind === "Ident"
                  ? k.text
                  : "";
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
          const value = visit(p.value, params, d);
          if (value === undefined) ok = false;
          else props.push({ name, keyStart: k.start, keyEnd: k.end, value });
        }
        return ok ? { ...span, kind: "record", props } : undefined;
      }
      case "Arrow":
        return void notAllowed("An arrow function outside an array helper", n);
      case "Private":
        return void notAllowed("A private name", n);
      case "Spread":
        return void notAllowed("Spread", n);
      case "Other":
        return void notAllowed(n.what, n);
    }
  };

  const visitName = (
    id: Extract<Syn, { kind: "Ident" }>,
    params: readonly string[],
  ): ExprNode | undefined => {
    const name = id.text;
    const span = { start: id.start, end: id.end };
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
              : (suggestHint(name, candidates) ??
                (typeof names.unknownHint === "function"
                  ? names.unknownHint(name)
                  : names.unknownHint));
        diags.report("expr-unknown-name", { name }, at(id), hint !== undefined ? { hint } : {});
        return undefined;
      }
    }
    return { ...span, kind: "name", name, param: false };
  };

  const visitMember = (
    m: Extract<Syn, { kind: "Prop" }>,
    params: readonly string[],
    d: number,
  ): ExprNode | undefined => {
    if (m.questionDot) return void notAllowed("Optional chaining ('?.')", m);
    if (m.name.kind === "Private") return void notAllowed("A private name", m.name);
    const property = (m.name as Extract<Syn, { kind: "Ident" }>).text;
    if (RESERVED_PROPERTIES.has(property) || property.startsWith("__")) {
      diags.report("expr-reserved-property", { name: property }, at(m.name));
      return undefined;
    }
    if (isIdent(m.object, "Math") && !params.includes("Math")) {
      return void notAllowed(`'Math.${property}' outside a call`, m);
    }
    const object = visit(m.object, params, d);
    return object && { start: m.start, end: m.end, kind: "member", object, property };
  };

  const root = visit(stmt.expr, [], 0);
  return { node: diags.hasError() || root === undefined ? null : root, problems };
}

/**
 * The AST of an Expr: a pure function of one immutable IR node (of its source alone), so it is
 * derived from the Expr itself, not from a Program (an Expr two Programs share parses the same).
 */
const ACCEPTED_AST = derivation("accepted expression AST", (expr: Expr): ExprNode => {
  const [node, diags] = parseExpr(expr);
  if (!node)
    throw new Error(
      `expression '${expr.source.slice(0, 80)}' is outside the subset: ${firstMessage(diags)}`,
    );
  return node;
});

/**
 * The AST of an expression already accepted by the checker (no name check); throws an Error
 * naming the first problem otherwise. Parsed once per Expr object (compiler/ir/derived.ts).
 */
export function parseAccepted(expr: Expr): ExprNode {
  return derived(expr, ACCEPTED_AST);
}

function firstMessage(diags: readonly Diagnostic[]): string {
  const d = diags[0];
  return d === undefined ? "unknown error" : `${d.code} ${d.message}`;
}
