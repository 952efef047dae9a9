/**
 * The symbols of the conservation proof (conservation-proof.ts): a field of a participant
 * instance before the step as a qualified name (`@order.paid`, `@account[1].balance`; `@` keeps
 * them apart from arrow parameters), and the flow's holders rewritten over them.
 */
import type { ExprNode } from "../expr/ast.js";
import { mapExpr, synthetic } from "../expr/rewrite.js";
import type { Field } from "../ir/types.js";
import type { Slot } from "./compose-views.js";

/** Why a tree cannot be reasoned about (a "not proven" reason, caught by the proof). */
export class NotProven extends Error {}

/** The qualified name of flat field `flat` (`order.paid`). */
export const qname = (flat: string): ExprNode =>
  synthetic({ kind: "name", name: `@${flat}`, param: false });

/**
 * Why field `f` of `slot` is not an exact symbol: optional (it may be undefined, NaN in
 * arithmetic), or a non-integer number (floating-point sums may round).
 */
export function inexact(slot: Slot, f: Field): string | undefined {
  if (f.optional) return "is optional (it may be undefined)";
  const t = slot.model.scope.resolve(f.type);
  if (t.kind === "primitive" && t.name === "number")
    return "is a number, not an integer (floating-point sums may round)";
  return undefined;
}

/** The field `name` of `slot` before the step (not proven when {@link inexact}). */
export function field(slot: Slot, name: string): ExprNode {
  const f = slot.model.fields.find((x) => x.name === name);
  const why = f === undefined ? undefined : inexact(slot, f);
  if (why !== undefined) throw new NotProven(`'${slot.name}.${name}' ${why}`);
  return qname(`${slot.name}.${name}`);
}

/**
 * A holder over qualified fields (`@order.paid`, `@account[1].balance`): `p.f` of a participant,
 * `p[i].f` of an instance, and `sum(p, (x) => …)` or `p.reduce((s, x) => s + …, init)` over
 * the instances of `p` expanded to a sum. Anything else naming a participant is not proven.
 */
export function qualifyHolder(node: ExprNode, slots: readonly Slot[]): ExprNode {
  const bySlot = new Map(slots.map((s) => [s.name, s]));
  const instances = (p: string) => slots.filter((s) => s.participant.name === p);
  const expand = (p: string, param: string, body: ExprNode, init: ExprNode): ExprNode => {
    let out = init;
    for (const s of instances(p)) {
      const term = mapExpr(body, (n) => {
        if (n.kind === "arrow" && n.params.includes(param))
          throw new NotProven(`a holder rebinds '${param}'`);
        if (
          n.kind === "member" &&
          n.object.kind === "name" &&
          n.object.param &&
          n.object.name === param
        )
          return field(s, n.property);
        if (n.kind === "name" && n.param && n.name === param)
          throw new NotProven(`a holder reads an instance of '${p}' as a whole`);
        return undefined;
      });
      out = synthetic({ kind: "binary", op: "+", opStart: 0, left: out, right: q(term) });
    }
    return out;
  };
  const participant = (n: ExprNode): string | undefined =>
    n.kind === "name" && !n.param && instances(n.name).length > 0 ? n.name : undefined;
  const q = (tree: ExprNode): ExprNode =>
    mapExpr(tree, (n) => {
      if (n.kind === "member") {
        const p = participant(n.object);
        if (p !== undefined && bySlot.has(p)) return field(bySlot.get(p)!, n.property);
        if (n.object.kind === "index") {
          const pi = participant(n.object.object);
          const slot = pi === undefined ? undefined : `${pi}[${n.object.index}]`;
          if (slot !== undefined && bySlot.has(slot)) return field(bySlot.get(slot)!, n.property);
        }
      }
      if (n.kind === "quant" && n.fn === "sum" && n.arrow.kind === "arrow") {
        const p = participant(n.map);
        if (p !== undefined && n.arrow.params.length === 1)
          return expand(
            p,
            n.arrow.params[0],
            n.arrow.body,
            synthetic({ kind: "number", value: 0 }),
          );
      }
      if (n.kind === "helper" && n.method === "reduce" && n.args[0]?.kind === "arrow") {
        const p = participant(n.receiver);
        const [acc, x] = n.args[0].params;
        const body = n.args[0].body;
        if (
          p !== undefined &&
          n.args[0].params.length === 2 &&
          body.kind === "binary" &&
          body.op === "+" &&
          body.left.kind === "name" &&
          body.left.param &&
          body.left.name === acc &&
          !mentions(body.right, acc)
        )
          return expand(p, x, body.right, q(n.args[1]));
      }
      if (n.kind === "name" && !n.param && !n.name.startsWith("@"))
        throw new NotProven(`a holder reads '${n.name}' other than as a participant's field`);
      return undefined;
    });
  return q(node);
}

function mentions(node: ExprNode, name: string): boolean {
  let found = false;
  mapExpr(node, (n) => {
    if (n.kind === "name" && n.name === name) found = true;
    return undefined;
  });
  return found;
}
