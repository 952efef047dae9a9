/** `intentc explore`: shortest counterexamples, deadlocks, unreachable states, overlaps, type breaks. */
import { describe, expect, it } from "vitest";
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { compile } from "../../compiler/program.js";
import { createNodeHost } from "../../compiler/host.js";
import type { Program } from "../../compiler/ir/types.js";
import { exploreMachine, machinesOf } from "../../compiler/explore/index.js";
import { analyze } from "../../compiler/driver/analyze.js";
import { compileMemory, expectDiagnostics, HEADER, runCli } from "../helpers.js";

const FIX = "test/fixtures/explore";

function load(dir: string): Program {
  const r = compile(createNodeHost(dir), { dir: "intent" });
  expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return r.program!;
}

function only(program: Program) {
  return exploreMachine(program, machinesOf(program)[0], {});
}

const run = runCli;

describe("explore: invariant violations", () => {
  it("reports IC8001 for DieHard with the minimal 6-step trace (BFS)", () => {
    const x = only(load(`${FIX}/diehard`));
    expectDiagnostics(x.diagnostics, [
      {
        code: "IC8001",
        line: 44,
        column: 12,
        message:
          "Invariant 'DH-1' is violated after 6 steps: The big jug never holds exactly 4 gallons",
      },
    ]);
    const f = x.result!.findings[0];
    expect(f.kind).toBe("invariant-violated");
    if (f.kind !== "invariant-violated") return;
    expect(f.foundBy).toBe("search");
    expect(f.trace.steps.map((s) => [s.event.type, s.fields.small, s.fields.big])).toEqual([
      ["fillBig", 0, 5],
      ["pourBigIntoSmall", 3, 2],
      ["emptySmall", 0, 2],
      ["pourBigIntoSmall", 2, 0],
      ["fillBig", 2, 5],
      ["pourBigIntoSmall", 3, 4],
    ]);
    expect(x.result!.stats).toMatchObject({ distinct: 16, depth: 7, complete: true });
  });

  it("reports IC8001 for the bank transfer guard bug with a 4-step trace", () => {
    const x = only(load(`${FIX}/bank`));
    expectDiagnostics(x.diagnostics, [
      { code: "IC8001", line: 38, column: 12, message: /'BANK-1' is violated after 4 steps/ },
    ]);
    expect(x.diagnostics[0].hint).toBe(
      `Shortest trace in 'Transfers': transferAtoB {"amount":2} → transferAtoB {"amount":2} → transferAtoB {"amount":2} → transferAtoB {"amount":2}.`,
    );
  });

  it("falls back to seeded random simulation past the budget, says so (IC8008), and shrinks what it finds", () => {
    const program = load(`${FIX}/bank`);
    const x = exploreMachine(program, machinesOf(program)[0], { budget: 3, seed: 5 });
    expect(x.diagnostics.map((d) => d.code).sort()).toEqual(["IC8001", "IC8008"]);
    const f = x.result!.findings.find((g) => g.kind === "invariant-violated")!;
    if (f.kind !== "invariant-violated") throw new Error("expected a violation");
    expect(f.foundBy).toBe("simulation");
    const last = f.trace.steps[f.trace.steps.length - 1].fields;
    expect((last.a as number) < 0 || (last.b as number) < 0).toBe(true);
    expect(f.trace.steps.length).toBeLessThanOrEqual(20);
    expect(x.result!.stats.simulation).toMatchObject({ seed: 5 });
    const again = exploreMachine(program, machinesOf(program)[0], { budget: 3, seed: 5 });
    expect(again.result!.findings).toEqual(x.result!.findings);
  });
});

