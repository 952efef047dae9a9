/** A small intent file with one guard, one effect and one invariant at known YAML positions. */
import { compileMemory } from "../helpers.js";
import type { CompileResult } from "../../compiler/program.js";

/** Line and first-character column of the guard, effect and invariant expressions in {@link shopYaml}. */
export const AT = {
  guard: { line: 25, column: 26 },
  effect: { line: 26, column: 32 },
  holds: { line: 32, column: 13 },
  init: { line: 21, column: 19 },
  setKey: { line: 26, column: 25 },
} as const;

/** The intent text: `guard`, `effect` (the value of `paid`) and `holds` are inserted verbatim inside double quotes. */
export function shopYaml(
  parts: { guard?: string; effect?: string; holds?: string; setField?: string; init?: string } = {},
): string {
  const guard = parts.guard ?? "paid + event.amount <= total";
  const effect = parts.effect ?? "paid + event.amount";
  const holds = parts.holds ?? "paid <= total";
  return `intent: 1
domain: shop
version: 1.0.0
types:
  Money: { type: integer, minimum: 0 }
entities:
  Order:
    fields:
      total: Money
      paid: Money
      items: { type: array, items: { fields: { qty: integer, price: Money } } }
      status: Life
      note?: string
events:
  pay: { fields: { amount: Money } }
  submit: {}
machines:
  Life:
    entity: Order
    initial: open
    init: { paid: ${parts.init ?? "0"} }
    states:
      open:
        on:
          pay: { guard: "${guard}",
                 set: { ${parts.setField ?? "paid"}: "${effect}" } }
          submit: closed
      closed: { final: true }
invariants:
  INV-1:
    says: Never overpaid
    holds: "${holds}"
`;
}

/** Compile {@link shopYaml} through the real front end. */
export function compileShop(parts: Parameters<typeof shopYaml>[0] = {}): CompileResult {
  return compileMemory({ "intent/shop.intent.yaml": shopYaml(parts) });
}
