/**
 * Compile accepted expressions to JavaScript. Code is rebuilt from the whitelisted AST (never
 * copied from the source text): names become property reads on the scope objects, `==`/`!=`
 * become `===`/`!==`, and string literals go through `jsString`, so no intent text can change
 * the meaning of generated code. Arrow parameters are emitted with a `$` suffix (`i$`) so they
 * can never capture the scope names; scope expressions must therefore not end with `$`.
 */
import { compilerAssert } from "../diagnostic.js";
import { jsString } from "../shared/js-text.js";
import type { Expr } from "../ir/types.js";
import { walkExpr, type ExprNode } from "./ast.js";
import { parseAccepted } from "./parse.js";

export { evaluateExpr, type ExprEnv } from "./evaluate.js";

/** JS expressions for the entity record, the event payload and the previous record. */
export interface ExprScope {
  readonly fields: string;
  readonly event?: string;
  readonly prev?: string;
}

/**
 * A parenthesised JavaScript expression computing `expr` in `scope`.
 * @example compileExpr(guard, { fields: "s", event: "e" }) // "(s.paid + e.amount)"
 */
export function compileExpr(expr: Expr, scope: ExprScope): string {
  const node = parseAccepted(expr);
  const code = emit(node, scope);
  return node.kind === "unary" || node.kind === "binary" || node.kind === "conditional" ? code : `(${code})`;
}

/** A compiled function `(fields, event?, prev?) => value` for an accepted expression. */
export function compileFunction(expr: Expr): (fields: unknown, event?: unknown, prev?: unknown) => unknown {
  const body = compileExpr(expr, { fields: "$$f", event: "$$e", prev: "$$p" });
  // The body is generated from the whitelisted AST only; see the module comment.
  return new Function("$$f", "$$e", "$$p", `"use strict";\nreturn ${body};`) as (f: unknown, e?: unknown, p?: unknown) => unknown;
}

/** The names an expression reads: entity fields, `event.<field>` and `prev.<field>`, each sorted. */
export function exprReferences(expr: Expr): { fields: string[]; eventFields: string[]; prevFields: string[] } {
  const fields = new Set<string>();
  const eventFields = new Set<string>();
  const prevFields = new Set<string>();
  walkExpr(parseAccepted(expr), (n) => {
    if (n.kind === "name" && !n.param && n.name !== "event" && n.name !== "prev") fields.add(n.name);
    if (n.kind === "member" && n.object.kind === "name" && !n.object.param) {
      if (n.object.name === "event") eventFields.add(n.property);
      if (n.object.name === "prev") prevFields.add(n.property);
    }
  });
  const sorted = (s: Set<string>) => [...s].sort();
  return { fields: sorted(fields), eventFields: sorted(eventFields), prevFields: sorted(prevFields) };
}

function emit(n: ExprNode, scope: ExprScope): string {
  const e = (x: ExprNode) => emit(x, scope);
  switch (n.kind) {
    case "number":
      return String(n.value);
    case "string":
      return jsString(n.value);
    case "boolean":
      return n.value ? "true" : "false";
    case "null":
      return "null";
    case "undefined":
      return "undefined";
    case "name":
      if (n.param) return `${n.name}$`;
      if (n.name === "event" || n.name === "prev") {
        const target = n.name === "event" ? scope.event : scope.prev;
        compilerAssert(target !== undefined, `expression uses '${n.name}' but the scope has none`);
        return target;
      }
      return ownRead(scope.fields, n.name);
    case "member":
      return ownRead(object(n.object, scope), n.property);
    case "index":
      return `${object(n.object, scope)}[${n.index}]`;
    case "unary":
      return `(${n.op}${e(n.operand)})`;
    case "binary": {
      const op = n.op === "==" ? "===" : n.op === "!=" ? "!==" : n.op;
      return `(${e(n.left)} ${op} ${e(n.right)})`;
    }
    case "conditional":
      return `(${e(n.test)} ? ${e(n.then)} : ${e(n.else)})`;
    case "array":
      return `[${n.elements.map(e).join(", ")}]`;
    case "arrow":
      return `(${n.params.map((p) => `${p}$`).join(", ")}) => ${e(n.body)}`;
    case "helper":
      return `${object(n.receiver, scope)}.${n.method}(${n.args.map(e).join(", ")})`;
    case "math":
      return `Math.${n.fn}(${n.args.map(e).join(", ")})`;
  }
}

/** The receiver of a property access; number literals need parentheses (`(1).x`). */
/** Names every plain object inherits (`toString`, `valueOf`, …): data must never read them. */
const INHERITED: ReadonlySet<string> = new Set(Object.getOwnPropertyNames(Object.prototype));

/**
 * `obj.name`, except that a name every object inherits is read only as an own property: an absent
 * optional field called `toString` is `undefined`, never Object.prototype's function.
 */
function ownRead(obj: string, name: string): string {
  return INHERITED.has(name) ? `(Object.hasOwn(${obj}, ${jsString(name)}) ? ${obj}.${name} : undefined)` : `${obj}.${name}`;
}

function object(n: ExprNode, scope: ExprScope): string {
  const code = emit(n, scope);
  return n.kind === "number" ? `(${code})` : code;
}
