/**
 * The flow-tests emitter prints the composed flows of the analysis (Analysis.flows) and searches
 * nothing itself: the suite changes exactly as the data it is handed changes, and a flow the
 * analysis does not carry gets no suite.
 */
import { describe, expect, it } from "vitest";
import { analyzeSync } from "../../../compiler/driver/analyze.js";
import type { Analysis, ComposedFlow } from "../../../compiler/emit/emitter.js";
import { flowTestsEmitter } from "../../../compiler/emit/flow-tests.js";
import type { Flow, Program } from "../../../compiler/ir/types.js";
import { emitProgram } from "../../../compiler/program.js";
import { block, compileDir } from "../machines/emit-helpers.js";

const SUITE = "tests/orders/checkout.flow-suite.ts";

const emit = (program: Program, analysis: Analysis) =>
  flowTestsEmitter.emit(program, { report: () => {}, options: {}, analysis });

describe("flow suites from the analysis data", () => {
  const program = compileDir(".");
  const analysis = analyzeSync(program, 0);
  const [[flow, data]] = [...analysis.flows] as [Flow, ComposedFlow][];
  const withData = (d: ComposedFlow): Analysis => ({ ...analysis, flows: new Map([[flow, d]]) });

  it("are the files of the whole emit path", () => {
    expect(flow.name).toBe("checkout");
    const files = emit(program, analysis);
    expect([...files.keys()]).toEqual([SUITE, "tests/orders/checkout.flow.test.ts"]);
    const all = emitProgram(program, { analysis }).files;
    for (const [path, text] of files) expect(all.get(path)).toBe(text);
  });

  it("embed exactly the seeds, initial systems and payloads they are handed", () => {
    const seed = data.seeds[data.seeds.length - 1];
    expect(seed.commands.length).toBeGreaterThan(0);
    const [event] = data.events;
    const marked = { ...event.payloads[0], marker: 987654321 };
    const text = emit(
      program,
      withData({
        ...data,
        initial: [],
        seeds: [seed],
        events: [{ ...event, payloads: [marked] }],
      }),
    ).get(SUITE)!;
    const full = emit(program, analysis).get(SUITE)!;
    expect(block(full, "seeds").length).toBe(data.seeds.length);
    expect(block(text, "seeds")).toHaveLength(1);
    expect(block(text, "seeds")[0]).toContain(
      `slot: "${(seed.commands[0] as { slot: string }).slot}"`,
    );
    // Only the seed's start remains of the initial systems.
    expect(block(full, "initial").length).toBeGreaterThan(1);
    expect(block(text, "initial")).toHaveLength(1);
    expect(text).toContain(`"marker": 987654321`);
    expect(full).not.toContain("987654321");
    expect(block(text, "events").filter((l) => l.includes("payloads:"))).toHaveLength(1);
  });

  it("are not emitted for a flow the analysis does not carry", () => {
    expect(emit(program, { ...analysis, flows: new Map() }).size).toBe(0);
  });
});
