/**
 * A deliberately broken order service: a payment that reaches or passes the total marks the order
 * paid, so `paid` can exceed `total` (ORD-1). The generated model-based suite must catch it with a
 * shrunk counterexample (see order-service.test.ts).
 */
import type { OrderLifecycleImplementation } from "../../generated/machines/orders/OrderLifecycle.model.js";
import type { Order } from "../../generated/contracts/orders/types.js";
import { applyOrderEvent } from "./order-service.js";

/** The broken service: overpayment is accepted. */
export function createBrokenOrderService(): OrderLifecycleImplementation {
  let order: Order | undefined;
  const current = (): Order => {
    if (order === undefined) throw new Error("create() was not called");
    return order;
  };
  return {
    create(initial) {
      order = { ...initial };
    },
    send(event) {
      const o = current();
      if (o.status === "submitted" && event.type === "pay" && o.paid + event.amount > o.total) {
        order = { ...o, paid: o.paid + event.amount, status: "paid" };
        return;
      }
      order = applyOrderEvent(o, event);
    },
    snapshot: current,
  };
}
