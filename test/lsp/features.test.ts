/**
 * Completion, hover, the outline and quick fixes, as a client sees them on the example.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { CodeAction, CompletionItem, DocumentSymbol, Hover } from "vscode-languageserver";
import { exampleProject, startClient, type Client } from "./client.js";

const ORDERS = "intent/orders.intent.yaml";
let c: Client;
let text: string;

beforeAll(async () => {
  c = await startClient(exampleProject());
  text = readFileSync(join(c.root, ORDERS), "utf8");
  await c.open(ORDERS, text);
});
afterAll(async () => {
  await c.close();
});

/** Set the buffer to `lines`, then complete at the first line containing `marker`, just after `after`. */
async function completeAt(lines: string[], marker: string, after: string): Promise<string[]> {
  await c.change(ORDERS, lines.join("\n"));
  const line = lines.findIndex((l) => l.includes(marker));
  expect(line, marker).toBeGreaterThanOrEqual(0);
  const character = lines[line].indexOf(after) + after.length;
  const r = await c.conn.sendRequest<CompletionItem[]>("textDocument/completion", {
    textDocument: { uri: c.uri(ORDERS) },
    position: { line, character },
  });
  return r.map((i) => i.label);
}

async function hoverAt(marker: string, on: string, offset = 1): Promise<Hover | null> {
  await c.change(ORDERS, text);
  const lines = text.split("\n");
  const line = lines.findIndex((l) => l.includes(marker));
  return c.conn.sendRequest<Hover | null>("textDocument/hover", {
    textDocument: { uri: c.uri(ORDERS) },
    position: { line, character: lines[line].indexOf(on) + offset },
  });
}

const TYPES = ["Amount", "LineItem", "Money", "Order", "OrderId", "OrderLifecycle", "Sku"];

describe("lsp completion", () => {
  it("offers primitives, own names and domain.Name in a field's type", async () => {
    const lines = text
      .split("\n")
      .map((l) => (l === "      status: OrderLifecycle" ? "      status: " : l));
    const got = await completeAt(lines, "      status: ", "status: ");
    expect(got.slice(0, 4 + TYPES.length)).toEqual([
      "string",
      "integer",
      "number",
      "boolean",
      ...TYPES,
    ]);
    expect(got).toContain("payments.PaymentId");
    expect(got).toContain("shipping.ShipmentLifecycle");
    expect(got).not.toContain("submit");
    expect(got).not.toContain("OrdersApi");
    expect(got).not.toContain("payments.PaymentsApi");
  });

  it("replaces the whole `domain.Name` typed so far", async () => {
    const lines = text
      .split("\n")
      .map((l) => (l === "      status: OrderLifecycle" ? "      status: payments.Pa" : l));
    await c.change(ORDERS, lines.join("\n"));
    const line = lines.indexOf("      status: payments.Pa");
    const r = await c.conn.sendRequest<CompletionItem[]>("textDocument/completion", {
      textDocument: { uri: c.uri(ORDERS) },
      position: { line, character: 25 },
    });
    const item = r.find((i) => i.label === "payments.PaymentId");
    expect(item?.textEdit).toEqual({
      range: { start: { line, character: 14 }, end: { line, character: 25 } },
      newText: "payments.PaymentId",
    });
  });

  it("offers the machine's states as a transition target and events as transition keys", async () => {
    const lines = text.split("\n");
    expect(await completeAt(lines, "submit: { to: submitted", "to: ")).toEqual([
      "draft",
      "submitted",
      "paid",
      "shipped",
      "cancelled",
    ]);
    const on = lines.findIndex((l) => l === "        description: The cart, still editable") + 1;
    const withNew = [...lines.slice(0, on + 1), "          ", ...lines.slice(on + 1)];
    const got = await completeAtLine(withNew, on + 1, 10);
    expect(got.slice(0, 4)).toEqual(["cancel", "pay", "ship", "submit"]);
    expect(got).toContain("payments.capture");
    expect(got).not.toContain("Money");
  });

  it("offers fields, event members and literals inside expressions", async () => {
    const lines = text.split("\n");
    expect(await completeAt(lines, 'guard: "paid + event.amount == total"', "event.")).toEqual([
      "amount",
    ]);
    expect(await completeAt(lines, 'guard: "paid + event.amount == total"', 'guard: "')).toEqual([
      "id",
      "items",
      "total",
      "paid",
      "status",
      "cancelReason",
      "event",
      "prev",
    ]);
    expect(await completeAt(lines, "when: \"status == 'draft'\"", "'")).toEqual([
      "cancelled",
      "draft",
      "paid",
      "shipped",
      "submitted",
    ]);
    expect(await completeAt(lines, 'holds: "paid >= prev.paid"', "prev.")).toEqual([
      "id",
      "items",
      "total",
      "paid",
      "status",
      "cancelReason",
    ]);
  });

  it("offers the keys the meta-schema allows at the cursor", async () => {
    const lines = text.split("\n");
    const at = lines.indexOf("  Order:") + 1;
    const withNew = [...lines.slice(0, at), "    ", ...lines.slice(at)];
    expect(await completeAtLine(withNew, at, 4)).toEqual([
      "key",
      "description",
      "fields",
      "approvedBreaking",
    ]);
  });
});

