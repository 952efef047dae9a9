/**
 * A hand-written order service (the `order-service` slice), implementing the generated
 * `OrderLifecycleImplementation` interface. It does not use the reference model: the generated
 * model-based suite checks it against the model (see order-service.test.ts).
 */
import type { Order } from "../../generated/contracts/orders/types.js";
import type { OrderLifecycleEvent, OrderLifecycleImplementation } from "../../generated/machines/orders/OrderLifecycle.model.js";

/** Thrown when an event is not allowed in the order's current state. */
export function rejected(order: Order, event: OrderLifecycleEvent): Error {
  return new Error(`order ${order.id}: '${event.type}' is not allowed while ${order.status}`);
}

/** Apply one event to an order, returning the next order (the input is never mutated). */
export function applyOrderEvent(order: Order, event: OrderLifecycleEvent): Order {
  switch (order.status) {
    case "draft":
      if (event.type === "submit" && order.items.length > 0 && order.total > 0) return { ...order, status: "submitted" };
      if (event.type === "cancel") return withReason({ ...order, status: "cancelled" }, event.reason);
      break;
    case "submitted":
      if (event.type === "pay") {
        const paid = order.paid + event.amount;
        if (paid === order.total) return { ...order, paid, status: "paid" };
        if (paid < order.total) return { ...order, paid };
      }
      if (event.type === "cancel" && order.paid === 0) return withReason({ ...order, status: "cancelled" }, event.reason);
      break;
    case "paid":
      if (event.type === "ship") return { ...order, status: "shipped" };
      break;
    default:
      break;
  }
  throw rejected(order, event);
}

function withReason(order: Order, reason: string | undefined): Order {
  const { cancelReason: _old, ...rest } = order;
  return reason === undefined ? rest : { ...rest, cancelReason: reason };
}

/** A fresh in-memory order service holding one order. */
export function createOrderService(): OrderLifecycleImplementation {
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
      order = applyOrderEvent(current(), event);
    },
    snapshot: current,
  };
}
