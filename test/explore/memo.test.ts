/**
 * Exploration for builds: fields no expression reads are held fixed, the seed search is computed
 * as a prefix of the build search, and one exploration per machine is shared by content key.
 */
import { describe, expect, it } from "vitest";
import { compile, createBuildMemo } from "../../compiler/program.js";
import { analyze, analyzeSync } from "../../compiler/driver/analyze.js";
import type { Analysis } from "../../compiler/emit/emitter.js";
import { createNodeHost } from "../../compiler/host.js";
import type { Program } from "../../compiler/ir/types.js";
import { exploreMachine, machinesOf } from "../../compiler/explore/index.js";
import { createMachineModel } from "../../compiler/explore/model.js";
import { searchMachine } from "../../compiler/explore/search.js";
import { exploreForBuild, machineKey, SEED_SEARCH } from "../../compiler/explore/build.js";
import { modelTestsEmitter } from "../../compiler/emit/model-tests.js";
import { compileMemory, HEADER } from "../helpers.js";

function load(dir: string): Program {
  const r = compile(createNodeHost(dir), { dir: "intent" });
  expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return r.program!;
}

const counter = (extra: string, invariant = "") =>
  HEADER +
  `entities:\n  C:\n    fields:\n      n: { type: integer, minimum: 0, maximum: 3 }\n${extra}` +
  `events:\n  inc: { fields: { by: { type: integer, minimum: 1, maximum: 2 } } }\n  stop: {}\n` +
  `machines:\n  M:\n    entity: C\n    initial: a\n    init: { n: 0 }\n    states:\n      a:\n        on:\n` +
  `          inc: { guard: "n + event.by <= 3", set: { n: "n + event.by" } }\n          stop: b\n      b: { final: true }\n` +
  invariant;

const memory = (text: string): Program => {
  const r = compileMemory({ "intent/m.intent.yaml": text });
  expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return r.program!;
};

describe("explore: fields the machine never reads", () => {
  const unread =
    "      label: { type: string, maxLength: 8 }\n      score: { type: integer, minimum: 0, maximum: 100 }\n      flags: { type: array, items: boolean }\n";

  it("are held at one value, so the search covers the same behaviour and completes", () => {
    const plain = memory(counter(""));
    const wide = memory(counter(unread));
    const a = exploreMachine(plain, machinesOf(plain)[0], { budget: 1000 });
    const b = exploreMachine(wide, machinesOf(wide)[0], { budget: 1000 });
    expect(b.model!.relevant).toEqual(new Set(["n"]));
    expect(b.result!.stats).toMatchObject({ distinct: a.result!.stats.distinct, complete: true });
    expect(b.result!.coverage.map((t) => t.steps.map((s) => [s.event, s.fields.n]))).toEqual(
      a.result!.coverage.map((t) => t.steps.map((s) => [s.event, s.fields.n])),
    );
    // The held values are the first of each domain (the empty string, the minimum, the empty array).
    expect(b.result!.coverage[0].initial.fields).toEqual({ n: 0, label: "", score: 0, flags: [] });
  });

  it("still range over their type when an invariant reads them", () => {
    const p = memory(
      counter(
        unread,
        'invariants:\n  I-1:\n    says: A rule\n    on: C\n    holds: "score < 100 || n < 3"\n',
      ),
    );
    const x = exploreMachine(p, machinesOf(p)[0], { budget: 1000 });
    expect(x.model!.relevant).toEqual(new Set(["n", "score"]));
    // score has 101 values, more than the explorer enumerates: sampled, and said so (IC8010).
    expect(x.diagnostics.map((d) => d.code)).toEqual(["IC8001", "IC8010"]);
    expect(x.result!.stats.sampled).toEqual(["C.score"]);
    expect(
      x.result!.findings[0].kind === "invariant-violated" &&
        x.result!.findings[0].trace.initial.fields.score,
    ).toBe(100);
  });

  it("count as read when an invariant uses `prev` as a whole", () => {
    const p = memory(
      counter(
        unread,
        'invariants:\n  I-1:\n    says: A rule\n    on: C\n    holds: "prev === undefined || n >= 0"\n',
      ),
    );
    expect(createMachineModel(p, machinesOf(p)[0]).relevant).toEqual(
      new Set(["n", "label", "score", "flags"]),
    );
  });
});