describe("explore: machine findings", () => {
  it("reports overlapping guards, a deadlock and a guard-unreachable state at their positions", () => {
    const r = compile(createNodeHost(`${FIX}/findings`), { dir: "intent" });
    expectDiagnostics(r.diagnostics, [{ code: "IC3104", line: 35, column: 7 }]);
    const x = only(r.program!);
    expectDiagnostics(x.diagnostics, [
      {
        code: "IC8005",
        line: 30,
        column: 19,
        message:
          "Transitions 'start.go.0' and 'start.go.1' of machine 'Flawed' are both enabled by 'go' after 2 steps.",
      },
      {
        code: "IC8002",
        line: 32,
        column: 7,
        message:
          "State 'stuck' of machine 'Flawed' is a deadlock: it is not final and no event is enabled after 2 steps.",
      },
      {
        code: "IC8003",
        line: 38,
        column: 7,
        message: /State 'shadowed' of machine 'Flawed' is never reached: the guards/,
      },
    ]);
    expect(x.diagnostics[0].related?.[0].loc.line).toBe(28);
  });

  const machine = (
    states: string,
    fields = "n: { type: integer, minimum: 0, maximum: 3 }\n      items: { type: array, items: { fields: { qty: integer } } }",
  ) =>
    HEADER +
    `entities:\n  C:\n    fields:\n      ${fields}\nevents:\n  inc: {}\n  dec: {}\n  stop: {}\nmachines:\n  M:\n    entity: C\n    initial: a\n    init: { n: 0 }\n    states:\n${states}`;

  it("reports IC8006 when an effect sets a field outside its type", () => {
    const r = compileMemory({
      "intent/m.intent.yaml": machine(
        `      a:\n        on:\n          inc: { guard: "n <= 3", set: { n: "n + 1" } }\n          stop: b\n      b: { final: true }\n`,
      ),
    });
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const x = only(r.program!);
    expectDiagnostics(x.diagnostics, [
      {
        code: "IC8006",
        line: 21,
        column: 42,
        message:
          "Transition 'a.inc.0' of machine 'M' sets 'n' outside its type after 4 steps: 4 is above the maximum 3.",
      },
    ]);
  });

  it("reports IC8007 when a guard throws and IC8004 for an event that is never enabled", () => {
    const states = `      a:\n        on:\n          inc: { guard: "items[0].qty > 0" }\n          dec: { guard: "n > 5" }\n          stop: b\n      b: { final: true }\n`;
    const r = compileMemory({ "intent/m.intent.yaml": machine(states) });
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const x = only(r.program!);
    expectDiagnostics(x.diagnostics, [
      {
        code: "IC8007",
        line: 21,
        column: 25,
        message: /Evaluating a guard of 'inc' in 'a' of machine 'M' threw after 0 steps/,
      },
      // The guard reads `items`, an array: its values are sampled, so the claim is scoped and
      // the search says it sampled (IC8010).
      {
        code: "IC8004",
        line: 22,
        column: 16,
        message:
          "Event 'dec' is never enabled in machine 'M' within the explored states (values of C.items were sampled, not enumerated).",
      },
      {
        code: "IC8010",
        line: 14,
        column: 3,
        message: /sampled values of C\.items .* so its verdict is 'sampled', not complete/,
      },
    ]);
    expect(x.result!.stats).toMatchObject({
      complete: false,
      completeness: "sampled",
      sampled: ["C.items"],
    });
  });
});

describe("explore: the example", () => {
  it("explores every example machine clean within the build budget", async () => {
    const program = load(".");
    expect((await analyze(program, { budget: 5000, previousLock: undefined })).diagnostics).toEqual(
      [],
    );
    const notes = machinesOf(program).flatMap(
      (m) => exploreMachine(program, m, { budget: 5000 }).diagnostics,
    );
    // Three machines stop at the budget (IC8008); every one samples some field (IC8010).
    expect(notes.map((d) => `${d.code} ${d.severity}`)).toEqual([
      "IC8008 info",
      "IC8010 info",
      "IC8008 info",
      "IC8010 info",
      "IC8008 info",
      "IC8010 info",
      "IC8010 info",
    ]);
    expect(notes.filter((d) => d.code === "IC8010").map((d) => d.message)).toEqual([
      expect.stringContaining(
        "sampled values of StockItem.onHand, pick.qty, release.qty, reserve.qty, restock.qty (",
      ),
      expect.stringContaining(
        "sampled values of Order.cancelReason, Order.items, Order.total, cancel.reason, pay.amount (",
      ),
      expect.stringContaining("sampled values of Payment.amount, capture.amount, refund.amount ("),
      expect.stringContaining("sampled values of dispatch.tracking ("),
    ]);
  });
});

