/**
 * References inside expressions (guards, `set` and `init` values, an invariant's `holds` and
 * `when`), for the index: each expression is parsed by the compiler's own expression parser
 * (expr/parse.ts, the AST the checker and the code generators use) and its nodes are resolved
 * against the scope the binder gives it — a free name is a field of the entity, `prev.x` too,
 * `event.x` a field of the transition's event, and a string literal compared with a field typed
 * by a machine is one of its states. Positions come from the current text (expr/ast.ts exprLoc),
 * so they are right for the buffer being edited, even when it does not check.
 */
import { exprLoc, SPECIAL_NAMES, walkExpr, type ExprNode } from "../expr/ast.js";
import { parseExpr } from "../expr/parse.js";
import type { Expr, Loc } from "../ir/types.js";
import type { LoadedFile, YamlPath } from "../load/yaml.js";

/**
 * The key prefix of a member the index does not resolve (`i.qty` in an arrow function): such
 * occurrences are found by references but name no declaration, and a field of that name is not
 * renamed automatically (see navigate.ts).
 */
export const UNRESOLVED = "?member:";

/** What names in one expression resolve to: keys of the index, or undefined when unknown. */
export interface ExprScope {
  /** The key of a field of the entity (`paid`, `prev.paid`). */
  field(name: string): string | undefined;
  /** The key of a field of the transition's event (`event.amount`). */
  eventField(name: string): string | undefined;
  /** The key of a state named by a string literal (`'paid'`). */
  state(literal: string): string | undefined;
}

/** One resolved name in an expression. */
export interface ExprRef {
  readonly key: string;
  readonly loc: Loc;
}

/** The expression at `path` of a file, as the binder makes it (bind/bind.ts `expr`). */
export function exprAt(f: LoadedFile, path: YamlPath, source: string): Expr {
  const start = f.contentStart(path);
  return { source, loc: f.locOf(path), contentLine: start.line, contentColumn: start.column };
}

/** The resolved names of the expression at `path` (none when it does not parse). */
export function exprRefs(f: LoadedFile, path: YamlPath, source: string, scope: ExprScope): ExprRef[] {
  const expr = exprAt(f, path, source);
  const [node] = parseExpr(expr);
  if (!node) return [];
  const out: ExprRef[] = [];
  const push = (key: string | undefined, start: number, end: number) => {
    if (key !== undefined && start < end) out.push({ key, loc: exprLoc(expr, start, end) });
  };
  walkExpr(node, (n: ExprNode) => {
    if (n.kind === "name" && !n.param && !SPECIAL_NAMES.has(n.name)) push(scope.field(n.name), n.start, n.end);
    else if (n.kind === "member") {
      // The property is the last thing the member node spans (`prev.paid`, `event . amount`).
      const start = n.end - n.property.length;
      if (source.slice(start, n.end) !== n.property) return;
      const special = n.object.kind === "name" && !n.object.param && SPECIAL_NAMES.has(n.object.name) ? n.object.name : undefined;
      if (special === "event") push(scope.eventField(n.property), start, n.end);
      else if (special === "prev") push(scope.field(n.property), start, n.end);
      // A member of anything else (`i.qty` in `items.every(i => i.qty > 0)`) is not resolved here.
      else push(`${UNRESOLVED}${n.property}`, start, n.end);
    } else if (n.kind === "string" && n.end - n.start === n.value.length + 2) {
      push(scope.state(n.value), n.start + 1, n.end - 1);
    }
  });
  return out;
}
