/**
 * Nested updates: effects that set a part of a field — a field of a record in a map
 * (`"accounts[event.id].balance"`), deeper (`"m[k].flags.frozen"`), a field of a record-typed field
 * (`"audit.moved"`). One compiled meaning (`collections.putIn`) for the reference model, the
 * XState machine and the explorer; every key and value reads the state before the step; targets
 * are checked at their YAML keys.
 */
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { createActor } from "xstate";
import { compileCode, compileEffects } from "../../compiler/expr/compile.js";
import { exploreMachine, machinesOf } from "../../compiler/explore/index.js";
import { createMachineModel } from "../../compiler/explore/model.js";
import type { Assignment, Expr, Program, TargetStep } from "../../compiler/ir/types.js";
import { collections } from "../../runtime/collections.js";
import { compileMemory, expectDiagnostics } from "../helpers.js";
import { compileDir, emitTo, typeCheck } from "../emit/machines/emit-helpers.js";

const expr = (source: string): Expr => ({
  source,
  loc: { file: "x.intent.yaml", line: 3, column: 9, endLine: 3, endColumn: 9 + source.length },
  contentLine: 3,
  contentColumn: 10,
});

/** An assignment `field<path> = value`; a path step is `[key]` (an expression) or a name. */
const set = (field: string, value: string, ...path: string[]): Assignment => ({
  field,
  expr: expr(value),
  ...(path.length > 0
    ? {
        path: path.map((p): TargetStep =>
          p.startsWith("[")
            ? { kind: "entry", key: expr(p.slice(1, -1)) }
            : { kind: "member", name: p },
        ),
      }
    : {}),
  loc: expr("").loc,
});

const run = (sets: Assignment[], fields: unknown, event: unknown = {}) =>
  Object.fromEntries(
    compileEffects(sets, { fields: "$$f", event: "$$e" }).map((e) => [
      e.field,
      compileCode(e.code)(fields, event),
    ]),
  );

describe("compiled nested updates", () => {
  const before = () => ({
    accounts: {
      a: { balance: 2, flags: { frozen: false } },
      b: { balance: 1, flags: { frozen: false } },
    },
    audit: { moved: false, count: 0 },
  });

  it("replace parts of records in a map from the state before the step, keeping the rest", () => {
    const s = before();
    const after = run(
      [
        set("accounts", "accounts[event.from].balance - event.amount", "[event.from]", "balance"),
        set("accounts", "accounts[event.to].balance + event.amount", "[event.to]", "balance"),
        set("audit", "true", "moved"),
      ],
      s,
      { from: "a", to: "b", amount: 2 },
    );
    expect(after).toEqual({
      accounts: {
        a: { balance: 0, flags: { frozen: false } },
        b: { balance: 3, flags: { frozen: false } },
      },
      audit: { moved: true, count: 0 },
    });
    expect(s).toEqual(before());
    expect(Object.keys(after.accounts as object)).toEqual(["a", "b"]);
    expect(Object.keys((after.accounts as { a: object }).a)).toEqual(["balance", "flags"]);
  });

  it("reads the state before the step in every key and value (a swap)", () => {
    const after = run(
      [set("audit", "audit.count", "moved"), set("audit", "audit.moved ? 1 : 0", "count")],
      { audit: { moved: true, count: 0 } },
    );
    expect(after).toEqual({ audit: { moved: 0, count: 1 } });
  });

  it("applies parts in the order written: equal keys at run time, the later update of a place wins", () => {
    const sets = [
      set("accounts", "accounts[event.from].balance - event.amount", "[event.from]", "balance"),
      set("accounts", "accounts[event.to].balance + event.amount", "[event.to]", "balance"),
      set("accounts", "true", "[event.to]", "flags", "frozen"),
    ];
    const after = run(sets, before(), { from: "a", to: "a", amount: 1 });
    // Both balances read 2: the later write (2 + 1) wins; the other field of the record is kept.
    expect(after.accounts).toEqual({
      a: { balance: 3, flags: { frozen: true } },
      b: { balance: 1, flags: { frozen: false } },
    });
  });

  it("compiles one entry to put and deeper parts to putIn, which never changes its input", () => {
    const [e] = compileEffects([set("m", "1", "[k]"), set("m", "2", "[j]", "x")], { fields: "s" });
    expect(e.code).toBe('$C.putIn($C.put(s.m, (s.k), (1)), [(s.j), "x"], (2))');
    const m = Object.freeze({ a: Object.freeze({ x: 0, y: { z: 1 } }) });
    expect(collections.putIn(m, ["a", "y", "z"], 5)).toEqual({ a: { x: 0, y: { z: 5 } } });
    expect(m).toEqual({ a: { x: 0, y: { z: 1 } } });
    const keyed = collections.putIn({ 0: { n: 1 }, 1: { n: 2 } }, [1, "n"], 7);
    expect(keyed).toEqual({ 0: { n: 1 }, 1: { n: 7 } });
    expect(Object.getPrototypeOf(collections.putIn({}, ["__proto__" as never], 1))).toBe(
      Object.prototype,
    );
  });
});