describe("intentc explore (CLI)", () => {
  it("prints the trace and stats, writes a replayable JSON trace, and exits 1 on DieHard", async () => {
    const out = join("test-artifacts", "diehard-trace.json");
    rmSync(out, { force: true });
    const r = await run(
      ["explore", "--trace-out", join(process.cwd(), out)],
      `${process.cwd()}/${FIX}/diehard`,
    );
    expect(r.code).toBe(1);
    expect(r.out).toMatch(
      /^explore puzzles\.DieHard: 16 distinct states, 96 generated, depth 7, [0-9.]+ s \(\d+ states\/s\), complete$/m,
    );
    expect(r.out).toContain("    6  pourBigIntoSmall  → running  big=4 small=3\n");
    expect(r.out).toMatch(/Found 1 error and 0 warnings\.\n$/);
    const json = JSON.parse(readFileSync(out, "utf8"));
    expect(json.version).toBe(1);
    expect(json.traces).toHaveLength(1);
    expect(json.traces[0].code).toBe("IC8001");
    expect(json.traces[0].trace.steps).toHaveLength(6);
    expect(json.traces[0].trace.initial).toEqual({
      state: "running",
      fields: { big: 0, small: 0 },
    });
  });

  it("prints JSON with --format json and exits 0 on a clean machine", async () => {
    const r = await run(
      ["explore", "--machine", "ShipmentLifecycle", "--format", "json"],
      process.cwd(),
    );
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out);
    expect(json.machines).toHaveLength(1);
    // The tracking number is a string, sampled by one witness: finished, but not complete.
    expect(json.machines[0]).toMatchObject({
      machine: "shipping.ShipmentLifecycle",
      findings: [],
      stats: {
        distinct: 10,
        complete: false,
        completeness: "sampled",
        sampled: ["dispatch.tracking"],
      },
    });
    expect(json.diagnostics.map((d: { code: string }) => d.code)).toEqual(["IC8010"]);
  });

  it("rejects an unknown machine and a bad budget with exit 2", async () => {
    expect((await run(["explore", "--machine", "Nope"], process.cwd())).code).toBe(2);
    expect((await run(["explore", "--budget", "x"], process.cwd())).code).toBe(2);
  });
});

describe("explore: names every object inherits are data, not Object.prototype", () => {
  it("reads an absent optional field named toString or valueOf as undefined (no phantom findings)", () => {
    const r = compileMemory({
      "intent/lib.intent.yaml": `${HEADER}entities:
  Book:
    fields:
      id: string
      toString: { type: integer, minimum: 0, optional: true }
      valueOf: { type: integer, minimum: 0, optional: true }
events:
  lend: {}
  back: {}
machines:
  BookLife:
    entity: Book
    initial: shelf
    init: { id: "'b'" }
    states:
      shelf:
        on:
          lend: { to: out, guard: "toString == undefined || toString >= 0" }
      out:
        on:
          back: { to: shelf }
invariants:
  BOOK-1:
    says: an absent valueOf reads as undefined
    holds: "valueOf == undefined || valueOf >= 0"
`,
    });
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const x = exploreMachine(r.program!, machinesOf(r.program!)[0], {});
    // Before: Object.prototype's functions made the guard false and the invariant fail from the
    // initial state (a deadlock and a violation that do not exist).
    expect(x.diagnostics.filter((d) => d.severity === "error").map((d) => d.code)).toEqual([]);
    expect(
      x.result!.findings.filter((f) => f.kind === "invariant-violated" || f.kind === "deadlock"),
    ).toEqual([]);
  });
});
