/**
 * Initial values fit their fields' types (IC3109): `init: { finesOwed: -5 }` against
 * `minimum: 0` is reported at the value, not found later by the explorer on some transition.
 * The expression checker types `init` values (a string for a number field); this rule holds the
 * constant's value to what TypeScript types cannot say — ranges, lengths, patterns, integers.
 */
import type { DiagnosticCollector } from "../diagnostics.js";
import { describeMisfit, misfit, programResolve, type Misfit } from "../ir/conform.js";
import type { Entity, Expr, Program } from "../ir/types.js";
import type { ExprNode } from "../expr/ast.js";
import { evaluateNode } from "../expr/evaluate.js";
import { parseExpr } from "../expr/parse.js";

/** Misfits the expression checker reports itself (a wrong type of value, an unknown enum member). */
const TYPED = new Set(["enum", "required", "additionalProperties"]);

/** Run the initial-value rule. */
export function checkInitValues(program: Program, diags: DiagnosticCollector): void {
  const resolve = programResolve(program);
  const parsed = new Map<string, ExprNode | undefined>();
  const entities = new Map<string, Entity>();
  for (const d of program.domains)
    for (const e of d.entities) entities.set(`${d.name}.${e.name}`, e);
  for (const d of program.domains) {
    for (const m of d.machines) {
      const entity = entities.get(`${m.entity.domain}.${m.entity.name}`);
      if (entity === undefined) continue;
      for (const a of m.init) {
        const field = entity.fields.find((f) => f.name === a.field);
        if (field === undefined) continue;
        // Only well-formed constants: anything else is the expression checker's to report.
        const node = constantNode(a.expr, parsed);
        if (node === undefined) continue;
        let value: unknown;
        try {
          value = evaluateNode(node, { fields: {} });
        } catch {
          continue;
        }
        if (value === undefined) continue;
        const m2 = misfit(resolve, field.type, value);
        if (m2 === undefined || !reportable(m2, value)) continue;
        diags.report(
          "init-value-out-of-type",
          { field: a.field, machine: m.name, reason: describeMisfit(m2) },
          a.expr.loc,
        );
      }
    }
  }
}

/**
 * The AST of an expression that is a well-formed constant (it names no field, event or prev),
 * parsed once per source text (`parsed`): most machines start their counters at `0`.
 */
function constantNode(expr: Expr, parsed: Map<string, ExprNode | undefined>): ExprNode | undefined {
  if (parsed.has(expr.source)) return parsed.get(expr.source);
  const [node, diags] = parseExpr(expr, { fields: [], event: false, prev: false });
  const ok = diags.length === 0 ? node : undefined;
  parsed.set(expr.source, ok);
  return ok;
}

/** A constraint misfit, or a number that is not an integer or not finite (TypeScript has one number type). */
function reportable(m: Misfit, value: unknown): boolean {
  if (TYPED.has(m.constraint)) return false;
  if (m.constraint !== "type") return true;
  let leaf: unknown = value;
  for (const p of m.path) leaf = (leaf as Record<string | number, unknown>)[p];
  return typeof leaf === "number" && /is not (an integer|a finite number)$/.test(m.reason);
}
