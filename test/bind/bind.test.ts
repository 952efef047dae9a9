import { describe, expect, it } from "vitest";
import { compileMemory, expectDiagnostics } from "../helpers.js";
import { createNodeHost } from "../../compiler/host.js";
import { compile } from "../../compiler/program.js";

const SYSTEM = `intent: 1
system: t
version: 1.0.0
gates:
  test: { stage: test, command: [npx, vitest, run] }
risk:
  tiers:
    low: { approvals: 0, retries: 1, gates: [test] }
`;

describe("bind", () => {
  it("binds the embedded example without diagnostics", () => {
    const r = compile(createNodeHost(process.cwd()), { dir: "intent" });
    expect(r.diagnostics).toEqual([]);
    const p = r.program!;
    expect(p.domains.map((d) => d.name)).toEqual(["inventory", "orders", "payments", "shipping"]);
    const count = (k: "machines" | "invariants" | "flows" | "slices") =>
      p.domains.reduce((n, d) => n + d[k].length, 0);
    expect(count("machines")).toBeGreaterThanOrEqual(3);
    expect(count("invariants")).toBeGreaterThanOrEqual(10);
    expect(count("flows")).toBeGreaterThanOrEqual(2);
    expect(count("slices")).toBeGreaterThanOrEqual(3);
    expect(p.riskTiers.map((t) => t.name)).toEqual(["critical", "high", "low", "medium"]);
  });

  it("resolves cross-domain references, optional fields and machine state fields", () => {
    const r = compileMemory({
      "intent/a.intent.yaml": `intent: 1
domain: a
version: 1.0.0
types:
  Money: { type: integer, minimum: 0 }
entities:
  Box:
    fields:
      value: b.Amount
      note?: string
      status: Flow
events:
  go: { fields: { by: Money } }
machines:
  Flow:
    entity: Box
    initial: idle
    states:
      idle:
        on:
          go: { to: done, guard: "event.by > 0", set: { value: "event.by" } }
          b.ping: idle
      done: { final: true }
`,
      "intent/b.intent.yaml":
        "intent: 1\ndomain: b\nversion: 1.0.0\ntypes:\n  Amount: a.Money\nevents:\n  ping: {}\n",
    });
    expect(r.diagnostics).toEqual([]);
    const a = r.program!.domains[0];
    const box = a.entities[0];
    expect(box.fields.map((f) => [f.name, f.optional, f.type.kind])).toEqual([
      ["value", false, "ref"],
      ["note", true, "primitive"],
      ["status", false, "state"],
    ]);
    expect(box.fields[0].type).toEqual({
      kind: "ref",
      target: "type",
      ref: { domain: "b", name: "Amount" },
    });
    const m = a.machines[0];
    expect(m.stateField).toBe("status");
    expect(m.states[0].transitions.map((t) => [t.event.domain, t.event.name, t.to])).toEqual([
      ["a", "go", "done"],
      ["b", "ping", "idle"],
    ]);
    const guard = m.states[0].transitions[0].guard!;
    expect([guard.source, guard.contentLine, guard.contentColumn]).toEqual([
      "event.by > 0",
      21,
      35,
    ]);
  });

  it("reports unknown names with did-you-mean hints at the reference", () => {
    const r = compileMemory({
      "intent/a.intent.yaml": `intent: 1
domain: a
version: 1.0.0
types:
  Money: integer
  Price: Mony
  Cost: c.Money
  Other: Amount
entities:
  Box:
    fields:
      v: Money
invariants:
  I-1:
    says: x
    on: Bx
    holds: "true"
`,
      "intent/b.intent.yaml": "intent: 1\ndomain: b\nversion: 1.0.0\ntypes:\n  Amount: integer\n",
    });
    expectDiagnostics(r.diagnostics, [
      { code: "IC2003", line: 6, column: 10, message: "Unknown type 'Mony'." },
      { code: "IC2004", line: 7, column: 9 },
      { code: "IC2003", line: 8, column: 10 },
      { code: "IC2006", line: 16, column: 9 },
    ]);
    expect(r.diagnostics.map((d) => d.hint)).toEqual([
      "Did you mean 'Money'?",
      undefined,
      "Did you mean 'b.Amount'?",
      "Did you mean 'Box'?",
    ]);
  });

  it("reports duplicate names across sections at the second declaration", () => {
    const r = compileMemory({
      "intent/a.intent.yaml":
        "intent: 1\ndomain: a\nversion: 1.0.0\ntypes:\n  pay: integer\nevents:\n  pay: {}\n",
      "intent/b.intent.yaml": "intent: 1\ndomain: a\nversion: 1.0.0\n",
    });
    expectDiagnostics(r.diagnostics, [
      { code: "IC2002", file: "intent/a.intent.yaml", line: 7, column: 3 },
      { code: "IC2001", file: "intent/b.intent.yaml", line: 2, column: 9 },
    ]);
  });

  it("resolves slice targets and risk tiers, reporting unknown ones", () => {
    const r = compileMemory({
      "intent/system.intent.yaml": SYSTEM,
      "intent/a.intent.yaml": `intent: 1
domain: a
version: 1.0.0
types:
  T: integer
slices:
  s1:
    says: x
    implements: [T, Nope]
    writes: ["src/a/**"]
    risk: hgh
  s2:
    says: y
    writes: ["src/b/**"]
`,
    });
    expectDiagnostics(r.diagnostics, [
      { code: "IC2007", line: 9, column: 21 },
      { code: "IC2008", line: 11, column: 11 },
      { code: "IC2015", line: 12, column: 3 },
    ]);
  });

  it("parses flow steps and rejects malformed ones", () => {
    const r = compileMemory({
      "intent/a.intent.yaml": `intent: 1
domain: a
version: 1.0.0
events:
  start: {}
  stop: {}
flows:
  f:
    says: x
    steps:
      - a.start -> stop
      - "start ->"
      - a.stopp
`,
    });
    expectDiagnostics(r.diagnostics, [
      { code: "IC2014", line: 12, column: 9 },
      { code: "IC2005", line: 13, column: 9 },
    ]);
    expect(r.program!.domains[0].flows[0].steps).toHaveLength(1);
  });

  it("keeps the document's key order for fields and states", () => {
    const r = compileMemory({
      "intent/a.intent.yaml":
        "intent: 1\ndomain: a\nversion: 1.0.0\nentities:\n  E:\n    fields: { z: string, a: string, m: string }\n",
    });
    expect(r.program!.domains[0].entities[0].fields.map((f) => f.name)).toEqual(["z", "a", "m"]);
  });
});
