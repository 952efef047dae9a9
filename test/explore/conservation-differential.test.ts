/**
 * The conservation proof (compiler/explore/conservation-proof.ts) against the explorer, the
 * reference: on random small flows of two participants — a trigger and its consequence, the
 * consequence sometimes also taken by the trigger's participant (a field assigned twice in one
 * step), linear and non-linear effects, mappings and holders — whenever the proof says "proven"
 * the explorer finds no leak (IC8021), and every leak it finds is at a flow the proof does not prove.
 */
import { describe, expect, it } from "vitest";
import { exploreFlow, systemFlows } from "../../compiler/explore/index.js";
import { proveConservation } from "../../compiler/explore/conservation-proof.js";
import { compileMemory } from "../helpers.js";

/** A small seeded generator (mulberry32), so failures reproduce. */
function rng(seed: number): (n: number) => number {
  let a = seed >>> 0;
  return (n) => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
  };
}

const pick = <T>(r: (n: number) => number, xs: readonly T[]): T => xs[r(xs.length)];

/** A choice of `list`: one that conserves when `good`, else any. */
const choose = (r: (n: number) => number, good: boolean, [xs, n]: List): string =>
  pick(r, good ? xs.slice(0, n) : xs);

// Each list: its choices, and how many of the first ones conserve the value.
type List = readonly [readonly string[], number];
const GIVE_X: List = [
  [
    "x - event.amount",
    "2 * x - x - event.amount",
    "x * 1 - event.amount",
    "x + event.amount",
    "x",
    "x - event.amount * event.amount",
  ],
  3,
];
const GIVE_Y: List = [["y", "y + 1", "x"], 1];
const TAKE_A: List = [["x", "x + event.amount - event.amount", "x + event.amount"], 2];
const TAKE_B: List = [
  [
    "x + event.amount",
    "(x + event.amount) * 2 - x - event.amount",
    "x + y - y + event.amount",
    "x + event.amount - 1",
    "event.amount",
    "x",
  ],
  3,
];
const MAPS: List = [
  [
    "event.amount",
    "2 - event.amount + event.amount",
    "event.amount == 2 ? 1 : event.amount",
    "3 - event.amount",
  ],
  2,
];
const HOLDERS = [
  ["a.x + b.x"],
  ["a.x", "b.x"],
  ["a.x * 1 + b.x / 1"],
  ["a.x + b.x + b.y"],
  ["a.x + a.y", "b.x"],
  ["a.x - a.y + b.x + b.y"],
];

function spec(r: (n: number) => number): string {
  const aTakes = r(3) === 0;
  const holders = pick(r, HOLDERS);
  // Half the flows are built from conserving choices only, so both outcomes are frequent.
  const good = r(2) === 0;
  const c = (list: List) => choose(r, good, list);
  const gx = c(GIVE_X);
  return `intent: 1
domain: d
version: 1.0.0
summary: A random flow of two participants.
types:
  Small: { type: integer, minimum: -8, maximum: 8 }
  Amount: { type: integer, minimum: 1, maximum: 2 }
entities:
  A: { fields: { x: Small, y: Small, status: ALife } }
  B: { fields: { x: Small, y: Small, status: BLife } }
events:
  give: { fields: { amount: Amount } }
  take: { fields: { amount: Amount } }
machines:
  ALife:
    entity: A
    initial: s0
    init: { x: 2, y: 1 }
    states:
      s0:
        on:
          give: { to: ${pick(r, ["s0", "s1"])}, guard: "x >= -2 && x <= 2 && y >= -2 && y <= 2", set: { x: "${gx}", y: "${c(GIVE_Y)}" } }${aTakes ? `\n          take: { set: { x: "${c(TAKE_A)}" } }` : ""}
      s1:
        on:
          give: { to: s0, guard: "x >= -2 && x <= 2", set: { x: "${r(2) === 0 ? gx : c(GIVE_X)}" } }${aTakes ? `\n          take: { to: s0 }` : ""}
  BLife:
    entity: B
    initial: s0
    init: { x: 0, y: 0 }
    states:
      s0:
        on:
          take: { guard: "x >= -2 && x <= 2 && y >= -2 && y <= 2", set: { x: "${c(TAKE_B)}" } }
flows:
  f:
    says: Something moves from a to b
    value: Amount
    participants: { a: ALife, b: BLife }
    steps:
      - { on: give, then: take, with: { amount: "${c(MAPS)}" } }
    holders: [${holders.map((h) => `"${h}"`).join(", ")}]
`;
}

describe("conservation proof against the explorer", () => {
  it("never proves a flow on which the explorer finds a leak (80 random flows)", () => {
    const r = rng(15);
    let proven = 0;
    let leaking = 0;
    for (let i = 0; i < 80; i++) {
      const yaml = spec(r);
      const c = compileMemory({ "intent/d.intent.yaml": yaml });
      const errors = c.diagnostics.filter((d) => d.severity === "error");
      expect(
        errors.map((d) => `${d.code} ${d.message}`),
        yaml,
      ).toEqual([]);
      const [flow] = systemFlows(c.program!);
      const x = exploreFlow(c.program!, flow);
      const proof = proveConservation(flow, x.slots!);
      const leak = x.pairs.some(([, d]) => d.code === "IC8021");
      if (proof.proven) expect(leak, yaml).toBe(false);
      if (proof.proven) proven++;
      if (leak) leaking++;
    }
    // Both sides are exercised.
    expect(proven).toBeGreaterThan(5);
    expect(leaking).toBeGreaterThan(5);
  });
});
