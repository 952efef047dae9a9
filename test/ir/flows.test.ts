/**
 * A flow's derived participants (compiler/ir/flows.ts flowParticipants): every machine with a
 * transition on an event of a step, in order of the first event each handles (machines of one
 * event in program order), named after its entity, or after the machine when that name is taken.
 */
import { describe, expect, it } from "vitest";
import { flowEvents, flowParticipants, handles } from "../../compiler/ir/flows.js";
import type { Flow, Program } from "../../compiler/ir/types.js";
import { compileMemory } from "../helpers.js";

const SHOP = `intent: 1
domain: shop
version: 1.0.0
entities:
  Order: { fields: { n: { type: integer, minimum: 0, maximum: 3 }, status: OrderLife } }
  Parcel: { fields: { n: { type: integer, minimum: 0, maximum: 3 }, status: ParcelLife } }
  Idle: { fields: { status: IdleLife } }
events:
  place: {}
  pack: {}
  ship: {}
machines:
  ParcelLife:
    entity: Parcel
    initial: waiting
    states:
      waiting: { on: { pack: packed } }
      packed: { on: { ship: gone } }
      gone: { final: true }
  OrderLife:
    entity: Order
    initial: new
    states:
      new: { on: { place: placed } }
      placed: { on: { ship: done } }
      done: { final: true }
  IdleLife:
    entity: Idle
    initial: idle
    states:
      idle: { final: true }
flows:
  delivery:
    says: An order is placed, packed and shipped
    steps:
      - place
      - pack
      - shop.ship
      - billing.charge
`;

const BILLING = `intent: 1
domain: billing
version: 1.0.0
entities:
  Order: { fields: { n: { type: integer, minimum: 0, maximum: 3 }, status: BillLife } }
events:
  charge: {}
machines:
  BillLife:
    entity: Order
    initial: open
    states:
      open: { on: { charge: paid, shop.pack: open } }
      paid: { final: true }
`;

/** The definition read literally: each event of the flow in turn scans every machine. */
function reference(program: Program, flow: Flow): { name: string; machine: string }[] {
  const out: { name: string; machine: string }[] = [];
  const machines = program.domains.flatMap((d) => d.machines);
  const recordName = (s: string) => s.slice(0, 1).toLowerCase() + s.slice(1);
  for (const ev of flowEvents(flow)) {
    for (const m of machines) {
      const id = `${m.domain}.${m.name}`;
      if (!handles(m, ev) || out.some((p) => p.machine === id)) continue;
      let name = recordName(m.entity.name);
      if (out.some((p) => p.name === name)) name = recordName(m.name);
      out.push({ name, machine: id });
    }
  }
  return out;
}

describe("flowParticipants", () => {
  it("derives participants in order of the first event each handles, then program order", () => {
    const r = compileMemory({
      "intent/shop.intent.yaml": SHOP,
      "intent/billing.intent.yaml": BILLING,
    });
    const program = r.program as Program;
    expect(program).toBeDefined();
    const flow = program.domains.flatMap((d) => d.flows).find((f) => f.name === "delivery");
    expect(flow).toBeDefined();
    const got = flowParticipants(program, flow as Flow).map((p) => ({
      name: p.name,
      machine: `${p.machine.domain}.${p.machine.name}`,
    }));
    // place: shop.OrderLife; pack: billing.BillLife (its record name `order` is taken, so
    // `billLife`) before shop.ParcelLife in program order; ship and charge add no machine.
    expect(got).toEqual([
      { name: "order", machine: "shop.OrderLife" },
      { name: "billLife", machine: "billing.BillLife" },
      { name: "parcel", machine: "shop.ParcelLife" },
    ]);
    expect(got).toEqual(reference(program, flow as Flow));
  });
});