const yaml = (set: string) => `intent: 1
domain: d
version: 1.0.0
types:
  Id: { enum: [a, b] }
  Account:
    fields:
      balance: { type: integer, minimum: 0, maximum: 3 }
      flags: { fields: { frozen: boolean } }
      note?: string
entities:
  T:
    fields:
      accounts: { type: map, keys: Id, values: Account }
      audit: { fields: { moved: boolean } }
      seen: { type: set, items: Id }
      limits?: { fields: { daily: integer } }
      n: integer
events:
  go: { fields: { id: Id, to: Id } }
machines:
  M:
    entity: T
    initial: a
    deadlock: allowed
    states:
      a:
        on:
          go:
            set:
${set}
`;
const compileSet = (lines: string) => compileMemory({ "intent/d.intent.yaml": yaml(lines) });
const errors = (lines: string) =>
  compileSet(lines).diagnostics.filter((d) => d.severity === "error");

describe("nested updates are checked at their YAML positions", () => {
  it("accepts parts of records in maps, deeper parts and fields of record-typed fields", () => {
    expect(
      errors(`              "accounts[event.id].balance": "accounts[event.id].balance - 1"
              "accounts[event.to].flags.frozen": "!accounts[event.to].flags.frozen"
              "accounts[event.to].note": "'x'"
              "seen[event.id]": "true"
              audit.moved: "true"`),
    ).toEqual([]);
  });

  it("reports a value of the wrong type for the part (IC4009, at the value)", () => {
    const r = compileSet(`              "accounts[event.id].flags.frozen": "1"`);
    expectDiagnostics(r.diagnostics, [
      {
        code: "IC4009",
        line: 31,
        column: 51,
        message:
          "The value for 'accounts[…].flags.frozen' has the wrong type: Type 'number' is not assignable to type 'boolean'.",
      },
    ]);
  });

  it("reports a key of the wrong type inside the YAML key (IC4009)", () => {
    const r = compileSet(`              "accounts[n].balance": "1"`);
    expectDiagnostics(r.diagnostics, [
      { code: "IC4009", line: 31, column: 25, message: /key of 'accounts' has the wrong type/ },
    ]);
  });

  it("reports a field the record does not declare, with did-you-mean (IC4034)", () => {
    const [d] = errors(`              "accounts[event.id].balanse": "1"`);
    expect(d).toMatchObject({
      code: "IC4034",
      line: 31,
      column: 15,
      message: "'accounts[event.id]' has no field 'balanse'.",
    });
    expect(d.hint).toMatch(/balance/);
  });

  it("reports a field of a value that is not a record (IC4033) and an entry of one that is not a map (IC4030)", () => {
    expectDiagnostics(compileSet(`              "seen[event.id].x": "1"`).diagnostics, [
      { code: "IC4033", line: 31, column: 15, message: /'seen\[event.id\]' is not a record/ },
    ]);
    expectDiagnostics(compileSet(`              "audit[event.id]": "1"`).diagnostics, [
      { code: "IC4030", line: 31, column: 15 },
    ]);
    expectDiagnostics(
      compileSet(`              "accounts[event.id].flags[event.to]": "1"`).diagnostics,
      [
        {
          code: "IC4030",
          line: 31,
          column: 15,
          message: /'accounts\[event.id\].flags' is not a map/,
        },
      ],
    );
  });

  it("refuses a part of a value that may be absent (IC4035)", () => {
    expectDiagnostics(compileSet(`              limits.daily: "1"`).diagnostics, [
      { code: "IC4035", line: 31, column: 15 },
    ]);
  });

  it("refuses a target inside another target of the same transition, keys compared as parsed", () => {
    expectDiagnostics(
      compileSet(`              "accounts[event.id]": "{ balance: 0, flags: { frozen: false } }"
              "accounts[ (event.id) ].balance": "1"`).diagnostics,
      [
        {
          code: "IC4036",
          line: 32,
          column: 15,
          message: /'accounts\[ \(event.id\) \]\.balance' lies inside 'accounts\[event.id\]'/,
        },
      ],
    );
    expectDiagnostics(
      compileSet(`              audit: "{ moved: false }"
              audit.moved: "true"`).diagnostics,
      [{ code: "IC4036", line: 32, column: 15 }],
    );
    expectDiagnostics(
      compileSet(`              accounts: "{ a: { balance: 0, flags: { frozen: false } }, b: { balance: 0, flags: { frozen: false } } }"
              "accounts[event.id].balance": "1"`).diagnostics,
      [{ code: "IC4031", line: 32, column: 15 }],
    );
  });

  it("accepts parts that meet only at run time and the same part spelled twice (the later wins)", () => {
    expect(
      errors(`              "accounts[event.id]": "{ balance: 0, flags: { frozen: false } }"
              "accounts[event.to].balance": "1"
              "accounts[event.to ].balance": "2"`),
    ).toEqual([]);
  });
});

