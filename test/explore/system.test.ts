/**
 * Flows explored as one system (compiler/explore/compose.ts, system.ts): the participants composed
 * into one machine model and searched by the machine search; flow invariants (IC8020), conserved
 * value (IC8021), system deadlocks (IC8022), failing steps (IC8023), the summary (IC8024), flows
 * that cannot be composed (IC8025) and steps never taken (IC8026).
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { compile } from "../../compiler/program.js";
import { createNodeHost } from "../../compiler/host.js";
import type { Program } from "../../compiler/ir/types.js";
import { exploreFlow, systemFlows } from "../../compiler/explore/index.js";
import { analyze } from "../../compiler/driver/analyze.js";
import { systemKey } from "../../compiler/explore/system-build.js";
import { compileMemory, runCli, wideBank } from "../helpers.js";

const FIX = "test/fixtures/explore";

function load(dir: string): Program {
  const r = compile(createNodeHost(dir), { dir: "intent" });
  expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return r.program!;
}

function memory(yaml: string): Program {
  const r = compileMemory({ "intent/bank.intent.yaml": yaml });
  expect(
    r.diagnostics.filter((d) => d.severity === "error").map((d) => `${d.code} ${d.message}`),
  ).toEqual([]);
  return r.program!;
}

const bank = readFileSync(`${FIX}/system-bank/intent/bank.intent.yaml`, "utf8");

describe("system exploration: conserved value", () => {
  it("proves that transfers between three account instances conserve money (complete, no findings)", () => {
    const program = load(`${FIX}/system-bank`);
    const [flow] = systemFlows(program);
    const x = exploreFlow(program, flow);
    expect(x.pairs).toEqual([]);
    expect(x.slots?.map((s) => s.name)).toEqual(["account[0]", "account[1]", "account[2]"]);
    // Every split of 6 over three balances of 0..6: C(8, 2) = 28 states, all reached.
    expect(x.result?.stats.distinct).toBe(28);
    expect(x.result?.stats.completeness).toBe("complete");
    const summary = x.diagnostics.find((d) => d.code === "IC8024");
    expect(summary?.message).toContain(
      "28 states, complete; its value is conserved by every step (proven for all values: 9 steps, linear arithmetic) and its 2 invariants hold in every state it reached.",
    );
  });

  it("reports IC8021 at the flow's value with the step that destroys money and a shortest trace", () => {
    const program = load(`${FIX}/system-bank-leak`);
    const x = exploreFlow(program, systemFlows(program)[0]);
    const value = x.pairs.find(([, d]) => d.code === "IC8021");
    expect(value).toBeDefined();
    const [f, d] = value!;
    expect([d.line, d.column]).toEqual([35, 12]);
    expect(d.message).toBe(
      "Step 'account[0].withdraw' of flow 'transfer' destroys 1 of its value 'bank.Amount' after 1 steps: its holders sum to 6 before the step and 5 after.",
    );
    expect(
      "trace" in f && f.trace.steps.map((s) => [s.event.type, s.event.amount, s.event.to]),
    ).toEqual([["account[0].withdraw", 2, 0]]);
    // The same step breaks the invariant over the instances.
    expect(x.diagnostics.filter((g) => g.code === "IC8020").map((g) => g.message)).toEqual([
      "Invariant 'BANK-1' of flow 'transfer' is violated after 1 steps: The three balances always add up to 6",
    ]);
  });

  it("takes trigger and consequence as one step: a deposit the target refuses blocks the withdrawal", () => {
    const program = load(`${FIX}/system-bank`);
    const x = exploreFlow(program, systemFlows(program)[0]);
    // Every composed step moves money between two accounts or within one: never a half step.
    const steps = x.result!.coverage.flatMap((t) => t.steps);
    expect(steps.length).toBeGreaterThan(0);
    for (const s of steps)
      expect(s.transition).toMatch(
        /^account\[\d\]:open\.withdraw\.0 \+ account\[\d\]:open\.deposit\.0$/,
      );
    // From 6/0/0 the third account could not take 2 more than 6: such a transfer is never enabled.
    for (const t of x.result!.coverage)
      for (const s of t.steps)
        for (const i of [0, 1, 2]) expect(s.fields[`account[${i}].balance`]).toBeLessThanOrEqual(6);
  });
});

describe("system exploration: asynchronous steps", () => {
  const asyncBank = readFileSync(`${FIX}/system-bank-async/intent/bank.intent.yaml`, "utf8");

  it("delivers an async event in a later step; money in the channel is held by it (complete, conserved)", () => {
    const program = load(`${FIX}/system-bank-async`);
    const x = exploreFlow(program, systemFlows(program)[0]);
    expect(x.pairs).toEqual([]);
    expect(x.result?.stats.completeness).toBe("complete");
    // More states than the synchronous bank (28): money may sit in the channel of one event.
    expect(x.result?.stats.distinct).toBe(136);
    const delivered = x
      .result!.coverage.flatMap((t) => t.steps)
      .filter((s) => s.event.type === "$channel.deliver");
    expect(delivered.length).toBeGreaterThan(0);
    for (const s of x.result!.coverage.flatMap((t) => t.steps))
      expect((s.fields.$channel as unknown[]).length).toBeLessThanOrEqual(1);
  });

  it("reports IC8027 when a delivered event is refused, and the money it carried is destroyed (IC8021)", () => {
    const program = memory(
      asyncBank.replace(
        'deposit: { guard: "balance + event.amount <= 6"',
        'deposit: { guard: "balance + event.amount <= 3"',
      ),
    );
    const x = exploreFlow(program, systemFlows(program)[0]);
    expect(
      x.diagnostics.filter((d) => d.severity === "error").map((d) => [d.code, d.message]),
    ).toEqual([
      [
        "IC8020",
        "Invariant 'BANK-1' of flow 'transfer' is violated after 2 steps: The three balances always add up to 6",
      ],
      [
        "IC8027",
        "In flow 'transfer', the asynchronous event 'bank.deposit' was refused by account[1] in state 'open' after 2 steps: it is lost.",
      ],
      [
        "IC8021",
        "Step '$channel.deliver' of flow 'transfer' destroys 2 of its value 'bank.Amount' after 2 steps: its holders sum to 6 before the step and 4 after.",
      ],
    ]);
  });
});

describe("system exploration: findings", () => {
  it("reports IC8022 when every event of the participants is sent and the system stops early", () => {
    const yaml = bank
      .replace("    holders:", "    events: all\n    holders:")
      .replace(
        'withdraw: { guard: "balance >= event.amount", set: { balance: "balance - event.amount" } }',
        'withdraw: { to: closed, guard: "balance >= event.amount", set: { balance: "balance - event.amount" } }',
      )
      .replace("          deposit: {", "          deposit: {")
      .replace(
        "    states:\n      open:",
        '    states:\n      closed:\n        on:\n          deposit: { to: closed, guard: "balance + event.amount <= 6", set: { balance: "balance + event.amount" } }\n      open:',
      );
    const program = memory(yaml);
    const x = exploreFlow(program, systemFlows(program)[0]);
    const d = x.diagnostics.find((g) => g.code === "IC8022");
    expect(d?.message).toMatch(
      /^The system of flow 'transfer' stops in 'account\[0\]=closed account\[1\]=closed account\[2\]=closed' after 3 steps: no event is enabled and not every participant is final\.$/,
    );
    // With the default (the events of its steps) the same system may stop: no IC8022.
    const steps = memory(yaml.replace("    events: all\n", ""));
    expect(exploreFlow(steps, systemFlows(steps)[0]).diagnostics.map((g) => g.code)).not.toContain(
      "IC8022",
    );
  });

  it("reports IC8023 when a composed step breaks a participant's field type", () => {
    // Balances of 3 add up to 9: a deposit without its guard can take one past its maximum 6.
    const program = memory(
      bank
        .replace('deposit: { guard: "balance + event.amount <= 6", set:', "deposit: { set:")
        .replace("init: { balance: 2 }", "init: { balance: 3 }")
        .replace('a.balance) == 6"', 'a.balance) == 9"'),
    );
    const x = exploreFlow(program, systemFlows(program)[0]);
    const d = x.diagnostics.find((g) => g.code === "IC8023");
    expect(d?.message).toMatch(
      /^In flow 'transfer', step 'account\[\d\]:open\.withdraw\.0 \+ account\[\d\]:open\.deposit\.0' sets 'account\[\d\]\.balance' outside its type after \d+ steps: /,
    );
  });

  it("reports IC8023 when a step maps a payload outside the triggered event's type", () => {
    const program = memory(
      bank.replace('with: { amount: "event.amount" }', 'with: { amount: "event.amount + 1" }'),
    );
    const x = exploreFlow(program, systemFlows(program)[0]);
    expect(x.diagnostics.filter((d) => d.code === "IC8023").map((d) => d.message)).toEqual(
      [0, 1, 2].map(
        (i) =>
          `In flow 'transfer', a step of 'account[${i}].withdraw' maps a payload after 0 steps: the payload field 'amount' of 'bank.deposit' is outside its type: 3 is above the maximum 2.`,
      ),
    );
  });

  it("reports IC8025 when the participants have too many combined states", () => {
    const program = memory(wideBank(bank));
    const x = exploreFlow(program, systemFlows(program)[0]);
    expect(x.diagnostics.map((d) => [d.code, d.message])).toEqual([
      [
        "IC8025",
        "Flow 'transfer' cannot be explored as one system: its participants have 65536 combined states (more than 4096).",
      ],
    ]);
  });

  it("reports IC8026 for a step whose chain is never accepted", () => {
    const program = memory(
      bank.replace(
        'deposit: { guard: "balance + event.amount <= 6"',
        'deposit: { guard: "balance + event.amount > 6"',
      ),
    );
    const x = exploreFlow(program, systemFlows(program)[0]);
    expect(x.diagnostics.filter((d) => d.code === "IC8026").map((d) => d.message)).toEqual([
      "Event 'account[0].withdraw' of flow 'transfer' is never taken in the system.",
      "Event 'account[1].withdraw' of flow 'transfer' is never taken in the system.",
      "Event 'account[2].withdraw' of flow 'transfer' is never taken in the system.",
    ]);
  });
});

describe("system exploration in builds and the CLI", () => {
  it("the shop's checkout conserves money and its invariants hold (the build analysis notes IC8024, no errors)", async () => {
    const program = load(".");
    const analyzed = await analyze(program, { budget: 20_000, previousLock: undefined });
    expect(analyzed.diagnostics.filter((d) => d.code.startsWith("IC802"))).toEqual([]);
    expect(analyzed.notes).toHaveLength(1);
    expect(analyzed.notes[0]).toMatch(
      /^intentc: Flow 'checkout' was explored as one system of order, payment, shipment over the events of its steps: \d+ states, (complete|sampled)( \(fingerprinted: 64-bit, collision probability ≤ [0-9.e-]+\))?; its value is conserved by every step \(proven for all values: 5 steps, linear arithmetic\) and its 2 invariants hold in every state it reached\.$/,
    );
  });

  it("keys a flow's exploration by the flow and its participants' machines", () => {
    const a = load(`${FIX}/system-bank`);
    const b = memory(bank.replace("init: { balance: 2 }", "init: { balance: 1 }"));
    const c = memory(
      bank.replace("says: Money moves between accounts", "says: Money moves among accounts"),
    );
    const key = (p: Program) => systemKey(p, systemFlows(p)[0], 1000);
    expect(key(memory(bank))).toBe(key(a));
    expect(key(b)).not.toBe(key(a));
    expect(key(c)).not.toBe(key(a));
  });

  it("intentc explore --flow prints the system and exits 1 on a leak; --format json lists flows", async () => {
    const ok = await runCli(["explore", "--flow", "transfer"], `${FIX}/system-bank`);
    expect(ok.code).toBe(0);
    expect(ok.out).toContain(
      "explore flow bank.transfer (account[0] = bank.AccountLifecycle, account[1] = bank.AccountLifecycle, account[2] = bank.AccountLifecycle): 28 distinct states",
    );
    const leak = await runCli(
      ["explore", "--flow", "bank.transfer", "--format", "json"],
      `${FIX}/system-bank-leak`,
    );
    expect(leak.code).toBe(1);
    const json = JSON.parse(leak.out) as {
      machines: unknown[];
      flows: { flow: string; findings: { diagnostic: { code: string } }[] }[];
    };
    expect(json.machines).toEqual([]);
    expect(json.flows.map((f) => [f.flow, f.findings.map((x) => x.diagnostic.code)])).toEqual([
      ["bank.transfer", ["IC8020", "IC8021"]],
    ]);
    const none = await runCli(["explore", "--flow", "nope"], `${FIX}/system-bank`);
    expect(none.code).toBe(2);
  });

  it("intentc check notes each flow explored as a system on stderr, and fails on a leak", async () => {
    const ok = await runCli(["check"], `${FIX}/system-bank`);
    expect(ok.code).toBe(0);
    expect(ok.err).toContain(
      "intentc: Flow 'transfer' was explored as one system of account[0], account[1], account[2] over the events of its steps: 28 states, complete; its value is conserved by every step (proven for all values: 9 steps, linear arithmetic) and its 2 invariants hold in every state it reached.\n",
    );
    const leak = await runCli(["check", "--format", "json"], `${FIX}/system-bank-leak`);
    expect(leak.code).toBe(1);
    expect(
      (JSON.parse(leak.out) as { diagnostics: { code: string }[] }).diagnostics.map((d) => d.code),
    ).toEqual(["IC8020", "IC8021"]);
  });
});
