/**
 * Maps, sets, object literals and quantifiers end to end: the compiled code (generated modules and
 * the explorer) and the interpreter agree, read own properties only, and indexed updates build a
 * new map from the state before the step; errors sit at their YAML positions.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { emitProgram } from "../../compiler/program.js";
import { computeFindings } from "../../compiler/diff/findings.js";
import { normalizeProgram } from "../../compiler/ir/normalize.js";
import {
  compileEffects,
  compileExpr,
  compileFunction,
  evaluateExpr,
} from "../../compiler/expr/compile.js";
import { compileCode } from "../../compiler/expr/compile.js";
import type { Assignment, Expr } from "../../compiler/ir/types.js";
import { collections } from "../../runtime/collections.js";
import { compileMemory, expectDiagnostics } from "../helpers.js";

const expr = (source: string): Expr => ({
  source,
  loc: { file: "x.intent.yaml", line: 3, column: 9, endLine: 3, endColumn: 9 + source.length },
  contentLine: 3,
  contentColumn: 10,
});

const fields = {
  m: { x: 1, y: 2, z: 3 },
  st: { x: true, y: false, z: true },
  k: "y",
  n: 2,
  account: [{ balance: 1 }, { balance: 4 }, { balance: 1 }],
};

describe("compiled and interpreted collection expressions agree", () => {
  const cases: readonly (readonly [string, unknown])[] = [
    ["m[k]", 2],
    ["m['z'] + m.x", 4],
    ["every(m, (v) => v > 0)", true],
    ["every(m, (v, key) => key != 'y' || v == 2)", true],
    ["some(st, (b, key) => b && key == 'y')", false],
    ["count(st, (b) => b)", 2],
    ["sum(m, (v) => v * n)", 12],
    ["sum(m, (v, key) => st[key] ? v : 0)", 4],
    ["({ a: m.x, 'b': [n] }).b[0]", 2],
    ["m[k == 'y' ? 'z' : 'x']", 3],
    // Over an array (a flow participant's instances): the element and its index.
    ["sum(account, (a) => a.balance)", 6],
    ["sum(account, (a, i) => a.balance * i)", 6],
    ["count(account, (a) => a.balance == 1)", 2],
    ["every(account, (a, i) => a.balance > i - 2)", true],
    ["some(account, (a, i) => i == 1 && a.balance == 4)", true],
    ["every(account, (a) => a.balance < 4)", false],
    ["sum([], (a) => a) + count([], (a) => true)", 0],
  ];
  for (const [source, value] of cases) {
    it(`${source} = ${JSON.stringify(value)}`, () => {
      expect(compileFunction(expr(source))(fields)).toEqual(value);
      expect(evaluateExpr(expr(source), { fields })).toEqual(value);
    });
  }

  it("compiles through the runtime's collection helpers", () => {
    expect(
      compileExpr(expr("every(m, (v) => v > 0) && m[event.k] > 0"), { fields: "s", event: "e" }),
    ).toBe("($C.every(s.m, (v$) => (v$ > 0)) && ($C.at(s.m, e.k) > 0))");
    expect(compileExpr(expr("{ a: 1, 'b-c': n }"), { fields: "s" })).toBe(
      '(({ "a": 1, "b-c": s.n }))',
    );
  });

  it("reads own properties only: a key every object inherits is undefined, never Object.prototype's", () => {
    for (const source of ["m[k]", "m['toString']"]) {
      const data = { m: { x: 1 }, k: "toString" };
      expect(compileFunction(expr(source))(data)).toBeUndefined();
      expect(evaluateExpr(expr(source), { fields: data })).toBeUndefined();
    }
    expect(collections.every({ x: 1 }, () => true)).toBe(true);
    const proto = Object.create({ inherited: 5 }) as Record<string, number>;
    proto.own = 1;
    expect(collections.sum(proto, (v) => v)).toBe(1);
  });

  it("runtime quantifiers range over an array's elements with their indexes, not its properties", () => {
    const xs = Object.assign([5, 7], { extra: 100 });
    const seen: [number, number][] = [];
    expect(collections.every(xs, (v, i) => (seen.push([v, i]), true))).toBe(true);
    expect(seen).toEqual([
      [5, 0],
      [7, 1],
    ]);
    expect(collections.sum(xs, (v) => v)).toBe(12);
    expect(collections.count(xs, (v, i) => v + i > 6)).toBe(1);
    expect(collections.some(xs, (_, i) => typeof i !== "number")).toBe(false);
    // A map whose keys look like indexes stays a map (integer keys are numbers).
    expect(collections.sum({ 0: 5, 1: 7 }, (v, k) => v * k)).toBe(7);
  });

  it("an object literal key named like an inherited member is an own property", () => {
    const v = evaluateExpr(expr("({ toString: 1 })"), { fields: {} }) as Record<string, unknown>;
    expect(Object.hasOwn(v, "toString")).toBe(true);
  });
});

describe("indexed updates", () => {
  const set = (field: string, value: string, index?: string): Assignment => ({
    field,
    expr: expr(value),
    ...(index !== undefined ? { path: [{ kind: "entry" as const, key: expr(index) }] } : {}),
    loc: expr("").loc,
  });

  it("replace entries of the map before the step, in order, without changing it", () => {
    const effects = compileEffects(
      [
        set("m", "m[event.from] - event.amount", "event.from"),
        set("m", "m[event.to] + event.amount", "event.to"),
        set("n", "n + 1"),
      ],
      { fields: "$$f", event: "$$e", prev: "$$p" },
    );
    expect(effects.map((e) => e.field)).toEqual(["m", "n"]);
    const before = { m: { x: 5, y: 0, z: 0 }, n: 0 };
    const after = compileCode(effects[0].code)(before, { from: "x", to: "z", amount: 2 });
    expect(after).toEqual({ x: 3, y: 0, z: 2 });
    expect(Object.keys(after as object)).toEqual(["x", "y", "z"]);
    expect(before.m).toEqual({ x: 5, y: 0, z: 0 });
  });

  it("with the same key twice, the later entry wins (both read the state before the step)", () => {
    const [e] = compileEffects([set("m", "m[k] - 1", "k"), set("m", "m[k] + 1", "k")], {
      fields: "$$f",
    });
    expect(compileCode(e.code)({ m: { x: 5 }, k: "x" })).toEqual({ x: 6 });
  });
});

const yaml = (set: string, extra = "") => `intent: 1
domain: d
version: 1.0.0
types:
  RM: { enum: [r1, r2] }
  S: { enum: [working, done] }
entities:
  T:
    fields:
      rm: { type: map, keys: RM, values: S }
      n: integer
      ${extra}
events:
  go: { fields: { who: RM } }
machines:
  M:
    entity: T
    initial: a
    deadlock: allowed
    init: { rm: "{ r1: 'working', r2: 'working' }", n: "0" }
    states:
      a:
        on:
          go: { set: ${set} }
`;

describe("indexed updates are checked at their YAML positions", () => {
  it("accepts a key of the key type and a value of the value type", () => {
    const r = compileMemory({ "intent/d.intent.yaml": yaml(`{ "rm[event.who]": "'done'" }`) });
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  });

  it("reports a key of the wrong type inside the YAML key (IC4009)", () => {
    const r = compileMemory({ "intent/d.intent.yaml": yaml(`{ "rm[n]": "'done'" }`) });
    expectDiagnostics(r.diagnostics, [
      {
        code: "IC4009",
        line: 24,
        column: 28,
        message: /key of 'rm' has the wrong type: Type 'number' is not assignable to type 'RM'/,
      },
    ]);
  });

  it("reports a value of the wrong type (IC4009)", () => {
    const r = compileMemory({ "intent/d.intent.yaml": yaml(`{ "rm[event.who]": "'gone'" }`) });
    expectDiagnostics(r.diagnostics, [
      {
        code: "IC4009",
        line: 24,
        column: 42,
        message: /Type '"gone"' is not assignable to type 'S'/,
      },
    ]);
  });

  it("refuses an indexed update of a field that is not a map (IC4030)", () => {
    const r = compileMemory({ "intent/d.intent.yaml": yaml(`{ "n[event.who]": "1" }`) });
    expectDiagnostics(r.diagnostics, [{ code: "IC4030", line: 24, column: 24 }]);
  });

  it("refuses a field set whole and by entry in one transition (IC4031)", () => {
    const r = compileMemory({
      "intent/d.intent.yaml": yaml(
        `{ rm: "{ r1: 'done', r2: 'done' }", "rm[event.who]": "'done'" }`,
      ),
    });
    expectDiagnostics(r.diagnostics, [{ code: "IC4031", line: 24, column: 58 }]);
  });

  it("refuses a map whose keys are not an enum or a machine (IC3030)", () => {
    const r = compileMemory({
      "intent/d.intent.yaml": yaml(
        `{ n: "1" }`,
        "bad: { type: map, keys: string, values: integer }",
      ),
    });
    expectDiagnostics(r.diagnostics, [{ code: "IC3030", line: 12, column: 31 }]);
  });
});

describe("generated code over maps and sets", () => {
  it("type-checks under strict (contracts Record<K, V>, $C helpers in models, effects and invariants)", () => {
    const files: Record<string, string> = {};
    for (const name of ["twophase", "bank", "slots"]) {
      const dir = `test/fixtures/explore/classic/${name}/intent`;
      for (const f of readdirSync(dir)) files[`intent/${f}`] = readFileSync(join(dir, f), "utf8");
    }
    const r = compileMemory(files);
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const out = "test-artifacts/collections-generated";
    rmSync(out, { recursive: true, force: true });
    for (const [path, text] of emitProgram(r.program!).files) {
      mkdirSync(dirname(join(out, path)), { recursive: true });
      writeFileSync(join(out, path), text);
    }
    const model = readFileSync(join(out, "machines/twophase/TwoPhase.model.ts"), "utf8");
    expect(model).toContain(`import { collections as $C } from "@intentc/runtime";`);
    expect(readFileSync(join(out, "contracts/twophase/types.ts"), "utf8")).toContain(
      "rmState: Record<RM, RMState>;",
    );
    let output = "";
    try {
      execFileSync("node_modules/.bin/tsc", ["-p", join(out, "tsconfig.json")], {
        encoding: "utf8",
        stdio: "pipe",
      });
    } catch (e) {
      output = String((e as { stdout?: string }).stdout ?? e);
    }
    expect(output).toBe("");
  });
});

describe("intentc diff over maps and sets", () => {
  const program = (values: string, key: string) => {
    const r = compileMemory({
      "intent/d.intent.yaml": yaml(`{ "rm[event.who]": "${key}" }`).replace(
        "values: S }",
        `values: ${values} }`,
      ),
    });
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    return r.program!;
  };

  it("finds nothing when nothing changed, and the changed value type or indexed update when one did", () => {
    const v1 = program("S", "'done'");
    expect(
      computeFindings(normalizeProgram(v1), program("S", "'done'")).map((f) => f.rule),
    ).toEqual([]);
    const types = computeFindings(
      normalizeProgram(v1),
      program("{ enum: [working, done, gone] }", "'done'"),
    ).map((f) => `${f.rule} ${f.path}`);
    expect(types).toEqual(["type-changed d.entities.T.fields.rm.values"]);
    const effect = computeFindings(normalizeProgram(v1), program("S", "'working'")).map(
      (f) => f.rule,
    );
    expect(effect.length).toBeGreaterThan(0);
  });
});
