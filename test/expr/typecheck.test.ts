/**
 * Type-checking accepted expressions with TypeScript in memory (IC4008, IC4009): messages are
 * TypeScript's own, positions are exact YAML lines and columns (never wrapper positions), and the
 * example in intent/ type-checks cleanly. The generated declarations type-check on their own.
 */
import { Project, ts } from "ts-morph";
import { describe, expect, it } from "vitest";
import { compileMemory, expectDiagnostics } from "../helpers.js";
import { AT, compileShop } from "./fixture.js";
import { compile } from "../../compiler/program.js";
import { createNodeHost } from "../../compiler/host.js";
import { checkExpressions } from "../../compiler/expr/check.js";
import { programToTsDeclarations } from "../../compiler/expr/ts-decls.js";
import { exprLoc } from "../../compiler/expr/ast.js";
import type { Expr } from "../../compiler/ir/types.js";

const G = AT.guard;
const ROOT = new URL("../../", import.meta.url).pathname;

describe("type errors", () => {
  it("maps a property typo on the event to its exact column, with TypeScript's suggestion (IC4008)", () => {
    const r = compileShop({ guard: "paid + event.amout <= total" });
    expectDiagnostics(r.diagnostics, [{ code: "IC4008", line: G.line, column: G.column + 13 }]);
    expect(r.diagnostics[0].message).toBe(
      "Property 'amout' does not exist on type 'PayEvent'. Did you mean 'amount'?",
    );
    expect(r.diagnostics[0].endColumn).toBe(G.column + 18);
  });

  it("maps positions correctly after '==' is checked as '==='", () => {
    const r = compileShop({ guard: "status == 'open' && paid != 0 && event.amout > 0" });
    expectDiagnostics(r.diagnostics, [{ code: "IC4008", line: G.line, column: G.column + 39 }]);
    expect(r.diagnostics[0].endColumn).toBe(G.column + 44);
  });

  it("reports a comparison with a misspelled state over the whole comparison", () => {
    const r = compileShop({ holds: "status == 'clsed'" });
    expectDiagnostics(r.diagnostics, [
      { code: "IC4008", line: AT.holds.line, column: AT.holds.column },
    ]);
    expect(r.diagnostics[0].message).toBe(
      "This comparison appears to be unintentional because the types 'LifeState' and '\"clsed\"' have no overlap.",
    );
    expect(r.diagnostics[0].endColumn).toBe(AT.holds.column + 17);
  });

  it("reports a possibly undefined optional field", () => {
    const r = compileShop({ guard: "paid > 0 && note.length > 0" });
    expectDiagnostics(r.diagnostics, [
      {
        code: "IC4008",
        line: G.line,
        column: G.column + 12,
        message: "'note' is possibly 'undefined'.",
      },
    ]);
  });

  it("checks arrow parameters against the array's element type", () => {
    const r = compileShop({ guard: "items.every(i => i.qtty > 0)" });
    expectDiagnostics(r.diagnostics, [
      {
        code: "IC4008",
        line: G.line,
        column: G.column + 19,
        message: /Property 'qtty' does not exist .*Did you mean 'qty'\?/,
      },
    ]);
  });

  it("reports a non-boolean guard over the whole expression (IC4009)", () => {
    const r = compileShop({ guard: "paid + 1" });
    expectDiagnostics(r.diagnostics, [{ code: "IC4009", line: G.line, column: G.column }]);
    expect(r.diagnostics[0].message).toBe(
      "The guard has the wrong type: Type 'number' is not assignable to type 'boolean'.",
    );
    expect(r.diagnostics[0].endColumn).toBe(G.column + 8);
  });

  it("reports an effect value that does not fit the field (IC4009)", () => {
    const r = compileShop({ effect: "'x'" });
    expectDiagnostics(r.diagnostics, [{ code: "IC4009", ...AT.effect }]);
    expect(r.diagnostics[0].message).toBe(
      "The value for 'paid' has the wrong type: Type 'string' is not assignable to type 'number'.",
    );
  });

  it("reports an init value that does not fit the field (IC4009)", () => {
    const r = compileShop({ init: "true" });
    expectDiagnostics(r.diagnostics, [
      { code: "IC4009", ...AT.init, message: "The initial value of 'paid' has the wrong type" },
    ]);
  });

  it("reports a non-boolean invariant", () => {
    const r = compileShop({ holds: "paid - prev.paid" });
    expectDiagnostics(r.diagnostics, [
      {
        code: "IC4009",
        ...AT.holds,
        message: /^The rule \('holds'\) of invariant 'INV-1' has the wrong type/,
      },
    ]);
  });

  it("reports every type error of the program from one check", () => {
    const r = compileShop({ guard: "paid + 1", effect: "'x'", holds: "status == 'clsed'" });
    expectDiagnostics(r.diagnostics, [
      { code: "IC4009", ...G },
      { code: "IC4009", ...AT.effect },
      { code: "IC4008", ...AT.holds },
    ]);
  });
});

