/** The fixture series v1 → v2 → v3: every rule of the policy table, with exact rule ids. */
import { describe, expect, test } from "vitest";
import { computeFindings } from "../../compiler/diff/findings.js";
import { RULES } from "../../compiler/diff/rules.js";
import { normalizeProgram } from "../../compiler/ir/normalize.js";
import { fixtureProgram } from "./fixtures.js";

const v1 = fixtureProgram("v1");
const v2 = fixtureProgram("v2");
const v3 = fixtureProgram("v3");
const f12 = computeFindings(normalizeProgram(v1), v2);
const f23 = computeFindings(normalizeProgram(v2), v3);
const row = (f: (typeof f12)[number]) => `${f.level} ${f.rule} ${f.path}`;

describe("diff v1 → v2 → v3", () => {
  test("v1 → v2: exact findings", () => {
    expect(f12.map(row)).toEqual([
      "info domain-added extra",
      "error domain-removed legacy",
      "info api-added shop.apis.NewApi",
      "error api-removed shop.apis.OldApi",
      "info operation-added shop.apis.ShopApi.operations.create",
      "error required-field-added shop.apis.ShopApi.operations.find.input.limit",
      "info optional-field-added shop.apis.ShopApi.operations.find.input.page",
      "error operation-error-added shop.apis.ShopApi.operations.get.errors.Gone",
      "error operation-removed shop.apis.ShopApi.operations.list",
      "error entity-removed shop.entities.Gone",
      "error entity-key-changed shop.entities.Item.key",
      "info entity-added shop.entities.Item2",
      "info description-changed shop.entities.Order",
      "error field-renamed shop.entities.Order.fields.buyer",
      "error field-made-required shop.entities.Order.fields.extra",
      "error field-removed shop.entities.Order.fields.legacy",
      "error field-made-optional shop.entities.Order.fields.vip",
      "error event-removed shop.events.drop",
      "info event-added shop.events.refund",
      "warn flow-steps-changed shop.flows.checkout.steps",
      "warn flow-value-changed shop.flows.checkout.value",
      "info flow-added shop.flows.newflow",
      "warn flow-removed shop.flows.oldflow",
      "error invariant-strengthened shop.invariants.INV-1.holds",
      "error invariant-weakened shop.invariants.INV-2.holds",
      "error invariant-removed shop.invariants.INV-3",
      "error invariant-added shop.invariants.INV-4",
      "error invariant-changed shop.invariants.INV-5.holds",
      "info invariant-severity-changed shop.invariants.INV-6.severity",
      "info machine-added shop.machines.ItemCycle",
      "error machine-removed shop.machines.ItemFlow",
      "warn machine-init-changed shop.machines.Lifecycle.init",
      "error state-added shop.machines.Lifecycle.states.held",
      "error state-removed shop.machines.Lifecycle.states.limbo",
      "error guard-added shop.machines.Lifecycle.states.open.on.cancel.guard",
      "error transition-removed shop.machines.Lifecycle.states.open.on.drop",
      "error guard-strengthened shop.machines.Lifecycle.states.open.on.pay.guard",
      "warn transition-added shop.machines.Lifecycle.states.open.on.refund",
      "info guard-removed shop.machines.Lifecycle.states.open.on.ship.guard",
      "warn guard-weakened shop.machines.Lifecycle.states.paid.on.cancel.guard",
      "warn transition-effect-changed shop.machines.Lifecycle.states.paid.on.pay.set",
      "error transition-target-changed shop.machines.Lifecycle.states.paid.on.ship.to",
      "error state-made-final shop.machines.Lifecycle.states.shipped",
      "error transition-removed shop.machines.Lifecycle.states.shipped.on.cancel",
      "info slice-brief-changed shop.slices.core",
      "warn slice-interface-changed shop.slices.core.implements",
      "info slice-risk-changed shop.slices.core.risk",
      "info slice-scope-changed shop.slices.core.writes",
      "info slice-added shop.slices.new-slice",
      "warn slice-removed shop.slices.old-slice",
      "error constraint-changed shop.types.Code.pattern",
      "error enum-value-removed shop.types.Color.blue",
      "error enum-value-added shop.types.Color.yellow",
      "error type-widened shop.types.Count",
      "error type-changed shop.types.Label",
      "error constraint-strengthened shop.types.Money.maximum",
      "info type-added shop.types.NewType",
      "error constraint-relaxed shop.types.Note.maxLength",
      "error type-removed shop.types.Old",
      "error type-narrowed shop.types.Ratio",
    ]);
  });

  test("v2 → v3: exact findings", () => {
    expect(f23.map(row)).toEqual([
      "info operation-error-removed shop.apis.ShopApi.operations.get.errors.Gone",
      "warn invariant-changed shop.invariants.INV-1.holds",
      "error invariant-entity-changed shop.invariants.INV-4.on",
      "error machine-entity-changed shop.machines.ItemCycle.entity",
      "error initial-state-changed shop.machines.Lifecycle.initial",
      "info state-made-non-final shop.machines.Lifecycle.states.closed",
      "warn transition-added shop.machines.Lifecycle.states.closed.on.refund",
      "warn transition-added shop.machines.Lifecycle.states.held.on.pay",
      "error guard-changed shop.machines.Lifecycle.states.paid.on.cancel.guard",
    ]);
  });

  test("every rule of the policy table is covered by the series", () => {
    const seen = new Set([...f12, ...f23].map((f) => f.rule));
    expect(Object.keys(RULES).filter((r) => !seen.has(r))).toEqual([]);
  });

  test("a rename with renamedFrom is one finding, not a removal and an addition", () => {
    const about = f12.filter((f) => /\.fields\.(buyer|customer)$/.test(f.path));
    expect(about.map((f) => [f.rule, f.before, f.after, f.loc?.line, f.loc?.column])).toEqual([["field-renamed", "customer", "buyer", 27, 7]]);
  });

  test("removals point at the parent element in the new file", () => {
    const removed = f12.find((f) => f.rule === "state-removed")!;
    expect([removed.loc?.file, removed.loc?.line, removed.loc?.column]).toEqual(["intent/shop.intent.yaml", 42, 3]);
    const field = f12.find((f) => f.rule === "field-removed")!;
    expect([field.loc?.line, field.loc?.column]).toEqual([15, 3]);
  });

  test("the oracle attaches counterexamples and turns warns into errors", () => {
    const guard = f12.find((f) => f.rule === "guard-strengthened")!;
    expect(guard.counterexample?.kind).toBe("old-accepts-new-rejects");
    const amount = (guard.counterexample?.value as { amount: number }).amount;
    expect(amount > 0 && !(amount > 10)).toBe(true);
    // pattern ^[A-Z]{3}$ → ^[A-Z]{2,4}$ on stored data: warn by the table, error with a counterexample
    const pattern = f12.find((f) => f.rule === "constraint-changed")!;
    expect(pattern.counterexample).toEqual({ kind: "new-accepts-old-rejects", value: expect.stringMatching(/^[A-Z]{2}$|^[A-Z]{4}$/) });
    expect(pattern.level).toBe("error");
    // an equivalent rewrite of an invariant stays a warn without a counterexample
    const same = f23.find((f) => f.rule === "invariant-changed")!;
    expect([same.level, same.counterexample]).toEqual(["warn", undefined]);
    const money = f12.find((f) => f.rule === "constraint-strengthened")!;
    expect(money.counterexample).toEqual({ kind: "old-accepts-new-rejects", value: 500001 });
  });

  test("findings are deterministic", () => {
    expect(computeFindings(normalizeProgram(v1), v2)).toEqual(f12);
  });
});