describe("explore: the seed search as a prefix of the build search", () => {
  const programs = [
    load("."),
    load("test/fixtures/explore/diehard"),
    load("test/fixtures/explore/bank"),
    load("test/fixtures/explore/findings"),
  ];

  it("gives exactly the coverage of a separate search with the smaller budget and depth", () => {
    let compared = 0;
    for (const program of programs) {
      for (const machine of machinesOf(program)) {
        const model = createMachineModel(program, machine);
        for (const prefix of [
          SEED_SEARCH,
          { budget: 1, depth: 30 },
          { budget: 7, depth: 30 },
          { budget: 40, depth: 2 },
          { budget: 500, depth: 4 },
        ]) {
          const alone = searchMachine(model, { ...prefix, simulate: false });
          const shared = searchMachine(model, { budget: 5000, prefix });
          expect(shared.prefixCoverage, `${machine.name} ${JSON.stringify(prefix)}`).toEqual(
            alone.coverage,
          );
          compared++;
        }
      }
    }
    expect(compared).toBe(35);
  });

  it("is not offered when the build search is the smaller one", () => {
    const program = programs[0];
    const model = createMachineModel(program, machinesOf(program)[0]);
    expect(
      searchMachine(model, { budget: 100, prefix: SEED_SEARCH }).prefixCoverage,
    ).toBeUndefined();
    const seeds = exploreForBuild(program, machinesOf(program)[0], 100).seeds;
    expect(seeds).toEqual(searchMachine(model, { ...SEED_SEARCH, simulate: false }).coverage);
  });
});

describe("explore: one exploration per machine and content key", () => {
  it("gives builds the same diagnostics and suites with or without a memo, and explores once", async () => {
    const program = load("test/fixtures/explore/diehard");
    const memo = createBuildMemo();
    const analyzed = await analyze(program, { budget: 20000, previousLock: undefined, memo });
    const plain = analyzeSync(program, 20000);
    expect([...analyzed.analysis.explorations.values()]).toEqual([...plain.explorations.values()]);
    expect(analyzed.diagnostics.map((d) => d.code)).toEqual(["IC8001"]);
    const ctx = (analysis: Analysis, m?: ReturnType<typeof createBuildMemo>) => ({
      report: () => {},
      options: { exploreBudget: 20000 },
      analysis,
      ...(m ? { memo: m } : {}),
    });
    expect(modelTestsEmitter.emit(program, ctx(analyzed.analysis, memo))).toEqual(
      modelTestsEmitter.emit(program, ctx(plain)),
    );
    const keys = memo.entries().map(([k]) => k.split(" ")[0]);
    expect(keys.sort()).toEqual(["explore", "model-suite"]);
    // A second analysis with the same memo finds the exploration there.
    const again = await analyze(program, { budget: 20000, previousLock: undefined, memo });
    expect([...again.analysis.explorations.values()][0]).toBe(
      [...analyzed.analysis.explorations.values()][0],
    );
    expect(memo.entries()).toHaveLength(2);
  });

  it("reuses a stored exploration under the same key and recomputes a malformed one", async () => {
    const program = load("test/fixtures/explore/diehard");
    const machine = machinesOf(program)[0];
    const key = `explore 20000 ${machineKey(program, machine)}`;
    const stored = { diagnostics: [], seeds: [] };
    const hit = await analyze(program, {
      budget: 20000,
      previousLock: undefined,
      memo: createBuildMemo(new Map([[key, stored]])),
    });
    expect(hit.analysis.explorations.get(machine)).toBe(stored);
    const fresh = await analyze(program, {
      budget: 20000,
      previousLock: undefined,
      memo: createBuildMemo(new Map([[key, { seeds: 1 }]])),
    });
    expect(fresh.diagnostics.map((d) => d.code)).toEqual(["IC8001"]);
  });

  it("keys a machine by what its exploration reads, positions included", () => {
    const base =
      "summary: Counters\n" +
      counter(
        "      note: Note\n",
        'invariants:\n  I-1:\n    says: A rule\n    on: C\n    holds: "n <= 3"\n',
      ) +
      "types:\n  Note: { type: string }\n";
    const key = (text: string) => {
      const p = memory(text);
      return machineKey(p, machinesOf(p)[0]);
    };
    const k = key(base);
    // Unrelated to the machine: the domain summary and version, another type.
    expect(
      key(
        base.replace("summary: Counters", "summary: Counters of things").replace("1.0.0", "1.1.0"),
      ),
    ).toBe(k);
    expect(key(base + "  Other: { type: integer }\n")).toBe(k);
    // Read by the exploration: a referenced type, an invariant, an event payload, a position.
    expect(
      key(base.replace("Note: { type: string }", "Note: { type: string, maxLength: 3 }")),
    ).not.toBe(k);
    expect(key(base.replace('holds: "n <= 3"', 'holds: "n <= 2"'))).not.toBe(k);
    expect(key(base.replace("maximum: 2 }", "maximum: 3 }"))).not.toBe(k);
    expect(key("# moved down one line\n" + base)).not.toBe(k);
  });
});
