/** The fixture series v1 → v2 → v3: every rule of the policy table, with exact rule ids. */
import { describe, expect, test } from "vitest";
import { computeFindings } from "../../compiler/diff/findings.js";
import { RULES } from "../../compiler/diff/rules.js";
import { normalizeProgram } from "../../compiler/ir/normalize.js";
import { fixtureProgram, memoryProgram } from "./fixtures.js";

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
    const seen = new Set([...f12, ...f23, ...flowFindings()].map((f) => f.rule));
    expect(Object.keys(RULES).filter((r) => !seen.has(r))).toEqual([]);
  });

  test("a rename with renamedFrom is one finding, not a removal and an addition", () => {
    const about = f12.filter((f) => /\.fields\.(buyer|customer)$/.test(f.path));
    expect(about.map((f) => [f.rule, f.before, f.after, f.loc?.line, f.loc?.column])).toEqual([
      ["field-renamed", "customer", "buyer", 27, 7],
    ]);
  });

  test("removals point at the parent element in the new file", () => {
    const removed = f12.find((f) => f.rule === "state-removed")!;
    expect([removed.loc?.file, removed.loc?.line, removed.loc?.column]).toEqual([
      "intent/shop.intent.yaml",
      42,
      3,
    ]);
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
    expect(pattern.counterexample).toEqual({
      kind: "new-accepts-old-rejects",
      value: expect.stringMatching(/^[A-Z]{2}$|^[A-Z]{4}$/),
    });
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

/**
 * A bank whose accounts are the participants of a transfer flow; `edit` rewrites the YAML, so
 * each test states one change to the flow's parts and the exact finding it gives.
 */
const BANK = `intent: 1
domain: bank
version: 1.0.0
types:
  Balance: { type: integer, minimum: 0, maximum: 6 }
  Amount: { type: integer, minimum: 1, maximum: 2 }
  Index: { type: integer, minimum: 0, maximum: 2 }
entities:
  Account:
    fields:
      balance: Balance
      status: AccountLifecycle
  Ledger:
    fields:
      total: Balance
      status: LedgerLifecycle
events:
  withdraw: { fields: { amount: Amount, to: Index } }
  deposit: { fields: { amount: Amount } }
machines:
  AccountLifecycle:
    entity: Account
    initial: open
    init: { balance: 2 }
    states:
      open:
        on:
          withdraw: { guard: "balance >= event.amount", set: { balance: "balance - event.amount" } }
          deposit: { guard: "balance + event.amount <= 6", set: { balance: "balance + event.amount" } }
  LedgerLifecycle:
    entity: Ledger
    initial: open
    init: { total: 6 }
    states:
      open:
        on:
          deposit: { set: { total: "total" } }
flows:
  transfer:
    says: Money moves between accounts
    value: Amount
    participants:
      account: { machine: AccountLifecycle, instances: 3 }
    steps:
      - { on: withdraw, then: deposit, with: { amount: "event.amount" }, to: "event.to" }
    holders:
      - "account.reduce((sum, a) => sum + a.balance, 0)"
    invariants:
      BANK-1:
        says: The balances add up to 6
        holds: "account.reduce((sum, a) => sum + a.balance, 0) == 6"
`;

function flowDiff(edit: (yaml: string) => string, base = BANK) {
  const before = memoryProgram({ "intent/bank.intent.yaml": base });
  const text = edit(base);
  expect(text, "the edit changed the intent").not.toBe(base);
  const after = memoryProgram({ "intent/bank.intent.yaml": text });
  return computeFindings(normalizeProgram(before), after).map(
    (f) => `${f.level} ${f.rule} ${f.message}`,
  );
}

const replace = (from: string, to: string) => (y: string) => {
  expect(y, `the base holds ${JSON.stringify(from)}`).toContain(from);
  return y.replace(from, to);
};
const KEYED = BANK.replace(
  "  Account:\n    fields:\n",
  "  Account:\n    key: id\n    fields:\n      id: string\n",
);
const ACCOUNTS = "      account: { machine: AccountLifecycle, instances: 3 }\n";
const WITH_LEDGER = BANK.replace(ACCOUNTS, `${ACCOUNTS}      ledger: LedgerLifecycle\n`);
const HOLDERS = '    holders:\n      - "account.reduce((sum, a) => sum + a.balance, 0)"\n';
const NEW_INVARIANT = `      BANK-2:
        says: No account holds everything
        holds: "account.every((a) => a.balance < 6)"
`;
const ASYNC = (on: boolean) => BANK.replace('to: "event.to" }', `to: "event.to", async: ${on} }`);

/** One change to a flow's parts: the intent before, the edit, and the exact findings. */
interface FlowCase {
  readonly part: "participants" | "holders" | "invariants" | "steps";
  readonly base?: string;
  readonly edit: (yaml: string) => string;
  readonly findings: readonly string[];
}

const FLOW_CASES: readonly FlowCase[] = [
  {
    part: "participants",
    edit: replace(ACCOUNTS, `${ACCOUNTS}      ledger: LedgerLifecycle\n`),
    findings: [
      "warn flow-participant-added Flow participant added (re-run the explorer) (both) at bank.flows.transfer.participants.ledger: (none) → bank.LedgerLifecycle",
    ],
  },
  {
    part: "participants",
    base: WITH_LEDGER,
    edit: replace("      ledger: LedgerLifecycle\n", ""),
    findings: [
      "warn flow-participant-removed Flow participant removed (both) at bank.flows.transfer.participants.ledger: bank.LedgerLifecycle → (none)",
    ],
  },
  {
    part: "participants",
    base: WITH_LEDGER,
    edit: replace("      ledger: LedgerLifecycle\n", "      ledger: AccountLifecycle\n"),
    findings: [
      "error flow-participant-machine-changed Flow participant moved to another machine (both) at bank.flows.transfer.participants.ledger.machine: bank.LedgerLifecycle → bank.AccountLifecycle",
    ],
  },
  {
    part: "participants",
    edit: replace("instances: 3", "instances: 2"),
    findings: [
      "warn flow-participant-instances-changed Flow participant instances changed (re-run the explorer) (both) at bank.flows.transfer.participants.account.instances: 3 → 2",
    ],
  },
  {
    part: "holders",
    edit: replace(HOLDERS, ""),
    findings: [
      'error flow-holders-removed Flow no longer conserves its value (guarantee lost) (both) at bank.flows.transfer.holders: ["account.reduce((sum, a) => sum + a.balance, 0)"] → (none)',
    ],
  },
  {
    part: "holders",
    base: BANK.replace(HOLDERS, ""),
    edit: () => BANK,
    findings: [
      'warn flow-holders-added Flow conserves a value now (both) at bank.flows.transfer.holders: (none) → ["account.reduce((sum, a) => sum + a.balance, 0)"]',
    ],
  },
  {
    part: "holders",
    edit: replace('a.balance, 0)"\n    invariants', 'a.balance, 0) + 0"\n    invariants'),
    findings: [
      'warn flow-holders-changed Flow conserved quantity changed (both) at bank.flows.transfer.holders: ["account.reduce((sum, a) => sum + a.balance, 0)"] → ["account.reduce((sum, a) => sum + a.balance, 0) + 0"]',
    ],
  },
  {
    part: "holders", // the same holders in another order: the same sum, no change
    base: BANK.replace(HOLDERS, `${HOLDERS}      - "account[0].balance"\n`),
    edit: () =>
      BANK.replace(
        HOLDERS,
        '    holders:\n      - "account[0].balance"\n      - "account.reduce((sum, a) => sum + a.balance, 0)"\n',
      ),
    findings: [],
  },
  {
    part: "invariants", // no participant is stored (Account has no key): warn, as for an entity invariant
    edit: (y) => y + NEW_INVARIANT,
    findings: [
      "warn flow-invariant-added Flow invariant added (both) at bank.flows.transfer.invariants.BANK-2: (none) → BANK-2",
    ],
  },
  {
    part: "invariants", // stored accounts may already violate it: error
    base: KEYED,
    edit: (y) => y + NEW_INVARIANT,
    findings: [
      "error flow-invariant-added Flow invariant added (both) at bank.flows.transfer.invariants.BANK-2: (none) → BANK-2",
    ],
  },
  {
    part: "invariants",
    base: BANK + NEW_INVARIANT,
    edit: () => BANK,
    findings: [
      "error flow-invariant-removed Flow invariant removed (guarantee lost) (both) at bank.flows.transfer.invariants.BANK-2: BANK-2 → (none)",
    ],
  },
  {
    part: "invariants",
    edit: replace('0) == 6"', '0) <= 6"'),
    findings: [
      "warn flow-invariant-changed Flow invariant changed (both) at bank.flows.transfer.invariants.BANK-1.holds: account.reduce((sum, a) => sum + a.balance, 0) == 6 → account.reduce((sum, a) => sum + a.balance, 0) <= 6",
    ],
  },
  {
    part: "invariants",
    edit: replace('0) == 6"\n', '0) == 6"\n        severity: warning\n'),
    findings: [
      "info flow-invariant-severity-changed Flow invariant severity changed (both) at bank.flows.transfer.invariants.BANK-1.severity: error → warning",
    ],
  },
  {
    part: "steps",
    edit: replace('with: { amount: "event.amount" }', 'with: { amount: "1" }'),
    findings: [
      "warn flow-mapping-changed Flow step payload mapping changed (both) at bank.flows.transfer.steps.0.with: { amount: event.amount } → { amount: 1 }",
    ],
  },
  {
    part: "steps",
    edit: replace('to: "event.to"', 'to: "2 - event.to"'),
    findings: [
      "warn flow-target-changed Flow step target instance changed (both) at bank.flows.transfer.steps.0.to: event.to → 2 - event.to",
    ],
  },
  {
    part: "steps", // the intermediate state becomes observable: what held atomically may not
    base: ASYNC(false),
    edit: () => ASYNC(true),
    findings: [
      "error flow-step-made-async Flow step made async (no longer one atomic step) (both) at bank.flows.transfer.steps.0.async: false → true",
    ],
  },
  {
    part: "steps",
    base: ASYNC(true),
    edit: () => ASYNC(false),
    findings: [
      "warn flow-step-made-atomic Flow step made atomic (re-run the explorer) (both) at bank.flows.transfer.steps.0.async: true → false",
    ],
  },
  {
    part: "steps", // a step inserted before: the old step is paired with itself, its parts unchanged
    edit: replace("    steps:\n", "    steps:\n      - withdraw\n"),
    findings: [
      'warn flow-steps-changed Flow steps changed (both) at bank.flows.transfer.steps: ["bank.withdraw -> bank.deposit"] → ["bank.withdraw","bank.withdraw -> bank.deposit"]',
    ],
  },
];

/** Every flow-part finding of {@link FLOW_CASES}, for the coverage test of the policy table. */
function flowFindings(): { rule: string }[] {
  return FLOW_CASES.flatMap((c) => flowDiff(c.edit, c.base)).map((r) => ({
    rule: r.split(" ")[1],
  }));
}

describe("diff of a flow's parts (participants, holders, invariants, with, to, async)", () => {
  for (const part of ["participants", "holders", "invariants", "steps"] as const) {
    test(`${part}: exact classification and message`, () => {
      const cases = FLOW_CASES.filter((c) => c.part === part);
      expect(cases.map((c) => flowDiff(c.edit, c.base))).toEqual(cases.map((c) => c.findings));
    });
  }
});
