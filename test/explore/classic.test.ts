/**
 * Classic specifications whose state is a map or a set (test/fixtures/explore/classic/README.md):
 * `intentc explore` reproduces the distinct-state counts and verdicts TLC publishes for them in
 * the TLA+ Examples manifest, and proves the bank's conservation invariant over every state.
 */
import { describe, expect, it } from "vitest";
import { compile } from "../../compiler/program.js";
import { createNodeHost } from "../../compiler/host.js";
import type { Program } from "../../compiler/ir/types.js";
import { exploreMachine, machinesOf } from "../../compiler/explore/index.js";
import { compileMemory, runCli } from "../helpers.js";

const FIX = "test/fixtures/explore/classic";

function load(name: string): Program {
  const r = compile(createNodeHost(`${FIX}/${name}`), { dir: "intent" });
  expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return r.program!;
}

function explore(name: string) {
  const program = load(name);
  return exploreMachine(program, machinesOf(program)[0], {});
}

describe("classic specifications (published TLC results, tlaplus/Examples manifest.json)", () => {
  // [fixture, published distinct states, published result]
  const published = [
    ["tcommit", 34, "success"],
    ["twophase", 288, "success"],
    ["ewd840", 302, "success"],
  ] as const;
  for (const [name, distinct, result] of published) {
    it(`${name}: ${distinct} distinct states, ${result}`, () => {
      const x = explore(name);
      expect(x.diagnostics).toEqual([]);
      expect(x.result!.findings).toEqual([]);
      expect(x.result!.stats).toMatchObject({ distinct, complete: true });
    });
  }

  it("the CLI prints the same count and verdict", async () => {
    const r = await runCli(["explore"], `${process.cwd()}/${FIX}/twophase`);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(
      /^explore twophase\.TwoPhase: 288 distinct states, \d+ generated, depth 10, .*, complete$/m,
    );
  });
});

describe("a bank of accounts as a map", () => {
  it("conserves the total over every reachable distribution (complete)", () => {
    const x = explore("bank");
    expect(x.diagnostics).toEqual([]);
    // Every way to distribute 6 over 3 accounts: C(8, 2) = 28.
    expect(x.result!.stats).toMatchObject({ distinct: 28, complete: true });
  });

  it("finds the transfer to the same account that creates money", () => {
    const x = explore("bank-bug");
    const violated = x.diagnostics.filter((d) => d.code === "IC8001");
    expect(violated.map((d) => d.message)).toEqual([
      "Invariant 'BANK-1' is violated after 1 steps: Transfers conserve the total",
    ]);
    const f = x.result!.findings.find((g) => g.kind === "invariant-violated");
    expect(
      f?.kind === "invariant-violated" &&
        f.trace.steps.map((s) => [s.event.from, s.event.to, s.fields.balance]),
    ).toEqual([["a", "a", { a: 3, b: 2, c: 2 }]]);
  });
});

describe("records as map values", () => {
  it("are updated entry by entry with object literals and reach every combination", () => {
    const x = explore("ledger");
    expect(x.diagnostics).toEqual([]);
    expect(x.result!.stats).toMatchObject({ distinct: 36, complete: true });
  });
});

describe("integer-keyed maps and sets", () => {
  it("hand their keys to quantifiers as numbers (a string key would make the sum a string)", () => {
    const x = explore("slots");
    expect(x.diagnostics).toEqual([]);
    expect(x.result!.stats).toMatchObject({ distinct: 27, complete: true });
  });
});

describe("numeric payloads derived from map entries", () => {
  it("try the value of an entry (a sampled amount equal to a balance)", () => {
    const r = compileMemory({
      "intent/d.intent.yaml": `intent: 1
domain: d
version: 1.0.0
types:
  Acct: { enum: [a, b] }
entities:
  Bank:
    fields:
      balance: { type: map, keys: Acct, values: { type: integer, minimum: 0, maximum: 9 } }
events:
  sweep: { fields: { from: Acct, amount: { type: integer, minimum: 1 } } }
machines:
  M:
    entity: Bank
    initial: open
    deadlock: allowed
    init: { balance: "{ a: 7, b: 0 }" }
    states:
      open:
        on:
          sweep:
            guard: "event.amount == balance[event.from] && event.amount > 3"
            set: { "balance[event.from]": "0" }
invariants:
  I:
    says: Account a is never swept
    holds: "balance.a > 0"
`,
    });
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const x = exploreMachine(r.program!, machinesOf(r.program!)[0], {});
    const f = x.result!.findings.find((g) => g.kind === "invariant-violated");
    expect(f?.kind === "invariant-violated" && f.trace.steps.map((st) => st.event)).toEqual([
      { type: "sweep", from: "a", amount: 7 },
    ]);
  });
});

describe("maps and sets left out of init", () => {
  const spec = (keys: number, values: string) => `intent: 1
domain: d
version: 1.0.0
types:
  K: { enum: [${Array.from({ length: keys }, (_, i) => `k${i}`).join(", ")}] }
entities:
  E:
    fields:
      m: { type: map, keys: K, values: ${values} }
events:
  flip: { fields: { key: K } }
machines:
  M:
    entity: E
    initial: s
    states:
      s:
        on:
          flip: { set: { "m[event.key]": "!m[event.key]" } }
invariants:
  I:
    says: Not every key is on
    holds: "!every(m, (v) => v)"
`;
  const explore = (yaml: string) => {
    const r = compileMemory({ "intent/d.intent.yaml": yaml });
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    return exploreMachine(r.program!, machinesOf(r.program!)[0], {});
  };

  it("range over every map when there are at most 4096: the violating start is found in 0 steps", () => {
    const x = explore(spec(3, "boolean"));
    expect(x.result!.stats).toMatchObject({ distinct: 8, complete: true });
    const f = x.result!.findings.find((g) => g.kind === "invariant-violated");
    expect(f?.kind === "invariant-violated" && f.trace.steps).toEqual([]);
  });

  it("are sampled beyond 4096 maps, and the search says so (IC8010)", () => {
    const x = explore(spec(13, "boolean").replace(/invariants:[\s\S]*$/, ""));
    expect(x.result!.stats).toMatchObject({
      complete: false,
      completeness: "sampled",
      sampled: ["E.m"],
    });
    expect(x.diagnostics.map((d) => d.code)).toContain("IC8010");
  });

  it("a set is a map to boolean: the same states", () => {
    const x = explore(
      spec(3, "boolean").replace(
        "{ type: map, keys: K, values: boolean }",
        "{ type: set, items: K }",
      ),
    );
    expect(x.result!.stats).toMatchObject({ distinct: 8, complete: true });
  });
});
