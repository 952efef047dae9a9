/**
 * Honest exploration: finite domains of at most EXHAUSTIVE_BOUND values are enumerated, so the
 * verdict "complete" means every value was tried; wider fields are sampled and the search says
 * "sampled" and names them; the shortest trace is shortest over every initial configuration.
 */
import { describe, expect, it } from "vitest";
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { compile } from "../../compiler/program.js";
import { createNodeHost } from "../../compiler/host.js";
import type { Program } from "../../compiler/ir/types.js";
import { exploreMachine, machinesOf } from "../../compiler/explore/index.js";
import { domainOf, EXHAUSTIVE_BOUND, createTypeScope } from "../../compiler/explore/values.js";
import { coverageOf } from "../../compiler/explore/coverage.js";
import { compileMemory, expectDiagnostics, HEADER, runCli } from "../helpers.js";

const FIX = "test/fixtures/explore";

function load(dir: string): Program {
  const r = compile(createNodeHost(dir), { dir: "intent" });
  expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return r.program!;
}

const explore = (program: Program, budget = 200_000) =>
  exploreMachine(program, machinesOf(program)[0], { budget });

const run = runCli;

describe("explore: finite domains are enumerated", () => {
  it("finds the dial at 5 (a payload of 0..10) with a 1-step trace, and the search is complete", () => {
    const x = explore(load(`${FIX}/dial`));
    expectDiagnostics(x.diagnostics, [
      {
        code: "IC8001",
        line: 29,
        column: 12,
        message: "Invariant 'DIAL-1' is violated after 1 steps: The dial never points at 5",
      },
    ]);
    const f = x.result!.findings[0];
    if (f.kind !== "invariant-violated") throw new Error("expected a violation");
    expect(f.trace.steps.map((s) => [s.event, s.fields.n])).toEqual([[{ type: "turn", to: 5 }, 5]]);
    // Every position 0..10 is reached: all 11 values of the payload were tried.
    expect(x.result!.stats).toMatchObject({
      distinct: 11,
      complete: true,
      completeness: "complete",
      sampled: [],
    });
  });

  it("finds the clock at 6 in an initial state (0 steps): the shortest trace is over every initial state", () => {
    const x = explore(load(`${FIX}/clock`));
    expectDiagnostics(x.diagnostics, [
      {
        code: "IC8001",
        line: 26,
        column: 12,
        message: "Invariant 'CLOCK-1' is violated after 0 steps: The clock never shows 6",
      },
    ]);
    const f = x.result!.findings[0];
    if (f.kind !== "invariant-violated") throw new Error("expected a violation");
    expect(f.trace.steps).toEqual([]);
    expect(f.trace.initial.fields).toEqual({ hr: 6 });
    expect(x.diagnostics[0].hint).toBe("Shortest trace in 'HourClock': the initial state hr=6.");
    // All twelve hours are initial states; nothing else is reachable.
    expect(x.result!.stats).toMatchObject({
      distinct: 12,
      depth: 0,
      complete: true,
      completeness: "complete",
    });
  });

  it("enumerates bounded numbers up to the bound and samples beyond it", () => {
    const scope = createTypeScope(load(`${FIX}/dial`));
    const int = (minimum: number, maximum: number, extra = {}) =>
      domainOf(scope, {
        kind: "primitive",
        name: "integer",
        constraints: { minimum, maximum, ...extra },
      });
    expect(int(1, 12)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(int(0, EXHAUSTIVE_BOUND - 1)).toHaveLength(EXHAUSTIVE_BOUND);
    expect(int(0, EXHAUSTIVE_BOUND)).toEqual([0, 1, EXHAUSTIVE_BOUND - 1, EXHAUSTIVE_BOUND]);
    expect(int(0, 300, { multipleOf: 5 })).toHaveLength(61);
    expect(
      domainOf(scope, {
        kind: "primitive",
        name: "integer",
        constraints: { exclusiveMinimum: 0, exclusiveMaximum: 4 },
      }),
    ).toEqual([1, 2, 3]);
    expect(
      domainOf(scope, {
        kind: "primitive",
        name: "number",
        constraints: { minimum: 0, maximum: 1, multipleOf: 0.25 },
      }),
    ).toEqual([0, 0.25, 0.5, 0.75, 1]);
  });
});

describe("explore: sampled searches say so", () => {
  it("names the sampled payload field, never says complete, and scopes its claims", () => {
    const x = explore(load(`${FIX}/sampled`));
    expect(x.result!.stats).toMatchObject({
      complete: false,
      completeness: "sampled",
      sampled: ["read.value"],
    });
    // `note` is never read by a guard or effect, so it is not sampled (it cannot change a step).
    expectDiagnostics(x.diagnostics, [
      {
        code: "IC8010",
        line: 19,
        column: 3,
        message:
          "Machine 'Gauge' was searched with sampled values of read.value (more than 64 values, or too many combinations), so its verdict is 'sampled', not complete.",
      },
    ]);
  });

  it("scopes the unreachable-state and never-enabled claims of a sampled search", () => {
    // `mid` is reached only by the value 500, which the boundary samples of 0..1000 never hit.
    const text =
      HEADER +
      "entities:\n  Meter:\n    fields:\n      level: { type: integer, minimum: 0, maximum: 1000 }\n" +
      "events:\n  read: { fields: { value: { type: integer, minimum: 0, maximum: 1000 } } }\n  back: {}\n" +
      "machines:\n  Gauge:\n    entity: Meter\n    initial: idle\n    init: { level: 0 }\n    states:\n" +
      '      idle:\n        on:\n          read: { to: mid, guard: "event.value == 500", set: { level: "event.value" } }\n' +
      "      mid:\n        on:\n          back: idle\n";
    const r = compileMemory({ "intent/m.intent.yaml": text });
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const x = explore(r.program!);
    const scoped = "within the explored states (values of read.value were sampled, not enumerated)";
    expect(x.diagnostics.map((d) => [d.code, d.message])).toEqual([
      [
        "IC8002",
        "State 'idle' of machine 'Gauge' is a deadlock: it is not final and no event is enabled for the payloads tried (values of read.value were sampled, not enumerated) after 0 steps.",
      ],
      [
        "IC8003",
        `State 'mid' of machine 'Gauge' is never reached ${scoped}: the guards of its incoming transitions never allow it.`,
      ],
      ["IC8004", `Event 'read' is never enabled in machine 'Gauge' ${scoped}.`],
      ["IC8004", `Event 'back' is never enabled in machine 'Gauge' ${scoped}.`],
      ["IC8010", expect.stringContaining("sampled values of read.value")],
    ]);
    expect(coverageOf(x.model!, x.result!)).toEqual({
      transitions: { total: 2, taken: [], notTaken: ["idle.read.0", "mid.back.0"] },
      eventsNeverEnabled: ["back", "read"],
    });
  });

  it("prints the verdict with the sampled fields in text and JSON", async () => {
    const cwd = `${process.cwd()}/${FIX}/sampled`;
    const t = await run(["explore"], cwd);
    expect(t.code).toBe(0);
    expect(t.out).toMatch(
      /^explore meters\.Gauge: \d+ distinct states, .*, sampled, not complete \(sampled: read\.value\)$/m,
    );
    expect(t.out).not.toMatch(/, complete$/m);
    const j = await run(["explore", "--format", "json"], cwd);
    const json = JSON.parse(j.out);
    expect(json.machines[0].stats).toMatchObject({
      complete: false,
      completeness: "sampled",
      sampled: ["read.value"],
    });
    expect(json.diagnostics.map((d: { code: string }) => d.code)).toEqual(["IC8010"]);
  });

  it("says 'budget exhausted' (never complete) when the search stops at the budget", async () => {
    const t = await run(["explore", "--budget", "5"], `${process.cwd()}/${FIX}/dial`);
    expect(t.out).toMatch(/^explore dials\.Knob: 5 distinct states, .*, budget exhausted$/m);
  });
});

describe("explore: deadlock: allowed", () => {
  const machine = (deadlock: string) =>
    HEADER +
    "entities:\n  C:\n    fields:\n      n: { type: integer, minimum: 0, maximum: 3 }\n" +
    "events:\n  inc: {}\n  park: {}\n" +
    `machines:\n  M:\n    entity: C\n    initial: a\n    init: { n: 0 }\n${deadlock}    states:\n` +
    '      a:\n        on:\n          inc: { guard: "n < 3", set: { n: "n + 1" } }\n          park: parked\n' +
    "      parked: {}\n";

  it("reports a reachable stop (IC3105 statically, IC8002 explored) by default", () => {
    const r = compileMemory({ "intent/m.intent.yaml": machine("") });
    expect(r.diagnostics.map((d) => d.code)).toEqual(["IC3105"]);
    const x = explore(r.program!);
    expect(x.diagnostics.map((d) => [d.code, d.message])).toEqual([
      [
        "IC8002",
        "State 'parked' of machine 'M' is a deadlock: it is not final and no event is enabled after 1 steps.",
      ],
    ]);
  });

  it("accepts a state with no enabled event when the machine says deadlock: allowed", () => {
    const r = compileMemory({ "intent/m.intent.yaml": machine("    deadlock: allowed\n") });
    expect(r.diagnostics).toEqual([]);
    expect(machinesOf(r.program!)[0].deadlock).toBe("allowed");
    const x = explore(r.program!);
    expect(x.diagnostics).toEqual([]);
    expect(x.result!.stats).toMatchObject({ distinct: 8, completeness: "complete" });
  });

  it("rejects any other value of deadlock at its position", () => {
    const r = compileMemory({ "intent/m.intent.yaml": machine("    deadlock: sometimes\n") });
    expect(r.diagnostics.map((d) => [d.code, d.line, d.column, d.message])).toEqual([
      [
        "IC1104",
        16,
        15,
        "Invalid value at 'machines.M.deadlock': 'sometimes' is not one of allowed, error.",
      ],
    ]);
  });
});

describe("explore: --stop-at-first and long traces", () => {
  const cwd = () => `${process.cwd()}/${FIX}/long`;

  it("stops a machine's search at its first error: one finding, verdict 'stopped', no 'never' claims", () => {
    const program = load(`${FIX}/long`);
    const all = exploreMachine(program, machinesOf(program)[0], {});
    expect(all.diagnostics.map((d) => d.message)).toEqual([
      "Invariant 'UP-2' is violated after 3 steps: The counter never reaches 3",
      "Invariant 'UP-1' is violated after 30 steps: The counter never reaches 30",
    ]);
    expect(all.result!.stats).toMatchObject({ distinct: 41, completeness: "complete" });
    const first = exploreMachine(program, machinesOf(program)[0], { stopAtFirst: true });
    expect(first.diagnostics.map((d) => d.message)).toEqual([
      "Invariant 'UP-2' is violated after 3 steps: The counter never reaches 3",
    ]);
    expect(first.result!.stats).toMatchObject({ complete: false, completeness: "stopped" });
    expect(first.result!.stats.distinct).toBeLessThan(all.result!.stats.distinct);
  });

  it("prints a long trace abbreviated and writes it in full with --trace-out", async () => {
    const out = join("test-artifacts", "long-trace.json");
    rmSync(out, { force: true });
    const r = await run(["explore", "--trace-out", join(process.cwd(), out)], cwd());
    expect(r.code).toBe(1);
    expect(r.out).toContain(`  trace (30 steps, all of them in ${join(process.cwd(), out)}):\n`);
    expect(r.out).toContain(
      "     5  inc        → counting  n=5\n        … 20 steps …\n    26  inc        → counting  n=26\n",
    );
    expect(r.out).not.toContain("n=15\n");
    expect(r.out).toContain(
      "hint: Shortest trace in 'Up': inc → inc → inc → inc → inc → … 20 steps … → inc → inc → inc → inc → inc.",
    );
    // The short trace is printed whole.
    expect(r.out).toContain("  trace (3 steps):\n    0  (initial)  → counting  n=0\n");
    const json = JSON.parse(readFileSync(out, "utf8"));
    expect(json.traces.map((t: { trace: { steps: unknown[] } }) => t.trace.steps.length)).toEqual([
      3, 30,
    ]);
  });

  it("stops at the first error from the CLI", async () => {
    const r = await run(["explore", "--stop-at-first"], cwd());
    expect(r.code).toBe(1);
    expect(r.out).toMatch(
      /^explore counters\.Up: 4 distinct states, .*, stopped at the first error$/m,
    );
    expect(r.out).toMatch(/Found 1 error and 0 warnings\.\n$/);
  });
});

describe("explore --format json", () => {
  it("gives counts, depth, the verdict and transition coverage per machine", async () => {
    const r = await run(["explore", "--format", "json"], `${process.cwd()}/${FIX}/findings`);
    const json = JSON.parse(r.out);
    expect(json.machines).toHaveLength(1);
    const m = json.machines[0];
    expect(m.stats).toMatchObject({
      distinct: 8,
      generated: 15,
      depth: 4,
      complete: true,
      completeness: "complete",
      sampled: [],
    });
    expect(m.coverage).toEqual({
      transitions: {
        total: 7,
        taken: ["start.bump.0", "start.finish.0", "start.go.0"],
        notTaken: ["orphan.finish.0", "shadowed.finish.0", "start.go.1", "stuck.finish.0"],
      },
      eventsNeverEnabled: [],
    });
  });

  it("says 'budget exhausted' when the budget cuts the search", async () => {
    const d = await run(
      ["explore", "--format", "json", "--budget", "1"],
      `${process.cwd()}/${FIX}/dial`,
    );
    const dm = JSON.parse(d.out).machines[0];
    expect(dm.stats).toMatchObject({
      distinct: 1,
      complete: false,
      completeness: "budget exhausted",
    });
  });
});