describe("across domains", () => {
  const payments = `intent: 1
domain: payments
version: 1.0.0
types:
  Cents: { type: integer, minimum: 0 }
entities:
  Payment:
    fields: { amount: Cents }
events:
  capture: { fields: { amount: Cents, currency: { enum: [eur, usd] } } }
`;
  const orders = (guard: string) => `intent: 1
domain: orders
version: 1.0.0
entities:
  Order:
    fields:
      total: payments.Cents
      status: Life
machines:
  Life:
    entity: Order
    initial: open
    states:
      open:
        on:
          payments.capture: { to: paid, guard: "${guard}" }
      paid: { final: true }
`;
  const run = (guard: string) =>
    compileMemory({
      "intent/orders.intent.yaml": orders(guard),
      "intent/payments.intent.yaml": payments,
    });

  it("types a guard on another domain's event with that domain's declarations", () => {
    expectDiagnostics(run("event.amount == total && event.currency == 'eur'").diagnostics, []);
  });

  it("reports a typo on another domain's event at its exact position", () => {
    const r = run("event.amont == total");
    expectDiagnostics(r.diagnostics, [
      {
        code: "IC4008",
        file: "intent/orders.intent.yaml",
        line: 16,
        column: 55,
        message: "Property 'amont' does not exist on type 'CaptureEvent'. Did you mean 'amount'?",
      },
    ]);
  });

  it("reports a comparison with a value outside another domain's enum", () => {
    expectDiagnostics(run("event.currency == 'gbp'").diagnostics, [
      { code: "IC4008", line: 16, column: 49 },
    ]);
  });
});

describe("the example in intent/", () => {
  it("has no expression diagnostics, and type-checks them all in one pass", () => {
    const r = compile(createNodeHost(ROOT), { dir: "intent" });
    expect(r.program).toBeDefined();
    expectDiagnostics(
      r.diagnostics.filter((d) => /^IC4/.test(d.code)),
      [],
    );
    expect(checkExpressions(r.program!)).toEqual([]);
  });

  it("generates declarations that type-check under strict", () => {
    const r = compile(createNodeHost(ROOT), { dir: "intent" });
    const project = new Project({
      useInMemoryFileSystem: true,
      compilerOptions: {
        strict: true,
        noEmit: true,
        lib: ["lib.es2022.d.ts"],
        module: ts.ModuleKind.NodeNext,
        moduleResolution: ts.ModuleResolutionKind.NodeNext,
      },
    });
    project.getFileSystem().writeFileSync("/package.json", '{ "type": "module" }');
    const decls = programToTsDeclarations(r.program!);
    expect([...decls.keys()]).toEqual(r.program!.domains.map((d) => d.name));
    for (const [domain, text] of decls)
      project.createSourceFile(`/contracts/${domain}/types.ts`, text);
    const diags = project
      .getPreEmitDiagnostics()
      .map(
        (d) =>
          `${d.getSourceFile()?.getFilePath()}: ${ts.flattenDiagnosticMessageText(d.getMessageText() as string, " ")}`,
      );
    expect(diags).toEqual([]);
    expect(decls.get("orders")).toContain(
      'export type OrderLifecycleState = "draft" | "submitted" | "paid" | "shipped" | "cancelled";',
    );
    expect(decls.get("payments")).toContain(
      'import type { Amount, Money, OrderId } from "../orders/types.js";',
    );
  });
});

describe("declarations", () => {
  it("follow the naming contract for the fixture", () => {
    expect(programToTsDeclarations(compileShop().program!).get("shop")).toMatchInlineSnapshot(`
      "export type Money = number;

      export interface Order {
        total: Money;
        paid: Money;
        items: { qty: number; price: Money }[];
        status: LifeState;
        note?: string;
      }

      export interface PayEvent {
        amount: Money;
      }

      export interface SubmitEvent {}

      export type LifeState = "open" | "closed";
      "
    `);
  });
});

describe("positions", () => {
  const expr = (source: string, contentLine = 10, contentColumn = 7): Expr => ({
    source,
    loc: {
      file: "f.yaml",
      line: contentLine,
      column: contentColumn - 1,
      endLine: contentLine,
      endColumn: contentColumn,
    },
    contentLine,
    contentColumn,
  });

  it("maps offsets on the first line by column", () => {
    expect(exprLoc(expr("paid > 0"), 7, 8)).toEqual({
      file: "f.yaml",
      line: 10,
      column: 14,
      endLine: 10,
      endColumn: 15,
    });
  });

  it("maps offsets in a single-quoted scalar past doubled quotes", () => {
    // YAML: holds: 'a == ''x'' && totl' (loc covers the quotes around 18 characters of text).
    const e: Expr = {
      source: "a == 'x' && totl",
      loc: { file: "f.yaml", line: 4, column: 12, endLine: 4, endColumn: 32 },
      contentLine: 4,
      contentColumn: 13,
      scalar: { raw: "'a == ''x'' && totl'", line: 4, column: 12 },
    };
    expect(exprLoc(e, 12, 16)).toMatchObject({ line: 4, column: 27, endColumn: 31 });
  });

  it("maps offsets on continuation lines of a block scalar by line, keeping the indentation", () => {
    // YAML: `holds: |` on line 9, the block's lines indented by 6.
    const e: Expr = {
      ...expr("paid > 0 &&\ntotl > 1\n"),
      scalar: { raw: "|\n      paid > 0 &&\n      totl > 1\n", line: 9, column: 14 },
    };
    expect(exprLoc(e, 12, 16)).toEqual({
      file: "f.yaml",
      line: 11,
      column: 7,
      endLine: 11,
      endColumn: 11,
    });
  });
});
