/**
 * Compile accepted expressions to JavaScript. Code is rebuilt from the whitelisted AST (never
 * copied from the source text): names become property reads on the scope objects, `==`/`!=`
 * become `===`/`!==`, and string literals go through `jsString`, so no intent text can change
 * the meaning of generated code. Arrow parameters are emitted with a `$` suffix (`i$`) so they
 * can never capture the scope names; scope expressions must therefore not end with `$`.
 */
import { compilerAssert } from "../diagnostic.js";
import { jsString } from "../shared/js-text.js";
import type { Assignment, Expr, TargetStep } from "../ir/types.js";
import { INTEGER_KEY } from "../ir/map-keys.js";
import { walkExpr, type ExprNode } from "./ast.js";
import { collections } from "../../runtime/collections.js";
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
  return node.kind === "unary" || node.kind === "binary" || node.kind === "conditional"
    ? code
    : `(${code})`;
}

/**
 * The name compiled code calls the collection helpers by (`$C.every(…)`, `$C.at(m, k)`): generated
 * modules import `collections as $C` from @intentc/runtime when {@link usesCollections}.
 */
export const COLLECTIONS = "$C";

/** Whether compiled code of `expr` calls the collection helpers ({@link COLLECTIONS}). */
export function usesCollections(expr: Expr): boolean {
  let found = false;
  walkExpr(parseAccepted(expr), (n) => {
    if (n.kind === "quant" || n.kind === "lookup") found = true;
  });
  return found;
}

/** A compiled function `(fields, event?, prev?) => value` for an accepted expression. */
export function compileFunction(
  expr: Expr,
): (fields: unknown, event?: unknown, prev?: unknown) => unknown {
  return compileCode(compileExpr(expr, { fields: "$$f", event: "$$e", prev: "$$p" }));
}

/** A function `(fields, event?, prev?) => value` of compiled expression code (from {@link compileExpr}). */
export function compileCode(
  body: string,
): (fields: unknown, event?: unknown, prev?: unknown) => unknown {
  // The body is generated from the whitelisted AST only; see the module comment.
  const f = new Function("$$f", "$$e", "$$p", COLLECTIONS, `"use strict";\nreturn ${body};`) as (
    f: unknown,
    e: unknown,
    p: unknown,
    c: unknown,
  ) => unknown;
  return (fields, event, prev) => f(fields, event, prev, collections);
}

/**
 * The effects of a transition as one expression per field, in order of first assignment: a whole
 * value (`paid: paid + 1`), or the field with parts replaced — an entry of a map
 * (`"rmState[k]": v` → `$C.put(<rmState>, k, v)`) or a deeper part
 * (`"accounts[k].balance": v` → `$C.putIn(<accounts>, [k, "balance"], v)`), nested for several
 * parts in the order written. Every key and value reads the state before the step (`scope`).
 * A field set whole and in part is refused by the checker (IC4031, IC4036); here the whole value wins.
 */
export function compileEffects(
  sets: readonly Assignment[],
  scope: ExprScope,
): { field: string; code: string }[] {
  const out: { field: string; code: string }[] = [];
  const at = new Map<string, number>();
  const whole = new Set(sets.filter((a) => a.path === undefined).map((a) => a.field));
  for (const a of sets) {
    if (a.path !== undefined && whole.has(a.field)) continue;
    let i = at.get(a.field);
    if (i === undefined) {
      at.set(a.field, (i = out.length));
      out.push({
        field: a.field,
        code: a.path === undefined ? "" : ownRead(scope.fields, a.field),
      });
    }
    const value = compileExpr(a.expr, scope);
    out[i] = {
      field: a.field,
      code: a.path === undefined ? value : putCode(out[i].code, a.path, value, scope),
    };
  }
  return out;
}

/** `base` with the part at `path` replaced by `value`: one entry by `put`, deeper by `putIn`. */
function putCode(
  base: string,
  path: readonly TargetStep[],
  value: string,
  scope: ExprScope,
): string {
  const keys = path.map((s) => (s.kind === "entry" ? compileExpr(s.key, scope) : jsString(s.name)));
  return path.length === 1 && path[0].kind === "entry"
    ? `${COLLECTIONS}.put(${base}, ${keys[0]}, ${value})`
    : `${COLLECTIONS}.putIn(${base}, [${keys.join(", ")}], ${value})`;
}

/** Whether compiled effects of `sets` call the collection helpers. */
export function effectsUseCollections(sets: readonly Assignment[]): boolean {
  return sets.some((a) => a.path !== undefined || usesCollections(a.expr));
}

/** The names an expression reads: entity fields, `event.<field>` and `prev.<field>`, each sorted. */
export function exprReferences(expr: Expr): {
  fields: string[];
  eventFields: string[];
  prevFields: string[];
} {
  const fields = new Set<string>();
  const eventFields = new Set<string>();
  const prevFields = new Set<string>();
  walkExpr(parseAccepted(expr), (n) => {
    if (n.kind === "name" && !n.param && n.name !== "event" && n.name !== "prev")
      fields.add(n.name);
    if (n.kind === "member" && n.object.kind === "name" && !n.object.param) {
      if (n.object.name === "event") eventFields.add(n.property);
      if (n.object.name === "prev") prevFields.add(n.property);
    }
  });
  const sorted = (s: Set<string>) => [...s].sort();
  return {
    fields: sorted(fields),
    eventFields: sorted(eventFields),
    prevFields: sorted(prevFields),
  };
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
    case "lookup":
      // `m['0']` reads the same property as `m[0]`; the number types in Record<number, V>.
      return `${COLLECTIONS}.at(${e(n.object)}, ${n.key.kind === "string" && INTEGER_KEY.test(n.key.value) ? n.key.value : e(n.key)})`;
    case "record":
      // Keys are plain names or quoted strings (never __proto__: the parser refuses it).
      return `({ ${n.props.map((p) => `${jsString(p.name)}: ${e(p.value)}`).join(", ")} })`;
    case "quant":
      return `${COLLECTIONS}.${n.fn}(${e(n.map)}, ${e(n.arrow)})`;
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
  return INHERITED.has(name)
    ? `(Object.hasOwn(${obj}, ${jsString(name)}) ? ${obj}.${name} : undefined)`
    : `${obj}.${name}`;
}

function object(n: ExprNode, scope: ExprScope): string {
  const code = emit(n, scope);
  return n.kind === "number" ? `(${code})` : code;
}
