/**
 * Invariants proven on a key's ids (compiler/explore/invariant-memo.ts): a conjunction of
 * one-field conjuncts is evaluated once per value of each field, not once per new configuration,
 * and the search returns exactly what it returns when nothing is remembered (violations and their
 * shortest traces, throws, invariants with `when` or `prev`), on specs and on the fixtures.
 */
import { describe, expect, it } from "vitest";
import { join } from "node:path";
import { compile } from "../../compiler/program.js";
import { createNodeHost } from "../../compiler/host.js";
import type { Program } from "../../compiler/ir/types.js";
import { createMachineModel, type MachineModel } from "../../compiler/explore/model.js";
import { machinesOf } from "../../compiler/explore/index.js";
import { searchMachine, type SearchOptions } from "../../compiler/explore/search.js";
import type { ExploreResult } from "../../compiler/explore/trace.js";
import { compileMemory, HEADER } from "../helpers.js";

const counters = (invariants: string) =>
  HEADER +
  `types:\n  Count: { type: integer, minimum: 0, maximum: 19 }\n` +
  `entities:\n  C:\n    fields:\n      x: Count\n      y: Count\n      z: Count\n      note: boolean\n` +
  `events:\n  incX: {}\n  decX: {}\n  incY: {}\n  incZ: {}\n  tag: {}\n` +
  `machines:\n  M:\n    entity: C\n    initial: on\n    init: { x: 0, y: 0, z: 0, note: false }\n    states:\n      on:\n        on:\n` +
  `          incX: { guard: "x < 19", set: { x: "x + 1" } }\n          decX: { guard: "x > 0", set: { x: "x - 1" } }\n` +
  `          incY: { guard: "y < 19", set: { y: "y + 1" } }\n          incZ: { guard: "z < 19", set: { z: "z + 1" } }\n` +
  `          tag: { guard: "!note", set: { note: "true" } }\n` +
  `invariants:\n${invariants}`;

/** The model with every invariant counting its calls (in `calls`), remembered or not. */
function counted(model: MachineModel, calls: { n: number }, declared: boolean): MachineModel {
  return {
    ...model,
    compiledFromDecls: declared,
    invariants: model.invariants.map((inv) => ({
      decl: inv.decl,
      holds: (prev, next) => {
        calls.n++;
        return inv.holds(prev, next);
      },
    })),
  };
}

const text = (r: ExploreResult) => {
  const { elapsedMs: _e, statesPerSecond: _s, ...stats } = r.stats;
  return JSON.stringify({ ...r, stats });
};

function program(yaml: string): Program {
  const r = compileMemory({ "intent/m.intent.yaml": yaml });
  expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return r.program!;
}

/** The search of the first machine with and without remembered outcomes; calls of invariants. */
function both(p: Program, opts: SearchOptions = { simulate: false, depth: 100 }) {
  const model = createMachineModel(p, machinesOf(p)[0]);
  const remembered = { n: 0 };
  const called = { n: 0 };
  const a = searchMachine(counted(model, remembered, true), opts);
  const b = searchMachine(counted(model, called, false), opts);
  expect(text(a)).toBe(text(b));
  return { a, remembered: remembered.n, called: called.n };
}

describe("explore: invariants proven on the ids", () => {
  it("calls a conjunction of one-field conjuncts only for the initial configuration", () => {
    const p = program(
      counters(
        '  C-1:\n    says: In range\n    holds: "x >= 0 && x <= 19 && (y <= 19) && z >= 0 && note != null"\n',
      ),
    );
    const { a, remembered, called } = both(p);
    expect(a.stats).toMatchObject({ distinct: 2 * 20 ** 3, completeness: "complete" });
    expect(a.findings.filter((f) => f.kind === "invariant-violated")).toEqual([]);
    expect(called).toBe(2 * 20 ** 3);
    expect(remembered).toBe(1);
  });

  it("finds the same violation with the same shortest trace when a conjunct fails", () => {
    const p = program(
      counters('  C-1:\n    says: Bounded\n    holds: "x < 7 && y < 19 && !note"\n'),
    );
    const { a } = both(p, { budget: 5000, depth: 100 });
    const v = a.findings.find((f) => f.kind === "invariant-violated");
    if (v === undefined || v.kind !== "invariant-violated") throw new Error("expected a violation");
    expect(v.trace.steps.map((s) => s.event)).toEqual([{ type: "tag" }]);
  });

  it("checks conjunctions over several fields, `when` and `prev` (step invariants) as before", () => {
    const p = program(
      counters(
        '  C-1:\n    says: Sum\n    holds: "x >= 0 && x + y < 30"\n' +
          '  C-2:\n    says: When\n    when: "x > 3"\n    holds: "y < 12"\n' +
          '  C-3:\n    says: Prev\n    holds: "x >= prev.x - 1 && z >= 0"\n',
      ),
    );
    const { a, remembered, called } = both(p, { budget: 4000, depth: 100 });
    expect(a.findings.filter((f) => f.kind === "invariant-violated").length).toBe(2);
    // Each is remembered by the ids it reads on both sides of a step (step-memo.ts) once it held.
    expect(remembered).toBeLessThan(called);
  });

  it("calls a step invariant once per ids read on both sides of a step (step-memo.ts)", () => {
    const p = program(
      counters(
        '  C-1:\n    says: Prev\n    holds: "x >= prev.x - 1"\n' +
          '  C-2:\n    says: When\n    when: "prev.note"\n    holds: "note"\n',
      ),
    );
    const { a, remembered, called } = both(p);
    expect(a.stats).toMatchObject({ distinct: 2 * 20 ** 3, completeness: "complete" });
    expect(a.findings.filter((f) => f.kind === "invariant-violated")).toEqual([]);
    // C-1 reads x before and after (at most 20·20 pairs), C-2 note before and after (4 pairs),
    // plus one call each for each initial configuration.
    expect(remembered).toBeLessThanOrEqual(20 * 20 + 4 + 2);
    expect(called).toBeGreaterThan(2 * 20 ** 3);
  });

  it("reports a step invariant's violation with the same shortest trace (step-memo.ts)", () => {
    const p = program(counters('  C-1:\n    says: Grows\n    holds: "x >= prev.x"\n'));
    const { a } = both(p, { budget: 5000, depth: 100 });
    const v = a.findings.find((f) => f.kind === "invariant-violated");
    if (v === undefined || v.kind !== "invariant-violated") throw new Error("expected a violation");
    expect(v.trace.steps.map((s) => s.event)).toEqual([{ type: "incX" }, { type: "decX" }]);
  });
});

describe("explore: invariants proven on the ids, on the fixtures", () => {
  const FIX = join(process.cwd(), "test/fixtures/explore");
  for (const f of ["diehard", "bank", "findings", "clock", "sampled", "wide", "dial", "long"]) {
    it(`on the ${f} fixture`, () => {
      const r = compile(createNodeHost(join(FIX, f)), { dir: "intent" });
      const p = r.program!;
      for (const m of machinesOf(p)) {
        const model = createMachineModel(p, m);
        const a = searchMachine(model, { budget: 20_000 });
        const b = searchMachine({ ...model, compiledFromDecls: false }, { budget: 20_000 });
        expect(text(a), `${m.name}`).toBe(text(b));
      }
    });
  }
});
