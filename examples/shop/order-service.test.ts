/** The order service against its generated model-based suite; the broken variant must be caught. */
import { describe, expect, it } from "vitest";
import { checkOrderLifecycleImplementation } from "../../generated/tests/orders/OrderLifecycle.model-suite.js";
import { createOrderService } from "./order-service.js";
import { createBrokenOrderService } from "./order-service.broken.js";

describe("order service (model-based)", () => {
  it("agrees with the reference model, its contract and every invariant", () => {
    checkOrderLifecycleImplementation(createOrderService, { numRuns: 300, seed: 7 });
  });

  it("catches the overpaying variant with a shrunk two-step counterexample and a seed", () => {
    let message = "";
    try {
      checkOrderLifecycleImplementation(createBrokenOrderService, { numRuns: 300, seed: 7 });
    } catch (e) {
      message = String((e as Error).message);
    }
    expect(message).toMatch(/seed: 7/);
    expect(message).toMatch(/Shrunk \d+ time/);
    expect(message).toMatch(/Model-based check failed after 2 step\(s\)/);
    expect(message).toMatch(/ORD-1 \(The paid amount never exceeds the order total\)/);
    expect(message).toMatch(/1\. \{"type":"submit"\}\n  2\. \{"amount":\d+,"type":"pay"\}/);
  });
});
