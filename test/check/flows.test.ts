/**
 * Flow rules (compiler/check/flows.rule.ts): triggered payloads come from the trigger's, a flow's
 * value is numeric and moved, and the flow's invariants and holders are type-checked over the
 * participants' records with the expression checker.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compileMemory } from "../helpers.js";

const LIBRARY = `intent: 1
domain: library
version: 1.0.0
types:
  Money: { type: integer, minimum: 0, maximum: 10000 }
  Isbn: { type: string, pattern: "^[0-9]{13}$" }
entities:
  Loan:
    fields: { isbn: Isbn, fee: Money, status: LoanLifecycle }
  Member:
    fields: { balance: Money, activeLoans: { type: integer, minimum: 0, maximum: 5 }, status: MemberLifecycle }
events:
  lose: {}
  fine: { fields: { fee: Money } }
  charge: { fields: { amount: Money } }
  borrow: { fields: { isbn: Isbn } }
machines:
  LoanLifecycle:
    entity: Loan
    initial: open
    states:
      open: { on: { lose: lost, fine: open, borrow: open } }
      lost: { final: true }
  MemberLifecycle:
    entity: Member
    initial: active
    states:
      active: { on: { charge: { set: { balance: "Math.min(10000, balance + event.amount)" } } } }
`;

function check(flows: string) {
  const r = compileMemory({ "intent/library.intent.yaml": LIBRARY + "flows:\n" + flows });
  return r.diagnostics
    .filter((d) => d.severity !== "info")
    .map((d) => `${d.line}:${d.column} ${d.code} ${d.message}`);
}

describe("flow rules", () => {
  it("refuses a payload-less trigger for an event that needs 'amount' (issue 15)", () => {
    expect(
      check("  fines:\n    says: x\n    steps:\n      - library.lose -> library.charge\n"),
    ).toEqual([
      "33:9 IC3231 Flow 'fines': 'library.charge' needs payload field 'amount', which 'library.lose' does not provide.",
    ]);
  });

  it("accepts an explicit mapping and type-checks it at its YAML position", () => {
    expect(
      check(
        '  fines:\n    says: x\n    value: Money\n    steps:\n      - { on: library.fine, then: library.charge, with: { amount: "event.fee" } }\n',
      ),
    ).toEqual([]);
    expect(
      check(
        '  fines:\n    says: x\n    steps:\n      - { on: library.borrow, then: library.charge, with: { amount: "event.isbn" } }\n',
      ),
    ).toEqual([
      "33:70 IC4009 The payload field 'amount' of 'library.charge' has the wrong type: Type 'string' is not assignable to type 'number'.",
    ]);
  });

  it("refuses value: Isbn on a money flow, and a Money flow that only moves an Isbn", () => {
    expect(
      check(
        '  fines:\n    says: x\n    value: Isbn\n    steps:\n      - { on: library.fine, then: library.charge, with: { amount: "event.fee" } }\n',
      ),
    ).toEqual(["32:12 IC3234 The value 'library.Isbn' of flow 'fines' is a string, not a number."]);
    expect(
      check(
        "  fines:\n    says: x\n    value: Money\n    steps:\n      - library.borrow -> library.borrow\n",
      ),
    ).toEqual([
      "32:12 IC3235 No step of flow 'fines' passes on a payload field of type 'library.Money' (its value): they pass on only 'isbn' (library.Isbn).",
      "34:9 IC3236 Flow 'fines' triggers events in a cycle: library.borrow -> library.borrow.",
    ]);
  });

  it("type-checks flow invariants and holders over the participants' records", () => {
    const flow = (invariant: string, holder: string) =>
      `  fines:\n    says: x\n    value: Money\n    participants: { loan: LoanLifecycle, member: MemberLifecycle }\n    steps:\n      - { on: library.fine, then: library.charge, with: { amount: "event.fee" } }\n    holders: ["${holder}"]\n    invariants:\n      FIN-1: { says: y, holds: "${invariant}" }\n`;
    expect(
      check(flow("loan.status == 'lost' || member.activeLoans > 0", "loan.fee + member.balance")),
    ).toEqual([]);
    // The example: a cross-entity invariant by qualified name is an unknown name; participants are records.
    expect(check(flow("members.Member.activeLoans > 0", "member.status"))).toEqual([
      "36:16 IC4009 The holder 1 of flow 'fines' has the wrong type: Type 'string' is not assignable to type 'number'.",
      "38:33 IC4003 Unknown name 'members' in expression.",
    ]);
  });
});

/** The example intent/ (the shop), with the checkout flow's capture step replaced by `step`. */
function checkout(step: string) {
  const files: Record<string, string> = {};
  for (const name of readdirSync("intent").sort())
    files[`intent/${name}`] = readFileSync(join("intent", name), "utf8");
  const original =
    '      - { on: payments.capture, then: orders.pay, with: { amount: "event.amount" } }\n';
  expect(files["intent/orders.intent.yaml"]).toContain(original);
  files["intent/orders.intent.yaml"] = files["intent/orders.intent.yaml"].replace(original, step);
  return compileMemory(files)
    .diagnostics.filter((d) => d.severity !== "info")
    .map((d) => ({
      at: `${d.file}:${d.line}:${d.column}`,
      message: `${d.code} ${d.message}`,
      hint: d.hint,
      ...(d.related
        ? { related: d.related.map((r) => `${r.loc.line}:${r.loc.column} ${r.message}`) }
        : {}),
    }));
}