async function completeAtLine(lines: string[], line: number, character: number): Promise<string[]> {
  await c.change(ORDERS, lines.join("\n"));
  const r = await c.conn.sendRequest<CompletionItem[]>("textDocument/completion", {
    textDocument: { uri: c.uri(ORDERS) },
    position: { line, character },
  });
  return r.map((i) => i.label);
}

describe("lsp hover", () => {
  it("shows a type's constraints and description", async () => {
    const h = await hoverAt("      total: Money", "Money");
    expect(h?.contents).toEqual({
      kind: "markdown",
      value: "**type orders.Money**\n\n`integer (minimum 0, maximum 100000000)`\n\nAmount in cents",
    });
  });

  it("shows an invariant's says", async () => {
    const h = await hoverAt("  ORD-1:", "ORD-1");
    expect(h?.contents).toEqual({
      kind: "markdown",
      value:
        "**invariant orders.ORD-1**\n\nThe paid amount never exceeds the order total\n\nholds `paid <= total` on Order\n\nseverity: critical",
    });
  });

  it("shows the type of a name in an expression", async () => {
    const ev = await hoverAt('guard: "paid + event.amount == total"', "amount", 2);
    expect(ev?.contents).toEqual({
      kind: "markdown",
      value: "`event.amount`: `Amount` — field of event pay",
    });
    const own = await hoverAt('guard: "paid + event.amount == total"', "paid", 2);
    expect(own?.contents).toEqual({
      kind: "markdown",
      value: "`paid`: `Money` — field of entity Order",
    });
    expect(await hoverAt("  ORD-1:", "says", -2)).toBeNull();
  });
});

describe("lsp outline and quick fixes", () => {
  it("lists a file's declarations by section, with a machine's states", async () => {
    await c.change(ORDERS, text);
    const symbols = await c.conn.sendRequest<DocumentSymbol[]>("textDocument/documentSymbol", {
      textDocument: { uri: c.uri(ORDERS) },
    });
    expect(symbols.map((s) => s.name)).toEqual([
      "types",
      "entities",
      "events",
      "machines",
      "invariants",
      "api",
      "flows",
      "slices",
    ]);
    expect(symbols[0].children?.map((s) => s.name)).toEqual([
      "Money",
      "Amount",
      "OrderId",
      "Sku",
      "LineItem",
    ]);
    const machine = symbols[3].children?.[0];
    expect(machine?.name).toBe("OrderLifecycle");
    expect(machine?.children?.map((s) => s.name)).toEqual([
      "draft",
      "submitted",
      "paid",
      "shipped",
      "cancelled",
    ]);
  });

  it("fixes a did-you-mean diagnostic by writing the suggestion", async () => {
    const typo = text.replace(
      "items: { type: array, items: LineItem",
      "items: { type: array, items: LineItm",
    );
    const v = await c.change(ORDERS, typo);
    const [d] = await c.diagnosticsOf(ORDERS, v);
    expect(d.code).toBe("IC2003");
    const actions = await c.conn.sendRequest<CodeAction[]>("textDocument/codeAction", {
      textDocument: { uri: c.uri(ORDERS) },
      range: d.range,
      context: { diagnostics: [d] },
    });
    expect(actions.map((a) => ({ title: a.title, kind: a.kind, edit: a.edit }))).toEqual([
      {
        title: "Change to 'LineItem'",
        kind: "quickfix",
        edit: {
          changes: {
            [c.uri(ORDERS)]: [
              {
                range: { start: { line: 26, character: 35 }, end: { line: 26, character: 42 } },
                newText: "LineItem",
              },
            ],
          },
        },
      },
    ]);
  });
});
