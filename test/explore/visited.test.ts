/**
 * The visited set (compiler/explore/states.ts): fingerprinting 64-bit keys returns what keeping
 * whole keys returns on the fixtures, the example and spaces large enough to release key pages,
 * and says so with its collision bound (stats, text report); whole keys are the default up to
 * EXACT_WIDTH ids.
 */
import { describe, expect, it } from "vitest";
import { join } from "node:path";
import { compile } from "../../compiler/program.js";
import { createNodeHost } from "../../compiler/host.js";
import type { Program } from "../../compiler/ir/types.js";
import { machinesOf } from "../../compiler/explore/index.js";
import { createMachineModel } from "../../compiler/explore/model.js";
import { EXACT_WIDTH, searchMachine, type SearchOptions } from "../../compiler/explore/search.js";
import { collisionBound } from "../../compiler/explore/states.js";
import type { ExploreResult } from "../../compiler/explore/trace.js";
import { compileMemory, runCli } from "../helpers.js";

const REPO = process.cwd();
const FIX = join(REPO, "test/fixtures/explore");

function load(dir: string): Program {
  const r = compile(createNodeHost(dir), { dir: "intent" });
  expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return r.program!;
}

/** A result as JSON text without timings and the fingerprint statement. */
function text(r: ExploreResult): string {
  const { elapsedMs: _e, statesPerSecond: _s, fingerprints: _f, ...stats } = r.stats;
  return JSON.stringify({ ...r, stats });
}

const OPTIONS: readonly SearchOptions[] = [
  {},
  { budget: 20_000, prefix: { budget: 3000, depth: 30 } },
  { budget: 50, depth: 5 },
  { budget: 5000, stopAtFirst: true },
];

/** Compare fingerprinted and whole-key searches of every machine; returns how many were compared. */
function same(program: Program, options: readonly SearchOptions[] = OPTIONS): number {
  let n = 0;
  for (const m of machinesOf(program)) {
    for (const o of options) {
      const exact = searchMachine(createMachineModel(program, m), { ...o, fingerprint: false });
      const printed = searchMachine(createMachineModel(program, m), { ...o, fingerprint: true });
      expect(exact.stats.fingerprints).toBeUndefined();
      expect(printed.stats.fingerprints).toEqual({
        bits: 64,
        collisionBound: collisionBound(printed.stats.distinct),
      });
      expect(text(printed), `${m.domain}.${m.name} ${JSON.stringify(o)}`).toBe(text(exact));
      n++;
    }
  }
  return n;
}

/** Three counters 0..49 moved up and down by one: 125 000 configurations (two pages of keys). */
const COUNTERS = `intent: 1
domain: counters
version: 1.0.0
summary: Three bounded counters.

types:
  Count: { type: integer, minimum: 0, maximum: 49 }

entities:
  Counters:
    fields:
      x: Count
      y: Count
      z: Count

events:
  incX: {}
  decX: {}
  incY: {}
  decY: {}
  incZ: {}
  decZ: {}

machines:
  Tally:
    entity: Counters
    initial: on
    init: { x: 0, y: 0, z: 0 }
    states:
      on:
        on:
          incX: { guard: "x < 49", set: { x: "x + 1" } }
          decX: { guard: "x > 0", set: { x: "x - 1" } }
          incY: { guard: "y < 49", set: { y: "y + 1" } }
          decY: { guard: "y > 0", set: { y: "y - 1" } }
          incZ: { guard: "z < 49", set: { z: "z + 1" } }
          decZ: { guard: "z > 0", set: { z: "z - 1" } }

invariants:
  TALLY-1:
    says: The counters never all reach 49
    holds: "x + y + z < 147"
`;

describe("visited set: fingerprints = whole keys", () => {
  for (const f of ["diehard", "bank", "findings", "clock", "sampled"]) {
    it(`on the ${f} fixture`, () => {
      expect(same(load(join(FIX, f)))).toBeGreaterThan(0);
    });
  }

  it("on the example", () => {
    expect(same(load(REPO), OPTIONS.slice(1))).toBeGreaterThan(4);
  });

  it("on 125 000 configurations (key pages released behind the frontier), with the violation's shortest trace", () => {
    const r = compileMemory({ "intent/counters.intent.yaml": COUNTERS });
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const model = () => createMachineModel(r.program!, machinesOf(r.program!)[0]);
    const exact = searchMachine(model(), { fingerprint: false, budget: 200_000, depth: 200 });
    const printed = searchMachine(model(), { fingerprint: true, budget: 200_000, depth: 200 });
    expect(exact.stats).toMatchObject({ distinct: 125_000, completeness: "complete", depth: 147 });
    expect(text(printed)).toBe(text(exact));
    const v = printed.findings.find((f) => f.kind === "invariant-violated");
    if (v === undefined || v.kind !== "invariant-violated") throw new Error("expected a violation");
    expect(v.trace.steps.length).toBe(147);
    expect(v.trace.steps.at(-1)?.fields).toEqual({ x: 49, y: 49, z: 49 });
  });
});

describe("visited set: which keys are fingerprinted, and the report says so", () => {
  it("keeps whole keys up to EXACT_WIDTH ids and fingerprints wider ones by default", () => {
    const narrow = load(join(FIX, "bank"));
    expect(
      searchMachine(createMachineModel(narrow, machinesOf(narrow)[0])).stats.fingerprints,
    ).toBeUndefined();
    const wide = load(join(FIX, "wide"));
    const model = createMachineModel(wide, machinesOf(wide)[0]);
    expect(model.relevant.size + 1).toBeGreaterThan(EXACT_WIDTH);
    const r = searchMachine(model);
    expect(r.stats).toMatchObject({
      distinct: 8192,
      completeness: "complete",
      fingerprints: { bits: 64, collisionBound: (8192 * 8193) / 2 ** 65 },
    });
    expect(text(r)).toBe(
      text(searchMachine(createMachineModel(wide, machinesOf(wide)[0]), { fingerprint: false })),
    );
  });

  it("prints the fingerprint statement with the verdict, and only when fingerprints were used", async () => {
    const wide = await runCli(["explore", "--dir", "test/fixtures/explore/wide/intent"], REPO);
    expect(wide.out).toContain("8192 distinct states");
    expect(wide.out).toMatch(
      /complete \(fingerprinted: 64-bit, collision probability ≤ 1\.8e-12\)/,
    );
    const json = await runCli(
      ["explore", "--dir", "test/fixtures/explore/wide/intent", "--format", "json"],
      REPO,
    );
    const stats = (JSON.parse(json.out) as { machines: { stats: ExploreResult["stats"] }[] })
      .machines[0].stats;
    expect(stats.fingerprints).toEqual({ bits: 64, collisionBound: (8192 * 8193) / 2 ** 65 });
    const bank = await runCli(["explore", "--dir", "test/fixtures/explore/bank/intent"], REPO);
    expect(bank.out).not.toContain("fingerprint");
  });
});
