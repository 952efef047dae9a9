/**
 * Remembered outcomes (compiler/explore/memo.ts): a guard or effect that reads one field is
 * called once per value of that field, not once per step, and the search returns exactly what it
 * returns when nothing is remembered (a model whose functions are not its declarations').
 */
import { describe, expect, it } from "vitest";
import { createMachineModel, type MachineModel } from "../../compiler/explore/model.js";
import { machinesOf } from "../../compiler/explore/index.js";
import { searchMachine } from "../../compiler/explore/search.js";
import type { ExploreResult } from "../../compiler/explore/trace.js";
import { compileMemory, HEADER } from "../helpers.js";

// Three counters 0..19: 8000 configurations, about 48 000 steps.
const SPEC =
  HEADER +
  `types:\n  Count: { type: integer, minimum: 0, maximum: 19 }\n` +
  `entities:\n  C:\n    fields:\n      x: Count\n      y: Count\n      z: Count\n` +
  `events:\n  incX: {}\n  decX: {}\n  incY: {}\n  decY: {}\n  incZ: {}\n  decZ: {}\n` +
  `machines:\n  M:\n    entity: C\n    initial: on\n    init: { x: 0, y: 0, z: 0 }\n    states:\n      on:\n        on:\n` +
  `          incX: { guard: "x < 19", set: { x: "x + 1" } }\n          decX: { guard: "x > 0", set: { x: "x - 1" } }\n` +
  `          incY: { guard: "y < 19", set: { y: "y + 1" } }\n          decY: { guard: "y > 0", set: { y: "y - 1" } }\n` +
  `          incZ: { guard: "z < 19", set: { z: "z + 1" } }\n          decZ: { guard: "z > 0", set: { z: "z - 1" } }\n` +
  `invariants:\n  C-1:\n    says: The counters never all reach 19\n    holds: "x + y + z < 57"\n`;

/** The model with every guard and effect counting its calls (in `calls`). */
function counted(model: MachineModel, calls: { n: number }, declared: boolean): MachineModel {
  const cache = new Map<string, ReturnType<MachineModel["transitionsFor"]>>();
  return {
    ...model,
    compiledFromDecls: declared,
    transitionsFor(state, event) {
      const key = `${state} ${event}`;
      let ts = cache.get(key);
      if (ts === undefined) {
        ts = model.transitionsFor(state, event).map((t) => ({
          ...t,
          ...(t.guard
            ? {
                guard: (f: unknown, e?: unknown) => {
                  calls.n++;
                  return t.guard!(f, e);
                },
              }
            : {}),
          sets: t.sets.map((s) => ({
            ...s,
            fn: (f: unknown, e?: unknown) => {
              calls.n++;
              return s.fn(f, e);
            },
          })),
        }));
        cache.set(key, ts);
      }
      return ts;
    },
  };
}

const text = (r: ExploreResult) => {
  const { elapsedMs: _e, statesPerSecond: _s, ...stats } = r.stats;
  return JSON.stringify({ ...r, stats });
};

describe("explore: remembered outcomes of guards and effects", () => {
  const r = compileMemory({ "intent/m.intent.yaml": SPEC });
  expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  const program = r.program!;
  const model = createMachineModel(program, machinesOf(program)[0]);

  it("calls a one-field guard or effect once per value of the field, with the same result", () => {
    const remembered = { n: 0 };
    const called = { n: 0 };
    const a = searchMachine(counted(model, remembered, true), { simulate: false, depth: 100 });
    const b = searchMachine(counted(model, called, false), { simulate: false, depth: 100 });
    expect(a.stats.distinct).toBe(8000);
    expect(a.stats.completeness).toBe("complete");
    expect(text(a)).toBe(text(b));
    // Without memos: a guard per event per configuration and an effect per step taken.
    expect(called.n).toBeGreaterThan(6 * 8000);
    // With them: 12 functions, each called at most once per value of its field (20), plus the
    // replays that rebuild the fields of traces and coverage (which call effects directly).
    expect(remembered.n).toBeLessThan(called.n / 20);
  });
});

// Three accounts 0..20 (20 units) and transfers of 1..3 around the ring: 231 configurations.
const PAYLOADS =
  HEADER +
  `types:\n  Bal: { type: integer, minimum: 0, maximum: 20 }\n  Amt: { type: integer, minimum: 1, maximum: 3 }\n` +
  `entities:\n  A:\n    fields:\n      a: Bal\n      b: Bal\n      c: Bal\n` +
  `events:\n  ab: { fields: { amount: Amt } }\n  bc: { fields: { amount: Amt } }\n  ca: { fields: { amount: Amt } }\n` +
  `machines:\n  M:\n    entity: A\n    initial: open\n    init: { a: 20, b: 0, c: 0 }\n    states:\n      open:\n        on:\n` +
  `          ab: { guard: "a >= event.amount", set: { a: "a - event.amount", b: "b + event.amount" } }\n` +
  `          bc: { guard: "b >= event.amount", set: { b: "b - event.amount", c: "c + event.amount" } }\n` +
  `          ca: { guard: "c >= event.amount", set: { c: "c - event.amount", a: "a + event.amount" } }\n` +
  `invariants:\n  A-1:\n    says: Conserved\n    holds: "a + b + c == 20"\n`;

describe("explore: remembered outcomes by payload", () => {
  it("calls a guard or effect of one field and the payload once per value and payload", () => {
    const r = compileMemory({ "intent/m.intent.yaml": PAYLOADS });
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const model = createMachineModel(r.program!, machinesOf(r.program!)[0]);
    const remembered = { n: 0 };
    const called = { n: 0 };
    const a = searchMachine(counted(model, remembered, true), { simulate: false, depth: 100 });
    const b = searchMachine(counted(model, called, false), { simulate: false, depth: 100 });
    expect(a.stats).toMatchObject({ distinct: 231, completeness: "complete" });
    expect(text(a)).toBe(text(b));
    // Without memos: 3 guards per payload (3) and configuration, 2 effects per step taken.
    expect(called.n).toBeGreaterThan(9 * 231);
    // With them: 9 functions, each called at most once per value of its field (21) and payload
    // (3), plus the replays that rebuild the fields of traces and coverage.
    expect(remembered.n).toBeLessThan(9 * 21 * 3 + 100);
    expect(remembered.n).toBeLessThan(called.n / 2);
  });
});
