/**
 * The model-tests emitter prints the modelled machines of the analysis (Analysis.machines) and
 * searches nothing itself: the suite changes exactly as the data it is handed changes, and a
 * machine the analysis does not carry gets no suite.
 */
import { describe, expect, it } from "vitest";
import { analyzeSync } from "../../../compiler/driver/analyze.js";
import type { Analysis, ModeledMachine } from "../../../compiler/emit/emitter.js";
import { modelTestsEmitter } from "../../../compiler/emit/model-tests.js";
import type { Machine, Program } from "../../../compiler/ir/types.js";
import { emitProgram } from "../../../compiler/program.js";
import { block, compileDir } from "./emit-helpers.js";

const SUITE = "tests/orders/OrderLifecycle.model-suite.ts";

const emit = (program: Program, analysis: Analysis) =>
  modelTestsEmitter.emit(program, { report: () => {}, options: {}, analysis });

describe("model-based suites from the analysis data", () => {
  const program = compileDir(".");
  const analysis = analyzeSync(program, 0);
  const [machine, data] = [...analysis.machines].find(([m]) => m.name === "OrderLifecycle") as [
    Machine,
    ModeledMachine,
  ];
  const withData = (d: ModeledMachine): Analysis => ({
    ...analysis,
    machines: new Map([...analysis.machines].map(([m, x]) => [m, m === machine ? d : x])),
  });

  it("are the files of the whole emit path, two per machine", () => {
    const files = emit(program, analysis);
    expect(files.size).toBe(2 * analysis.machines.size);
    expect(files.has(SUITE)).toBe(true);
    const all = emitProgram(program, { analysis }).files;
    for (const [path, text] of files) expect(all.get(path)).toBe(text);
  });

  it("embed exactly the seeds, initial entities and payloads they are handed", () => {
    const seed = data.seeds[data.seeds.length - 1];
    expect(seed.events.length).toBeGreaterThan(0);
    const pay = data.events.findIndex((e) => e.type === "pay");
    expect(pay).toBeGreaterThanOrEqual(0);
    const marked = { ...data.events[pay].payloads[0], amount: 987654321 };
    const events = data.events.map((e, i) => (i === pay ? { ...e, payloads: [marked] } : e));
    const text = emit(
      program,
      withData({ ...data, initial: [{ marker: "only" }], seeds: [seed], events }),
    ).get(SUITE)!;
    const full = emit(program, analysis).get(SUITE)!;
    expect(block(full, "seeds").length).toBe(data.seeds.length);
    expect(block(text, "seeds")).toHaveLength(1);
    expect(block(text, "seeds")[0]).toContain(`"type": "${String(seed.events[0].type)}"`);
    expect(block(full, "initial").length).toBe(data.initial.length);
    expect(block(text, "initial")).toEqual([`    { "marker": "only" },`]);
    expect(text).toContain(`payloads: [{ "amount": 987654321, "type": "pay" }],`);
    expect(full).not.toContain("987654321");
  });

  it("search nothing: no seeds and no initial entities handed, none printed", () => {
    const text = emit(program, withData({ ...data, initial: [], seeds: [] })).get(SUITE)!;
    expect(block(text, "seeds")).toEqual([]);
    expect(block(text, "initial")).toEqual([]);
    // Everything else is unchanged.
    const full = emit(program, analysis).get(SUITE)!;
    const rest = (t: string) =>
      t
        .split("\n")
        .filter((l) => !block(t, "seeds").includes(l) && !block(t, "initial").includes(l));
    expect(rest(text).slice(1)).toEqual(rest(full).slice(1));
  });

  it("are not emitted for a machine the analysis does not carry", () => {
    expect(emit(program, { ...analysis, machines: new Map() }).size).toBe(0);
    const others = new Map([...analysis.machines].filter(([m]) => m !== machine));
    const files = emit(program, { ...analysis, machines: others });
    expect(files.size).toBe(2 * others.size);
    expect(files.has(SUITE)).toBe(false);
  });
});