const FIX = "test/fixtures/explore/classic";
type Any = any; // eslint-disable-line @typescript-eslint/no-explicit-any
const load = (dir: string, file: string): Promise<Any> =>
  import(pathToFileURL(resolve(dir, file)).href);

/** The ledger's reachable states, counted without the compiler: balances, frozen flags, moved. */
function ledgerOracle(): number {
  const key = (b: number[], f: boolean[], m: boolean) => `${b}|${f}|${m}`;
  const start = { b: [2, 1, 1], f: [false, false, false], m: false };
  const seen = new Set([key(start.b, start.f, start.m)]);
  const queue = [start];
  for (let s = queue.shift(); s !== undefined; s = queue.shift()) {
    const next: (typeof start)[] = [];
    for (let i = 0; i < 3; i++) {
      if (!s.f[i]) next.push({ ...s, f: s.f.map((x, j) => x || j === i) });
      for (let j = 0; j < 3; j++)
        for (let amt = 1; amt <= 4; amt++)
          if (i !== j && !s.f[i] && s.b[i] >= amt)
            next.push({
              b: s.b.map((x, k) => (k === i ? x - amt : k === j ? x + amt : x)),
              f: s.f,
              m: true,
            });
    }
    for (const n of next) {
      const k = key(n.b, n.f, n.m);
      if (!seen.has(k)) {
        seen.add(k);
        queue.push(n);
      }
    }
  }
  return seen.size;
}

describe("a ledger of account records (test/fixtures/explore/classic/accounts)", () => {
  let ledger: Program;
  let bug: Program;
  beforeAll(() => {
    ledger = compileDir(`${FIX}/accounts`);
    bug = compileDir(`${FIX}/accounts-bug`);
  });

  it("conserves the total over every reachable state, complete, 128 states", () => {
    const x = exploreMachine(ledger, machinesOf(ledger)[0], {});
    expect(x.diagnostics).toEqual([]);
    expect(x.result!.findings).toEqual([]);
    expect(ledgerOracle()).toBe(128);
    expect(x.result!.stats).toMatchObject({ distinct: 128, complete: true });
  });

  it("finds the transfer to the same account that creates money, and the reference model and XState replay it", async () => {
    const x = exploreMachine(bug, machinesOf(bug)[0], {});
    expect(x.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([
      "IC8001 Invariant 'ACC-1' is violated after 1 steps: Transfers conserve the total",
    ]);
    const f = x.result!.findings.find((g) => g.kind === "invariant-violated");
    if (f?.kind !== "invariant-violated") throw new Error("expected a violation");
    expect(f.trace.steps.map((s) => s.event)).toEqual([
      { type: "transfer", from: "a", to: "a", amount: 1 },
    ]);
    const dir = emitTo(bug, "nested-updates-bug");
    expect(typeCheck(dir)).toBe("");
    const model = await load(dir, "machines/accounts/Book.model.ts");
    const { bookMachine } = await load(dir, "machines/accounts/Book.machine.ts");
    let snap = model.initial({});
    const actor = createActor(bookMachine, { input: snap.context }).start();
    for (const step of f.trace.steps) {
      const r = model.transition(snap, step.event);
      expect(r.ok).toBe(true);
      expect(r.transition).toBe(step.transition);
      snap = r.snapshot;
      actor.send(step.event);
      expect(snap).toEqual({ state: step.state, context: step.fields });
      expect(actor.getSnapshot().context).toEqual(step.fields);
    }
    expect(snap.context.accounts.a.balance).toBe(3);
  });

  it("emits code that type-checks under strict and steps like the explorer's model", async () => {
    const dir = emitTo(ledger, "nested-updates-ledger");
    expect(typeCheck(dir)).toBe("");
    const model = await load(dir, "machines/accounts/Book.model.ts");
    const explorer = createMachineModel(ledger, machinesOf(ledger)[0]);
    let snap = model.initial({});
    let fields: Record<string, unknown> = { ...explorer.init };
    expect(snap.context).toEqual(fields);
    for (const e of [
      { type: "transfer", from: "a", to: "c", amount: 2 },
      { type: "freeze", who: "c" },
      { type: "transfer", from: "c", to: "b", amount: 1 },
      { type: "transfer", from: "b", to: "a", amount: 1 },
    ]) {
      const r = model.transition(snap, e);
      snap = r.snapshot;
      const [t] = explorer
        .transitionsFor("open", e.type)
        .filter((c) => c.guard === undefined || c.guard(fields, e) === true);
      if (t !== undefined) fields = explorer.apply(t, fields, e);
      expect(r.ok).toBe(t !== undefined);
      expect(snap.context).toEqual(fields);
    }
    // The transfer out of the frozen account c is refused.
    expect(snap.context).toEqual({
      accounts: {
        a: { balance: 1, flags: { frozen: false } },
        b: { balance: 0, flags: { frozen: false } },
        c: { balance: 3, flags: { frozen: true } },
      },
      audit: { moved: true },
    });
  });
});