describe("flow diagnostics on the example checkout flow", () => {
  it("the example itself is clean", () => {
    expect(
      checkout(
        '      - { on: payments.capture, then: orders.pay, with: { amount: "event.amount" } }\n',
      ),
    ).toEqual([]);
  });

  it("a misspelled `with:` key: the key with a did-you-mean, the unmapped field with the keys given, no IC3235 cascade", () => {
    expect(
      checkout(
        '      - { on: payments.capture, then: orders.pay, with: { amout: "event.amount" } }\n',
      ),
    ).toEqual([
      {
        at: "intent/orders.intent.yaml:118:9",
        message:
          "IC3231 Flow 'checkout': 'orders.pay' needs payload field 'amount', but the step's 'with:' has no key 'amount' (its keys: 'amout').",
        hint: "Rename the key 'amout' to 'amount'.",
        related: ["37:15 'orders.pay.amount' is declared here"],
      },
      {
        at: "intent/orders.intent.yaml:118:59",
        message: "IC3233 Flow 'checkout': event 'orders.pay' has no payload field 'amout'.",
        hint: "Did you mean 'amount'?",
      },
    ]);
  });

  it("an unknown `with:` key with nothing close lists the target's payload fields", () => {
    expect(
      checkout(
        '      - { on: payments.capture, then: orders.pay, with: { amount: "event.amount", tip: "1" } }\n',
      ),
    ).toEqual([
      {
        at: "intent/orders.intent.yaml:118:83",
        message: "IC3233 Flow 'checkout': event 'orders.pay' has no payload field 'tip'.",
        hint: "The payload fields of 'orders.pay' are 'amount'.",
      },
    ]);
  });

  it("an empty `with:`: the missing key, and the trigger's field of the same name in the hint", () => {
    expect(checkout("      - { on: payments.capture, then: orders.pay, with: {} }\n")).toEqual([
      {
        at: "intent/orders.intent.yaml:118:9",
        message:
          "IC3231 Flow 'checkout': 'orders.pay' needs payload field 'amount', but the step's 'with:' has no key 'amount' (it has no keys).",
        hint: "Add `amount: \"event.amount\"` to the step's 'with:'.",
        related: ["37:15 'orders.pay.amount' is declared here"],
      },
    ]);
  });

  it("mapped from a trigger field that does not exist: at the value, with did-you-mean on the trigger's payload", () => {
    expect(
      checkout(
        '      - { on: payments.capture, then: orders.pay, with: { amount: "event.amout" } }\n',
      ),
    ).toEqual([
      {
        at: "intent/orders.intent.yaml:118:74",
        message:
          "IC4008 Property 'amout' does not exist on type 'CaptureEvent'. Did you mean 'amount'?",
        hint: undefined,
      },
    ]);
    // Without `event.`: the unknown name points at `event.<field>`, and the value check stays quiet.
    expect(
      checkout('      - { on: payments.capture, then: orders.pay, with: { amount: "amout" } }\n'),
    ).toEqual([
      {
        at: "intent/orders.intent.yaml:118:68",
        message: "IC4003 Unknown name 'amout' in expression.",
        hint: "Did you mean 'event.amount'? A payload mapping reads the trigger's payload as `event.<field>`.",
      },
    ]);
    expect(
      checkout('      - { on: payments.capture, then: orders.pay, with: { amount: "total" } }\n'),
    ).toEqual([
      {
        at: "intent/orders.intent.yaml:118:68",
        message: "IC4003 Unknown name 'total' in expression.",
        hint: "A payload mapping reads the trigger's payload as `event.<field>`. 'payments.capture' carries 'amount'.",
      },
    ]);
  });

  it("the shorthand keeps naming the trigger that lacks the field", () => {
    expect(checkout("      - payments.authorize -> orders.pay\n")).toEqual([
      {
        at: "intent/orders.intent.yaml:118:9",
        message:
          "IC3231 Flow 'checkout': 'orders.pay' needs payload field 'amount', which 'payments.authorize' does not provide.",
        hint: 'Give the step a mapping, `{ on: <trigger>, then: <target>, with: { <field>: "event.<field of the trigger>" } }`, or a trigger field of the same name.',
      },
    ]);
  });

  it("IC3235 without a step error names the value's type, and what the steps pass on", () => {
    expect(checkout("      - payments.capture\n")).toEqual([
      {
        at: "intent/orders.intent.yaml:110:12",
        message:
          "IC3235 No step of flow 'checkout' passes on a payload field of type 'orders.Money' (its value), nor any other payload field.",
        hint: "The value of a flow is the type of a payload field that a step `a -> b` passes on; name that type, or add the step that moves it.",
      },
    ]);
  });
});
