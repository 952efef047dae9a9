/** The generated XState machine and invariants, used directly in an app's test. */
import { describe, expect, it } from "vitest";
import { createActor } from "xstate";
import { orderLifecycleMachine } from "../../generated/machines/orders/OrderLifecycle.machine.js";
import { checkOrderInvariants } from "../../generated/contracts/orders/invariants.js";
import { validateOrder } from "../../generated/contracts/orders/validators.js";
import type { Order } from "../../generated/contracts/orders/types.js";

const draft: Order = { id: "ord_a1b2c3d4", items: [{ sku: "TEA-0001", qty: 2, price: 450 }], total: 900, paid: 0, status: "draft" };

describe("order machine in an app", () => {
  it("takes an order from draft to shipped in two payments, valid and within its invariants", () => {
    const actor = createActor(orderLifecycleMachine, { input: draft }).start();
    for (const event of [{ type: "submit" }, { type: "pay", amount: 400 }, { type: "pay", amount: 500 }, { type: "ship" }] as const) {
      const before = actor.getSnapshot().context;
      actor.send(event);
      const after = actor.getSnapshot().context;
      expect(validateOrder(after).ok).toBe(true);
      expect(checkOrderInvariants(before, after)).toEqual([]);
    }
    expect(actor.getSnapshot().value).toBe("shipped");
    expect(actor.getSnapshot().context.paid).toBe(900);
  });

  it("ignores an overpayment: the machine's guard keeps paid <= total", () => {
    const actor = createActor(orderLifecycleMachine, { input: draft }).start();
    actor.send({ type: "submit" });
    actor.send({ type: "pay", amount: 901 });
    expect(actor.getSnapshot().context.paid).toBe(0);
  });
});
