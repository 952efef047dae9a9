/**
 * Type-check accepted expressions over the IR types, without TypeScript. The rules follow what
 * TypeScript (strict) did when expressions were checked in generated wrapper functions
 * (`function (fields…, event, prev): <result> { return (expr); }` with `==`/`!=` checked as
 * `===`/`!==`): the same accepted and rejected expressions, the same positions (the offending
 * sub-expression; the whole expression for a wrong result type) and, for the common cases,
 * TypeScript's own wording. test/expr/typecheck-diff.test.ts compares both on random programs;
 * README.md in this folder says what is promised. The parts: types.ts (type algebra),
 * relations.ts, members.ts (built-in members), type-env.ts (the program's types), narrow.ts,
 * checker.ts.
 */
import type { Diagnostic } from "../diagnostic.js";
import { createDiagnostic } from "../diagnostics.js";
import type { Expr, Program, Ref, TargetStep } from "../ir/types.js";
import { exprLoc, type ExprNode } from "./ast.js";
import { Checker, type Scope } from "./checker.js";
import { TypeEnv } from "./type-env.js";
import { ANY, BOOLEAN, type Ty } from "./types.js";

/** One accepted expression to type-check. */
export interface TypeCheckItem {
  readonly expr: Expr;
  readonly node: ExprNode;
  /** Domain whose file holds the expression. */
  readonly domain: string;
  readonly entity: Ref;
  /** The transition's event (guards and effects). */
  readonly event?: Ref;
  /** Whether `prev` (the entity before the step) is in scope. */
  readonly prev: boolean;
  /** What the value must be: a boolean, or assignable to an entity field. */
  readonly result:
    | { readonly kind: "boolean" }
    | { readonly kind: "field"; readonly field: string }
    /**
     * A part of a field (`"accounts[event.id].balance": value`): the new value (`part`, at
     * `path`), or a key of the target (`key`, of the map at `path`).
     */
    | {
        readonly kind: "key" | "part";
        readonly field: string;
        readonly path: readonly TargetStep[];
      };
  /** How to name the expression in a wrong-type message ("guard", "value for 'paid'"). */
  readonly role: string;
}

/** TypeScript's diagnostic codes of our messages: it orders findings at one range by code. */
const TS_CODES: readonly (readonly [RegExp, number])[] = [
  [/^Type '/, 2322],
  [/^Argument of type/, 2345],
  [/^Property '.*' does not exist on type '.*'\. Did you mean/, 2551],
  [/^Property '/, 2339],
  [/^Parameter '/, 7006],
  [/^Object is possibly 'null'\./, 2531],
  [/^Object is possibly 'undefined'/, 2532],
  [/^Object is possibly 'null' or/, 2533],
  [/^'.*' is possibly 'null'\./, 18047],
  [/^'.*' is possibly 'undefined'/, 18048],
  [/^'.*' is possibly 'null' or/, 18049],
  [/^The value '/, 18050],
  [/^Operator '/, 2365],
  [/^This comparison appears/, 2367],
  [/^The left-hand side of an arithmetic/, 2362],
  [/^The right-hand side of an arithmetic/, 2363],
  [/^Element implicitly/, 7053],
  [/^This kind of expression is always truthy/, 2872],
  [/^This kind of expression is always falsy/, 2873],
  [/^This condition will always return/, 2839],
];

function tsCode(detail: string): number {
  for (const [re, code] of TS_CODES) if (re.test(detail)) return code;
  return 0;
}

/** What an item's value must be assignable to. */
function resultType(item: TypeCheckItem, entity: Ty): Ty {
  if (item.result.kind === "boolean") return BOOLEAN;
  const field = entity.k === "object" ? (entity.fields().get(item.result.field) ?? ANY) : ANY;
  if (item.result.kind === "field") return field;
  let t = field;
  for (const step of item.result.path) {
    if (t.k !== "object") return ANY;
    t = step.kind === "entry" ? (t.map?.value ?? ANY) : (t.fields().get(step.name) ?? ANY);
  }
  if (item.result.kind === "part") return t;
  return t.k === "object" && t.map !== undefined ? t.map.key : ANY;
}

/** Type-check every item; diagnostics carry exact YAML positions. */
export function typeCheckExpressions(
  program: Program,
  items: readonly TypeCheckItem[],
): Diagnostic[] {
  if (items.length === 0) return [];
  const env = new TypeEnv(program);
  const out: Diagnostic[] = [];
  // TypeScript reported per domain (sorted), per expression in order, then by position; the
  // wrong-result finding sat on the wrapper's `return`, before the expression's own findings.
  const byDomain = new Map<string, TypeCheckItem[]>();
  for (const item of items) {
    if (!byDomain.has(item.domain)) byDomain.set(item.domain, []);
    byDomain.get(item.domain)!.push(item);
  }
  for (const [, list] of [...byDomain].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    for (const item of list) {
      const entity = env.entity(item.entity);
      // TypeScript meets the result field's name (the literal in `Order["paid"]`) first.
      if (item.result.kind === "field") env.literals.of(item.result.field);
      const checker = new Checker(
        env.literals,
        item.expr.source,
        entity,
        item.event && env.event(item.event),
        item.prev ? entity : undefined,
      );
      const target = resultType(item, entity);
      const scope: Scope = new Map();
      const t = checker.check(item.node, scope, target);
      checker.result(item.node, t, target, scope);
      const { expr } = item;
      const seen = new Set<string>();
      const sorted = [...checker.findings].sort(
        (a, b) =>
          (a.whole ? 0 : 1) - (b.whole ? 0 : 1) ||
          a.start - b.start ||
          a.end - a.start - (b.end - b.start) ||
          tsCode(a.detail) - tsCode(b.detail) ||
          (a.detail < b.detail ? -1 : a.detail > b.detail ? 1 : 0),
      );
      for (const f of sorted) {
        const key = `${f.whole}:${f.start}:${f.end}:${f.detail}`;
        if (seen.has(key)) continue;
        seen.add(key);
        if (f.refusal !== undefined)
          out.push(
            createDiagnostic(
              "expr-reference-equality",
              f.refusal,
              exprLoc(expr, f.start, Math.max(f.end, f.start + 1)),
            ),
          );
        else if (f.whole)
          out.push(
            createDiagnostic(
              "expr-wrong-type",
              { role: item.role, detail: f.detail },
              exprLoc(expr, 0, expr.source.length),
            ),
          );
        else
          out.push(
            createDiagnostic(
              "expr-type-error",
              { detail: f.detail },
              exprLoc(expr, f.start, Math.max(f.end, f.start + 1)),
              f.hint ? { hint: f.hint } : {},
            ),
          );
      }
    }
  }
  return out;
}
