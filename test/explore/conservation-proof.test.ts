/**
 * The symbolic conservation proof of a flow's value (compiler/explore/conservation-proof.ts):
 * proven on the example's checkout and on the bank fixtures, not proven — at the step and for the
 * reason — on leaking and out-of-scope flows, and, against the explorer (the reference), never
 * "proven" where the explorer finds a leak (IC8021) on random small flows.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { compile } from "../../compiler/program.js";
import { createNodeHost } from "../../compiler/host.js";
import type { Program } from "../../compiler/ir/types.js";
import { exploreFlow, systemFlows } from "../../compiler/explore/index.js";
import { proveConservation } from "../../compiler/explore/conservation-proof.js";
import { compileMemory } from "../helpers.js";

function load(dir: string): Program {
  const r = compile(createNodeHost(dir), { dir: "intent" });
  expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return r.program!;
}

function memory(files: Record<string, string>): Program {
  const r = compileMemory(files);
  expect(
    r.diagnostics.filter((d) => d.severity === "error").map((d) => `${d.code} ${d.message}`),
  ).toEqual([]);
  return r.program!;
}

/** The proof and the exploration of the flow named `name` (the first with holders by default). */
function both(program: Program, name?: string) {
  const flow = systemFlows(program).find(
    (f) => (name === undefined || f.name === name) && (f.holders ?? []).length > 0,
  )!;
  const x = exploreFlow(program, flow);
  return { proof: proveConservation(flow, x.slots!), x };
}

const leaks = (x: ReturnType<typeof exploreFlow>) =>
  x.pairs.filter(([, d]) => d.code === "IC8021").map(([, d]) => d);

describe("conservation proof", () => {
  it("proves the example's checkout: every step conserves money for all values", () => {
    const { proof, x } = both(load("."), "checkout");
    expect(proof).toEqual({ proven: true, steps: 5 });
    expect(x.conservation).toEqual(proof);
    expect(x.diagnostics.find((d) => d.code === "IC8024")?.message).toContain(
      "its value is conserved by every step (proven for all values: 5 steps, linear arithmetic)",
    );
  });

  it("does not prove the checkout when capture sets captured (not adds): the step and the difference", () => {
    const files: Record<string, string> = {};
    for (const f of ["orders", "payments", "shipping", "inventory", "system"])
      files[`intent/${f}.intent.yaml`] = readFileSync(`intent/${f}.intent.yaml`, "utf8");
    const p = files["intent/payments.intent.yaml"];
    files["intent/payments.intent.yaml"] = p.replace(
      'captured: "captured + event.amount"',
      'captured: "event.amount"',
    );
    expect(files["intent/payments.intent.yaml"]).not.toBe(p);
    const { proof, x } = both(memory(files), "checkout");
    expect(proof).toEqual({
      proven: false,
      step: "payment.capture (authorized → captured) + order.pay (submitted → paid)",
      reason: "its holders change by -payment.captured, not 0 in linear arithmetic",
    });
    // The explorer finds no leak there (captured is 0 in every state it reaches before a capture).
    expect(leaks(x)).toEqual([]);
    expect(x.diagnostics.find((d) => d.code === "IC8024")?.message).toContain(
      "its value is conserved by every step it took (checked on the reached states; not proven: step 'payment.capture (authorized → captured) + order.pay (submitted → paid)': its holders change by -payment.captured, not 0 in linear arithmetic)",
    );
  });

  it("proves the bank's transfers between three instances (3 withdrawals × 3 deposit targets)", () => {
    const { proof, x } = both(load("test/fixtures/explore/system-bank"));
    expect(proof).toEqual({ proven: true, steps: 9 });
    expect(leaks(x)).toEqual([]);
  });

  it("proves the relay's hand-over between instances", () => {
    expect(both(load("test/fixtures/testing/relay")).proof).toEqual({ proven: true, steps: 2 });
  });

  it("names the leaking step of the leaking bank, where the explorer reports IC8021", () => {
    const { proof, x } = both(load("test/fixtures/explore/system-bank-leak"));
    expect(proof).toEqual({
      proven: false,
      step: "account[0].withdraw (open → open) + account[0].deposit (open → open)",
      reason:
        "its holders change by ((event.amount == 2) ? 1 : event.amount) + -event.amount, not 0 in linear arithmetic",
    });
    const [leak] = leaks(x);
    expect(leak.message).toContain("Step 'account[0].withdraw' of flow 'transfer' destroys 1");
  });

  it("follows a field assigned twice in one step in the explorer's order (trigger, then consequence)", () => {
    const yaml = (take: string) => `intent: 1
domain: d
version: 1.0.0
summary: One participant takes its own triggered event.
types:
  Small: { type: integer, minimum: 0, maximum: 6 }
  Amount: { type: integer, minimum: 1, maximum: 2 }
entities:
  A: { fields: { x: Small, y: Small, status: ALife } }
events:
  give: { fields: { amount: Amount } }
  take: { fields: { amount: Amount } }
machines:
  ALife:
    entity: A
    initial: s0
    init: { x: 3, y: 0 }
    states:
      s0:
        on:
          give: { guard: "x >= event.amount", set: { x: "x - event.amount", y: "y" } }
          take: { guard: "y <= 2", set: { ${take} } }
flows:
  f:
    says: x moves to y within one record
    value: Amount
    participants: { a: ALife }
    steps:
      - give -> take
    holders: ["a.x + a.y"]
`;
    // take reads x as give left it (x - amount): adding the amount back restores the sum (read
    // over the state before the step, it would create the amount).
    const ok = both(memory({ "intent/d.intent.yaml": yaml('x: "x + event.amount"') }));
    expect(ok.proof).toEqual({ proven: true, steps: 1 });
    expect(leaks(ok.x)).toEqual([]);
    // Adding twice the amount creates it once (read over the state before the step: twice).
    const bad = both(memory({ "intent/d.intent.yaml": yaml('x: "x + 2 * event.amount"') }));
    expect(bad.proof).toEqual({
      proven: false,
      step: "a.give (s0 → s0) + a.take (s0 → s0)",
      reason: "its holders change by event.amount, not 0 in linear arithmetic",
    });
    expect(leaks(bad.x)).toHaveLength(1);
  });

  it("does not prove holders over non-integer fields (floating-point rounding)", () => {
    const yaml = (x: string) => `intent: 1
domain: d
version: 1.0.0
summary: Inexact fields.
types:
  Amount: { type: integer, minimum: 1, maximum: 2 }
entities:
  A: { fields: { ${x}, y: Amount, status: ALife } }
events:
  give: { fields: { amount: Amount } }
  take: { fields: { amount: Amount } }
machines:
  ALife:
    entity: A
    initial: s0
    init: { y: 1 }
    states:
      s0:
        on:
          give: { set: { y: "y" } }
          take: { set: { y: "y" } }
flows:
  f:
    says: nothing moves
    value: Amount
    participants: { a: ALife }
    steps:
      - give -> take
    holders: ["a.x + a.y"]
`;
    const real = both(
      memory({ "intent/d.intent.yaml": yaml("x: { type: number, minimum: 0, maximum: 1 }") }),
    );
    expect(real.proof).toEqual({
      proven: false,
      reason: "'a.x' is a number, not an integer (floating-point sums may round)",
    });
  });

  it("does not prove a flow with an async channel", () => {
    const { proof } = both(load("test/fixtures/golden/transfers"));
    expect(proof).toEqual({ proven: false, reason: "its steps queue events in a channel (async)" });
  });
});
