/**
 * The composed flows of the analysis phase (driver/flow-seeds.ts): computed once per flow and
 * content key, reused from the build memo (also after the JSON round trip of the memo store),
 * a malformed stored value recomputed, and skipped only by a check that explores nothing.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { analyze, analyzeSync } from "../../compiler/driver/analyze.js";
import {
  composedFlow,
  composedFlowKey,
  composeFlows,
  isComposedFlowOrNull,
} from "../../compiler/driver/flow-seeds.js";
import { createBuildMemo } from "../../compiler/driver/memo.js";
import type { Analysis } from "../../compiler/emit/emitter.js";
import { flowTestsEmitter } from "../../compiler/emit/flow-tests.js";
import { systemFlows } from "../../compiler/explore/system.js";
import { createNodeHost } from "../../compiler/host.js";
import type { Program } from "../../compiler/ir/types.js";
import { compile } from "../../compiler/program.js";
import { compileMemory, wideBank } from "../helpers.js";

function load(dir: string): Program {
  const r = compile(createNodeHost(dir), { dir: "intent" });
  expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return r.program!;
}

const ASYNC = "test/fixtures/explore/system-bank-async";

/** The flow-tests emitter's files for an analysis. */
const flowFiles = (program: Program, analysis: Analysis) =>
  flowTestsEmitter.emit(program, { report: () => {}, options: {}, analysis });

describe("composed flows in the analysis phase", () => {
  it("are computed once per content key and taken from the memo afterwards", async () => {
    const program = load(ASYNC);
    const memo = createBuildMemo();
    const first = await analyze(program, { budget: 5000, previousLock: undefined, memo });
    const [flow] = systemFlows(program);
    const data = first.analysis.flows.get(flow);
    expect(data).toBeDefined();
    expect(data!.seeds.length).toBeGreaterThan(0);
    // The channel's deliveries are commands of their own.
    expect(data!.seeds.some((s) => s.commands.some((c) => "deliver" in c))).toBe(true);
    expect([...first.analysis.flows.values()]).toEqual([...analyzeSync(program).flows.values()]);
    expect(memo.entries().filter(([k]) => k.startsWith("flow-seeds "))).toEqual([
      [composedFlowKey(program, flow), data],
    ]);
    const again = await analyze(program, { budget: 5000, previousLock: undefined, memo });
    expect(again.analysis.flows.get(flow)).toBe(data);
  });

  it("read back from a stored memo (plain JSON) give byte-identical suites", async () => {
    const program = load(ASYNC);
    const memo = createBuildMemo();
    const cold = await analyze(program, { budget: 5000, previousLock: undefined, memo });
    // What write/cache.ts stores and the next build reads.
    const stored = new Map(JSON.parse(JSON.stringify(memo.entries())) as [string, unknown][]);
    const key = composedFlowKey(program, systemFlows(program)[0]);
    const warm = await analyze(program, {
      budget: 5000,
      previousLock: undefined,
      memo: createBuildMemo(stored),
    });
    expect(warm.analysis.flows.get(systemFlows(program)[0])).toBe(stored.get(key));
    const files = flowFiles(program, warm.analysis);
    expect(files.size).toBe(2);
    expect(files).toEqual(flowFiles(program, cold.analysis));
  });

  it("recompute a malformed stored value", async () => {
    const program = load(ASYNC);
    const [flow] = systemFlows(program);
    const key = composedFlowKey(program, flow);
    const bad = { participants: [], initial: [], events: [], seeds: [{ commands: 1 }] };
    expect(isComposedFlowOrNull(bad)).toBe(false);
    const x = await analyze(program, {
      budget: 5000,
      previousLock: undefined,
      memo: createBuildMemo(new Map([[key, bad]])),
    });
    expect(x.analysis.flows.get(flow)).toEqual(composedFlow(program, flow));
  });

  it("recompute a stored value naming a participant or event the Program does not have", async () => {
    const program = load(ASYNC);
    const [flow] = systemFlows(program);
    const key = composedFlowKey(program, flow);
    const data = composedFlow(program, flow)!;
    const [p] = data.participants;
    const [e] = data.events;
    for (const forged of [
      { ...data, participants: [{ ...p, name: "x: 1; evil()" }, ...data.participants.slice(1)] },
      { ...data, participants: [{ ...p, machine: { ...p.machine, name: "Other" } }] },
      { ...data, participants: [...data.participants, p] },
      { ...data, events: [{ ...e, event: { domain: "bank/../../x", name: e.event.name } }] },
      { ...data, events: [{ ...e, participant: "nobody" }] },
    ]) {
      expect(isComposedFlowOrNull(forged)).toBe(true);
      const x = await analyze(program, {
        budget: 5000,
        previousLock: undefined,
        memo: createBuildMemo(new Map([[key, forged]])),
      });
      expect(x.analysis.flows.get(flow)).toEqual(data);
    }
  });

  it("check the shape of stored values", () => {
    const program = load(ASYNC);
    const data = composedFlow(program, systemFlows(program)[0])!;
    expect(isComposedFlowOrNull(data)).toBe(true);
    expect(isComposedFlowOrNull(null)).toBe(true);
    for (const broken of [
      { ...data, participants: [{ ...data.participants[0], machine: "bank.Account" }] },
      { ...data, events: [{ ...data.events[0], payloads: [1] }] },
      { ...data, initial: [[]] },
      { ...data, seeds: [{ initial: {}, commands: [{ slot: "account[0]" }] }] },
      { ...data, seeds: undefined },
      [],
      "data",
    ])
      expect(isComposedFlowOrNull(broken)).toBe(false);
  });

  it("leave out a flow that cannot be composed (remembered as null)", () => {
    const bank = readFileSync("test/fixtures/explore/system-bank/intent/bank.intent.yaml", "utf8");
    const r = compileMemory({
      "intent/bank.intent.yaml": wideBank(bank),
    });
    const program = r.program!;
    const [flow] = systemFlows(program);
    expect(flow).toBeDefined();
    const memo = createBuildMemo();
    expect(composeFlows(program, memo).size).toBe(0);
    expect(memo.entries()).toEqual([[composedFlowKey(program, flow), null]]);
    expect(composedFlow(program, flow)).toBeNull();
  });

  it("are skipped by a check that explores nothing, and composed for a build at any budget", async () => {
    const program = load(ASYNC);
    const check = await analyze(program, { budget: 0, previousLock: undefined });
    expect(check.analysis.flows.size).toBe(0);
    const build = await analyze(program, {
      budget: 0,
      previousLock: undefined,
      suites: true,
    });
    expect([...build.analysis.flows.values()]).toEqual([...analyzeSync(program).flows.values()]);
    expect(build.analysis.flows.size).toBe(1);
  });
});
