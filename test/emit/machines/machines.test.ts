/**
 * Reference models and XState machines: emitted code type-checks under strict, and the explorer,
 * the emitted reference model and the XState machine agree step by step (one meaning). The runtime
 * monitor reports and rejects invariant-breaking steps.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { createActor } from "xstate";
import {
  createGuardedSend,
  createInvariantMonitor,
  type MonitorEvent,
} from "../../../runtime/monitor.js";
import { exploreMachine, machinesOf } from "../../../compiler/explore/index.js";
import { referenceModelModule } from "../../../compiler/emit/reference-model.js";
import { xstateModule } from "../../../compiler/emit/xstate.js";
import type { Program } from "../../../compiler/ir/types.js";
import { compileDir, emitTo, typeCheck } from "./emit-helpers.js";

type Any = any; // eslint-disable-line @typescript-eslint/no-explicit-any
const load = (dir: string, file: string): Promise<Any> =>
  import(pathToFileURL(resolve(dir, file)).href);

let diehard: Program;
let bank: Program;
let dhDir: string;
let bankDir: string;

beforeAll(() => {
  diehard = compileDir("test/fixtures/explore/diehard");
  bank = compileDir("test/fixtures/explore/bank");
  dhDir = emitTo(diehard, "machines-diehard");
  bankDir = emitTo(bank, "machines-bank");
});

describe("emitted machines", () => {
  it("emits the DieHard reference model and XState machine byte for byte", async () => {
    const m = machinesOf(diehard)[0];
    await expect(referenceModelModule(m)).toMatchFileSnapshot(
      "__snapshots__/DieHard.model.ts.snap",
    );
    await expect(xstateModule(m)).toMatchFileSnapshot("__snapshots__/DieHard.machine.ts.snap");
  });

  it("type-checks the emitted fixtures under strict", () => {
    expect(typeCheck(dhDir)).toBe("");
    expect(typeCheck(bankDir)).toBe("");
  });

  it("replays the explorer's DieHard counterexample through the reference model and XState with equal states and fields", async () => {
    const x = exploreMachine(diehard, machinesOf(diehard)[0]);
    const f = x.result!.findings[0];
    if (f.kind !== "invariant-violated") throw new Error("expected a violation");
    const model = await load(dhDir, "machines/puzzles/DieHard.model.ts");
    const { dieHardMachine } = await load(dhDir, "machines/puzzles/DieHard.machine.ts");
    let snap = model.initial({ small: 0, big: 0 });
    const actor = createActor(dieHardMachine, { input: snap.context }).start();
    for (const step of f.trace.steps) {
      const r = model.transition(snap, step.event);
      expect(r.ok).toBe(true);
      expect(r.transition).toBe(step.transition);
      snap = r.snapshot;
      actor.send(step.event);
      expect(snap).toEqual({ state: step.state, context: step.fields });
      expect(actor.getSnapshot().value).toBe(step.state);
      expect(actor.getSnapshot().context).toEqual(step.fields);
    }
    expect(snap.context).toEqual({ small: 3, big: 4 });
  });

  it("rejects an event whose guard fails and leaves the snapshot unchanged", async () => {
    const model = await load(bankDir, "machines/bank/Transfers.model.ts");
    const s0 = model.initial({ a: 0, b: 0 });
    expect(s0).toEqual({ state: "open", context: { a: 7, b: 0 } });
    const r = model.transition(s0, { type: "transferBtoA", amount: 1 });
    expect(r).toEqual({ ok: false, snapshot: s0, reason: "guard-failed" });
  });
});

describe("runtime monitor", () => {
  it("reports the invariant-breaking step of a running actor as a structured event", async () => {
    const { transfersMachine } = await load(bankDir, "machines/bank/Transfers.machine.ts");
    const { checkAccountsInvariants } = await load(bankDir, "contracts/bank/invariants.ts");
    const seen: MonitorEvent<unknown>[] = [];
    const monitor = createInvariantMonitor({
      check: checkAccountsInvariants,
      onViolation: (e) => seen.push(e),
    });
    const actor = createActor(transfersMachine, {
      input: { a: 7, b: 0 },
      inspect: monitor.inspect,
    }).start();
    for (let i = 0; i < 4; i++) actor.send({ type: "transferAtoB", amount: 2 });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({
      type: "intentc.invariant-violated",
      event: { type: "transferAtoB" },
      prev: { a: 1, b: 6 },
      next: { a: -1, b: 8 },
      state: "open",
      rejected: false,
      violations: [{ id: "BANK-1", severity: "critical" }],
    });
    expect(monitor.violations).toEqual(seen);
  });

  it("rejects the step with a guarded send and leaves the actor unchanged", async () => {
    const { transfersMachine } = await load(bankDir, "machines/bank/Transfers.machine.ts");
    const { checkAccountsInvariants } = await load(bankDir, "contracts/bank/invariants.ts");
    const seen: MonitorEvent<unknown>[] = [];
    const actor = createActor(transfersMachine, { input: { a: 7, b: 0 } }).start();
    const send = createGuardedSend(actor, transfersMachine, {
      check: checkAccountsInvariants,
      onViolation: (e) => seen.push(e),
    });
    const results = [1, 2, 3, 4].map(() => send({ type: "transferAtoB", amount: 2 }));
    expect(results).toEqual([true, true, true, false]);
    expect(actor.getSnapshot().context).toEqual({ a: 1, b: 6 });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({
      rejected: true,
      next: { a: -1, b: 8 },
      violations: [{ id: "BANK-1" }],
    });
  });
});
