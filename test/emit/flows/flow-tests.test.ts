/**
 * Generated flow-based tests: the example shop's checkout flow and an asynchronous bank transfer
 * are emitted into test-artifacts/, type-checked under strict, and their suites run here — against
 * the reference models (they pass) and against deliberately broken implementations (a payment
 * that captures one cent less, an order that ignores the payment the flow sends it, an account
 * that deposits twice), which fail with a shrunk command sequence naming what broke.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { join, resolve } from "node:path";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { SUITE_REPORT_ENV } from "../../../compiler/shared/suite-report.js";
import { checkFlowBased, type FlowSuite } from "../../../compiler/testing/flow-based.js";
import { modelImplementation } from "../../../compiler/testing/model-based.js";
import type { ModelImplementation } from "../../../compiler/testing/model-based.js";
import type { ModelDefinition, ModelEventObject } from "../../../runtime/model.js";
import { compileDir, emitTo, typeCheck } from "../machines/emit-helpers.js";
import { createOrderService } from "../../../examples/shop/order-service.js";

type Entity = Record<string, unknown>;
type Impl = ModelImplementation<string, Entity, ModelEventObject>;
type Model = ModelDefinition<string, Entity, ModelEventObject>;
type Check = (impls: Record<string, () => Impl>, options?: object) => void;

const SHOP = join("test-artifacts", "flow-shop");
const BANK = join("test-artifacts", "flow-bank");

/** The reference model of `model`, with `tamper` applied to the entity after each accepted event. */
function tampered(model: Model, tamper: (event: ModelEventObject, e: Entity) => Entity): Impl {
  const inner = modelImplementation(model);
  let entity: Entity | undefined;
  return {
    create(initial) {
      inner.create(initial);
      entity = inner.snapshot();
    },
    send(event) {
      const before = inner.snapshot();
      inner.send(event);
      const after = inner.snapshot();
      entity = after === before ? entity : tamper(event, after);
    },
    snapshot: () => entity as Entity,
  };
}

/** A payment service that captures one cent less than the amount (the reference model otherwise). */
const capturesLess = () =>
  tampered(payment, (event, e) =>
    event.type === "capture" ? { ...e, captured: (e.captured as number) - 1 } : e,
  );

/** The error message of `run`, or "" when it passes. */
function failure(run: () => void): string {
  try {
    run();
    return "";
  } catch (e) {
    return String((e as Error).message);
  }
}

let shop: { check: Check; suite: FlowSuite<unknown> };
let payment: Model;
let order: Model;
let bank: { check: Check };
let account: Model;

beforeAll(async () => {
  emitTo(compileDir("."), join("flow-shop"));
  emitTo(compileDir("test/fixtures/explore/system-bank-async"), join("flow-bank"));
  const m = await import(resolve(SHOP, "tests/orders/checkout.flow-suite.ts"));
  shop = { check: m.checkCheckoutFlow, suite: m.checkoutFlowSuite };
  payment = (await import(resolve(SHOP, "machines/payments/PaymentLifecycle.model.ts")))
    .paymentLifecycleModel;
  order = (await import(resolve(SHOP, "machines/orders/OrderLifecycle.model.ts")))
    .orderLifecycleModel;
  bank = {
    check: (await import(resolve(BANK, "tests/bank/transfer.flow-suite.ts"))).checkTransferFlow,
  };
  account = (await import(resolve(BANK, "machines/bank/AccountLifecycle.model.ts")))
    .accountLifecycleModel;
});

