/**
 * Flow rules (compiler/check/flows.rule.ts): triggered payloads come from the trigger's, a flow's
 * value is numeric and moved, and the flow's invariants and holders are type-checked over the
 * participants' records with the expression checker.
 */
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
      "32:12 IC3235 No step of flow 'fines' moves a 'library.Money': it moves 'isbn' (library.Isbn).",
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
