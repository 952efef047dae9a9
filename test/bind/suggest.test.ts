/** Did-you-mean everywhere a name can be misspelt: states, state literals, event fields, other domains. */
import { describe, expect, it } from "vitest";
import { createMemoryHost } from "../../compiler/host.js";
import { compile } from "../../compiler/program.js";

const PAYMENTS = [
  "intent: 1",
  "domain: payments",
  "version: 1.0.0",
  "events:",
  "  capture: { fields: { amount: integer } }",
  "",
].join("\n");

/** The `orders` domain with one transition line and one invariant condition to vary. */
function orders(transition: string, when = "status == 'shipped'"): Record<string, string> {
  return {
    "intent/system.intent.yaml": "intent: 1\nsystem: s\nversion: 1.0.0\n",
    "intent/payments.intent.yaml": PAYMENTS,
    "intent/orders.intent.yaml": [
      "intent: 1",
      "domain: orders",
      "version: 1.0.0",
      "entities:",
      "  Order:",
      "    fields:",
      "      paid: integer",
      "      status: Life",
      "events:",
      "  pay: { fields: { amount: integer } }",
      "  ship: {}",
      "machines:",
      "  Life:",
      "    entity: Order",
      "    initial: open",
      "    states:",
      "      open:",
      "        on:",
      `          ${transition}`,
      "          ship: shipped",
      "      shipped: { final: true }",
      "invariants:",
      "  I-1:",
      "    says: x",
      `    when: "${when}"`,
      '    holds: "paid >= 0"',
      "",
    ].join("\n"),
  };
}

const report = (files: Record<string, string>) =>
  compile(createMemoryHost(files), { dir: "intent" }).diagnostics.map(
    (d) => `${d.line}:${d.column} ${d.code} ${d.message}${d.hint ? ` | ${d.hint}` : ""}`,
  );

describe("did you mean", () => {
  it("a target state", () => {
    expect(report(orders("pay: { to: shiped }"))).toEqual([
      "19:22 IC3102 Transition on 'pay' in state 'open' goes to unknown state 'shiped'. | Did you mean 'shipped'?",
    ]);
  });

  it("a state literal in an expression", () => {
    expect(report(orders("pay: { to: open }", "status == 'shiped'"))).toEqual([
      "25:12 IC4008 This comparison appears to be unintentional because the types 'LifeState' and '\"shiped\"' have no overlap. | Did you mean 'shipped'?",
    ]);
  });

  it("an event field; with no close name, the fields the event has", () => {
    expect(report(orders('pay: { guard: "event.amout > 0" }'))).toEqual([
      "19:32 IC4008 Property 'amout' does not exist on type 'PayEvent'. Did you mean 'amount'?",
    ]);
    expect(report(orders('pay: { guard: "event.total > 0" }'))).toEqual([
      "19:32 IC4008 Property 'total' does not exist on type 'PayEvent'. | 'PayEvent' has: amount.",
    ]);
  });

  it("an event of another domain keeps its domain prefix", () => {
    expect(report(orders("captur: open"))).toEqual([
      "19:11 IC2005 Unknown event 'captur'. | Did you mean 'payments.capture'?",
    ]);
    expect(report(orders("capture: open"))).toEqual([
      "19:11 IC2005 Unknown event 'capture'. | Did you mean 'payments.capture'?",
    ]);
    expect(report(orders("payments.captur: open"))).toEqual([
      "19:11 IC2005 Unknown event 'payments.captur'. | Did you mean 'payments.capture'?",
    ]);
    expect(report(orders("paymnts.capture: open"))).toEqual([
      "19:11 IC2004 Unknown domain 'paymnts'. | Did you mean 'payments.capture'?",
    ]);
    expect(report(orders("paymnts.refund: open"))).toEqual([
      "19:11 IC2004 Unknown domain 'paymnts'. | Did you mean 'payments'?",
    ]);
    // A close name in this domain is bare.
    expect(report(orders("shp: open"))).toEqual([
      "19:11 IC2005 Unknown event 'shp'. | Did you mean 'ship'?",
    ]);
  });
});