describe("generated flow tests", () => {
  it("emit a suite and a test per flow explored as a system, and type-check under strict", () => {
    for (const f of ["checkout.flow-suite.ts", "checkout.flow.test.ts"])
      expect(existsSync(join(SHOP, "tests/orders", f)), f).toBe(true);
    expect(existsSync(join(SHOP, "tests/payments/moneyBack.flow-suite.ts"))).toBe(false);
    expect(typeCheck(SHOP)).toBe("");
    expect(typeCheck(BANK)).toBe("");
    expect(shop.suite.seeds?.length).toBeGreaterThan(0);
  });

  it("the checkout flow passes against the participants' reference models", () => {
    expect(failure(() => shop.check({}, { numRuns: 150, seed: 11 }))).toBe("");
  });

  it("the checkout flow passes with the example's hand-written order service (examples/shop)", () => {
    const service = createOrderService as unknown as () => Impl;
    expect(failure(() => shop.check({ order: service }, { numRuns: 150, seed: 11 }))).toBe("");
  });

  it("catch a payment that captures one cent less on the explorer's seed paths", () => {
    const message = failure(() =>
      shop.check({ payment: capturesLess }, { numRuns: 150, seed: 11 }),
    );
    expect(message).toMatch(
      /Flow-based check of 'orders\.checkout' failed after 3 step\(s\) of seed path \d+ of \d+/,
    );
    expect(message).toMatch(/payment: the entity differs from the composed reference model/);
    expect(message).toMatch(/destroys 1 of the orders\.Money the flow holds/);
    // submit, authorize, then the capture and the payment the flow sends the order.
    expect(message).toMatch(
      /1\. order ← \{"type":"submit"\}\n  2\. payment ← \{"type":"authorize"\}\n  3\. payment ← \{"amount":(\d+),"type":"capture"\} → then order ← \{"amount":\1,"type":"pay"\}/,
    );
  });

  it("catch it on random command sequences too, shrunk and with the seed that replays it", () => {
    const unseeded = { ...shop.suite, seeds: [] };
    const message = failure(() =>
      checkFlowBased(unseeded, { payment: capturesLess }, { numRuns: 300, seed: 11 }),
    );
    expect(message).toMatch(/Shrunk \d+ time/);
    expect(message).toMatch(/seed: 11/);
    expect(message).toMatch(/payment: the entity differs from the composed reference model/);
    expect(message).toMatch(/destroys 1 of the orders\.Money the flow holds/);
    expect(message).toMatch(
      /payment ← \{"amount":(\d+),"type":"capture"\} → then order ← \{"amount":\1,"type":"pay"\}/,
    );
  });

  it("check implementations that mutate their entity in place against copies", () => {
    // Keeps the object `create` got and updates it in place (less one cent on capture when `less`).
    const inPlace = (less: number) => (): Impl => {
      const inner = modelImplementation(payment);
      let entity: Entity = {};
      return {
        create(initial) {
          inner.create({ ...initial });
          entity = initial;
        },
        send(event) {
          const before = inner.snapshot();
          inner.send(event);
          const after = inner.snapshot();
          if (after === before) return;
          const next: Entity = { ...after };
          if (event.type === "capture") next.captured = (next.captured as number) - less;
          for (const k of Object.keys(entity)) delete entity[k];
          Object.assign(entity, next);
        },
        snapshot: () => entity,
      };
    };
    expect(failure(() => shop.check({ payment: inPlace(0) }, { numRuns: 100, seed: 2 }))).toBe("");
    const message = failure(() => shop.check({ payment: inPlace(1) }, { numRuns: 100, seed: 2 }));
    expect(message).toMatch(/destroys 1 of the orders\.Money the flow holds/);
  });

  it("catch an order service that ignores the payment the flow sends it", () => {
    const broken = (): Impl => {
      const inner = modelImplementation(order);
      return { ...inner, send: (e) => (e.type === "pay" ? undefined : inner.send(e)) };
    };
    const message = failure(() => shop.check({ order: broken }, { numRuns: 150, seed: 5 }));
    expect(message).toMatch(/order: the entity differs from the composed reference model/);
    expect(message).toMatch(/creates \d+ of the orders\.Money the flow holds/);
  });

  it("the asynchronous bank transfer passes, and an account that deposits twice is caught", () => {
    expect(failure(() => bank.check({}, { numRuns: 150, seed: 3 }))).toBe("");
    const broken = () =>
      tampered(account, (event, e) =>
        event.type === "deposit"
          ? { ...e, balance: (e.balance as number) + ((event as { amount?: number }).amount ?? 0) }
          : e,
      );
    const message = failure(() => bank.check({ account: broken }, { numRuns: 150, seed: 3 }));
    expect(message).toMatch(/Flow-based check of 'bank\.transfer' failed/);
    expect(message).toMatch(/deliver: account\[\d\] ← \{"amount":\d,"type":"deposit"\}/);
    expect(message).toMatch(/creates \d of the bank\.Amount the flow holds/);
  });

  it("report each run for intentc run: the flow's invariants and those of the participants whose own code ran", () => {
    const file = join("test-artifacts", "flow-shop-report.jsonl");
    rmSync(file, { force: true });
    process.env[SUITE_REPORT_ENV] = file;
    try {
      shop.check({}, { numRuns: 5, seed: 1 });
      failure(() => shop.check({ payment: capturesLess }, { numRuns: 5, seed: 1 }));
    } finally {
      delete process.env[SUITE_REPORT_ENV];
    }
    const lines = readFileSync(file, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => [l.suite, l.subject, l.result])).toEqual([
      ["orders.checkout", "reference", "passed"],
      ["orders.checkout", "implementation", "failed"],
    ]);
    expect(lines[0].invariants).toContain("orders.ORD-1");
    expect(lines[1].invariants).toEqual([
      "orders.CHK-1",
      "orders.CHK-2",
      "payments.PAY-1",
      "payments.PAY-2",
      "payments.PAY-3",
      "payments.PAY-4",
      "payments.PAY-5",
    ]);
    expect(lines[1].counterexample).toMatch(/payment: the entity differs/);
  });
});
