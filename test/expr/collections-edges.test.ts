/**
 * Edges of maps: a map-typed event payload (type-checked, explored over its values) and integer
 * keys below zero (`-2..2`), in expressions, indexed updates, quantifiers and exploration.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { exploreMachine, machinesOf } from "../../compiler/explore/index.js";
import { compileMemory, expectDiagnostics } from "../helpers.js";

function program(yaml: string) {
  const r = compileMemory({ "intent/m.intent.yaml": yaml });
  return r;
}

const PAYLOAD = (guard: string) => `intent: 1
domain: votes
version: 1.0.0
types:
  Voter: { enum: [a, b] }
  Tally: { type: integer, minimum: 0, maximum: 2 }
entities:
  Ballot:
    fields:
      yes: Tally
      votes: { type: map, keys: Voter, values: boolean }
events:
  cast: { fields: { ballot: { type: map, keys: Voter, values: boolean } } }
machines:
  Count:
    entity: Ballot
    initial: open
    deadlock: allowed
    init: { yes: 0, votes: "{ a: false, b: false }" }
    states:
      open:
        on:
          cast:
            guard: ${JSON.stringify(guard)}
            set:
              yes: "count(event.ballot, (v) => v)"
              votes: "event.ballot"
`;

describe("a map-typed event payload", () => {
  it("type-checks and is explored over every map of its type", () => {
    const r = program(PAYLOAD("event.ballot['a'] || some(event.ballot, (v, k) => v && k == 'b')"));
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const x = exploreMachine(r.program!, machinesOf(r.program!)[0], {});
    expect(x.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    // The initial state, then every ballot but { a: false, b: false } (the guard refuses it):
    // yes = 1 with a or b, yes = 2 with both.
    expect(x.result!.stats).toMatchObject({ distinct: 4, complete: true });
  });

  it("reports a wrong key of the payload's map at its position", () => {
    const r = program(PAYLOAD("event.ballot['c']"));
    expectDiagnostics(r.diagnostics, [
      {
        code: "IC4008",
        line: 24,
        column: 21,
        message: /type '"c"' can't be used to index type 'Record<Voter, boolean>'/,
      },
    ]);
  });
});

const NEGATIVE = (extra = "") => `intent: 1
domain: line
version: 1.0.0
types:
  Pos: { type: integer, minimum: -2, maximum: 2 }
entities:
  Walker:
    fields:
      at: Pos
      seen: { type: set, items: Pos }
events:
  step: { fields: { by: { type: integer, minimum: -1, maximum: 1 } } }
machines:
  Walk:
    entity: Walker
    initial: going
    deadlock: allowed
    init: { at: 0, seen: "{ '-2': false, '-1': false, 0: true, 1: false, 2: false }" }
    states:
      going:
        on:
          step:
            guard: "at + event.by >= -2 && at + event.by <= 2 && event.by != 0"
            set:
              at: "at + event.by"
              "seen[at + event.by]": "true"
invariants:
  LINE-1:
    says: The walker has been where it is, and nowhere beyond the line
    holds: "seen[at] && every(seen, (s, k) => k >= -2 && k <= 2)${extra}"
`;

describe("negative integer keys", () => {
  it("read, update, quantify and explore a set over -2..2", () => {
    const r = program(
      NEGATIVE(" && count(seen, (s, k) => s && k < 0) <= 2 && (seen[-1] || !seen[-2])"),
    );
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const x = exploreMachine(r.program!, machinesOf(r.program!)[0], {});
    expect(x.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(x.result!.findings).toEqual([]);
    // The visited keys are an interval [l, h] with l in -2..0 and h in 0..2, and the walker is
    // inside it: the sum over l, h of h - l + 1 = 9 + 9 + 9 = 27 states, all reachable.
    expect(x.result!.stats).toMatchObject({ distinct: 27, complete: true });
  });

  it("finds a violation that only a negative key reaches", () => {
    const r = program(NEGATIVE(" && !seen[-2]"));
    const x = exploreMachine(r.program!, machinesOf(r.program!)[0], {});
    const found = x.diagnostics.filter((d) => d.code === "IC8001").map((d) => d.message);
    expect(found).toEqual([expect.stringMatching(/'LINE-1' is violated after 2 steps/)]);
  });
});

describe("quantifiers over a flow participant's instances", () => {
  const bank = readFileSync("test/fixtures/explore/system-bank/intent/bank.intent.yaml", "utf8");
  const withHolds = (holds: string) =>
    program(
      bank.replace(
        'holds: "sum(account, (a) => a.balance) == 6"',
        `holds: ${JSON.stringify(holds)}`,
      ),
    );

  it("type the element as the participant's record and the index as a number", () => {
    const r = withHolds(
      "sum(account, (a, i) => a.balance * i) >= 0 && every(account, (a) => a.status == 'open') && count(account, (a) => a.balance > 6) == 0",
    );
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  });

  it("report a wrong callback at its position in the flow's YAML", () => {
    // holds: "…" sits on line 45, its text starting at column 17.
    const r = withHolds("sum(account, (a) => a.status) == 6");
    expectDiagnostics(r.diagnostics, [
      {
        code: "IC4008",
        line: 45,
        column: 37,
        message: /Type '.*' is not assignable to type 'number'/,
      },
    ]);
    const idx = withHolds("every(account, (a, i) => i == 'x')");
    expectDiagnostics(idx.diagnostics, [
      {
        code: "IC4008",
        line: 45,
        column: 42,
        message:
          /This comparison appears to be unintentional because the types 'number' and 'string' have no overlap/,
      },
    ]);
  });

  it("refuse comparing two instances' records with == (IC4032, at the comparison)", () => {
    const r = withHolds("sum(account, (a) => a.balance) == 6 && account[0] != account[1]");
    expectDiagnostics(r.diagnostics, [
      {
        code: "IC4032",
        line: 45,
        column: 56,
        message: /'!=' compares 'Account' and 'Account' by reference/,
      },
    ]);
  });
});
