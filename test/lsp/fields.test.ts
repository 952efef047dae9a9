/**
 * Fields as a client sees them: go to definition, find references and rename on a name inside an
 * expression (`paid` in "paid + event.amount", `event.amount`), and a rename of a field of the
 * released contract adds `renamedFrom`, so that `intentc diff` reports a rename. The oracle for
 * references is a text search of the example that leaves out the state named `paid`.
 */
import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Location, TextEdit, WorkspaceEdit } from "vscode-languageserver";
import { applyEdits, exampleProject, REPO, startClient, type Client } from "./client.js";

const ORDERS = "intent/orders.intent.yaml";
const PAYMENTS = "intent/payments.intent.yaml";

const pos = (c: Client, line: number, character: number) => ({
  textDocument: { uri: c.uri(ORDERS) },
  position: { line, character },
});

/** The 0-based line of the first line of orders holding `marker`, and the column of `on` in it (+offset). */
function at(text: string, marker: string, on: string, offset = 1): [number, number] {
  const lines = text.split("\n");
  const line = lines.findIndex((l) => l.includes(marker));
  expect(line, marker).toBeGreaterThanOrEqual(0);
  return [line, lines[line].indexOf(on) + offset];
}

/** Every match of `re` in orders on lines that `keep` accepts, as locations (not in `# comments`). */
function search(c: Client, text: string, re: RegExp, keep: (line: string) => boolean): Location[] {
  const out: Location[] = [];
  text.split("\n").forEach((line, i) => {
    if (!keep(line)) return;
    const comment = line.search(/(^|\s)#/);
    for (const m of line.matchAll(re))
      if (comment < 0 || (m.index as number) < comment)
        out.push({
          uri: c.uri(ORDERS),
          range: {
            start: { line: i, character: m.index as number },
            end: { line: i, character: (m.index as number) + m[0].length },
          },
        });
  });
  return out;
}

/** The field `paid` of Order: not the state `paid` (`to: paid`, its key, `'paid'`), not prose. */
const PAID = /(?<!['\w])paid(?![\w'])/g;
const notStateOrProse = (l: string) =>
  !/^\s*(says|description):/.test(l) && !/to: paid/.test(l) && !/^ {6}paid:$/.test(l);

function cli(root: string, args: string[]) {
  return spawnSync(process.execPath, [join(REPO, "bin/intentc.js"), ...args], {
    cwd: root,
    encoding: "utf8",
  });
}

describe("lsp fields in expressions", () => {
  it("goes from `paid` and `event.amount` in a guard to the field declarations", async () => {
    const c = await startClient(exampleProject());
    try {
      const text = readFileSync(join(c.root, ORDERS), "utf8");
      await c.open(ORDERS, text);
      const [gl, gc] = at(text, 'guard: "paid + event.amount == total"', "paid");
      const def = await c.conn.sendRequest("textDocument/definition", pos(c, gl, gc));
      const [dl, dc] = at(text, "      paid: Money", "paid", 0);
      expect(def).toEqual({
        uri: c.uri(ORDERS),
        range: { start: { line: dl, character: dc }, end: { line: dl, character: dc + 4 } },
      });

      const [al, ac] = at(text, 'guard: "paid + event.amount == total"', "amount");
      const amount = await c.conn.sendRequest("textDocument/definition", pos(c, al, ac));
      const [fl, fc] = at(text, "    fields: { amount: Amount }", "amount", 0);
      expect(amount).toEqual({
        uri: c.uri(ORDERS),
        range: { start: { line: fl, character: fc }, end: { line: fl, character: fc + 6 } },
      });

      const hover = await c.conn.sendRequest<{ contents: { value: string } }>(
        "textDocument/hover",
        pos(c, dl, dc + 1),
      );
      expect(hover.contents.value).toBe("**field orders.Order.paid**\n\n`Money`");
      // `prev.paid` in a step invariant is the same field.
      const [pl, pc] = at(text, 'holds: "paid >= prev.paid"', "prev.paid", 6);
      expect(await c.conn.sendRequest("textDocument/definition", pos(c, pl, pc))).toEqual(def);
    } finally {
      await c.close();
    }
  });

  it("finds every use of a field: expressions, set and init keys — not the state of the same name", async () => {
    const c = await startClient(exampleProject());
    try {
      const text = readFileSync(join(c.root, ORDERS), "utf8");
      await c.open(ORDERS, text);
      const [gl, gc] = at(text, 'set: { paid: "paid + event.amount" }', '"paid', 2);
      const refs = await c.conn.sendRequest<Location[]>("textDocument/references", {
        ...pos(c, gl, gc),
        context: { includeDeclaration: true },
      });
      const want = search(c, text, PAID, notStateOrProse);
      // 15 in the order's own declarations, and `order.paid` in the checkout flow's holder.
      expect(want.length).toBe(16);
      expect(
        want.filter((l) => text.split("\n")[l.range.start.line].includes("order.paid")),
      ).toHaveLength(1);
      expect(refs).toEqual(want);

      const [al, ac] = at(text, 'guard: "paid + event.amount < total"', "amount");
      const events = await c.conn.sendRequest<Location[]>("textDocument/references", {
        ...pos(c, al, ac),
        context: { includeDeclaration: true },
      });
      // pay's `amount`: its declaration, the four `event.amount` of the pay transitions and the key
      // of the checkout step's `with:` (which triggers pay); not the API input, and not the value
      // `event.amount` of that mapping (the trigger payments.capture's field).
      const STEP = '{ on: payments.capture, then: orders.pay, with: { amount: "event.amount" } }';
      const wantAmount = search(
        c,
        text,
        /\bamount\b/g,
        (l) => /event\.amount|fields: \{ amount/.test(l) && !l.includes(STEP),
      );
      expect(wantAmount.length).toBe(5);
      const [wl, wc] = at(text, STEP, "amount:", 0);
      const withKey = {
        uri: c.uri(ORDERS),
        range: { start: { line: wl, character: wc }, end: { line: wl, character: wc + 6 } },
      };
      expect(events).toEqual(
        [...wantAmount, withKey].sort((a, b) => a.range.start.line - b.range.start.line),
      );

      // The trigger's `event.amount` in that mapping is payments.capture's field.
      const [vl, vc] = at(text, STEP, "event.amount", 6);
      const capture = await c.conn.sendRequest<Location>("textDocument/definition", pos(c, vl, vc));
      const payments = readFileSync(join(c.root, PAYMENTS), "utf8").split("\n");
      const cl = payments.findIndex((l) => /^  capture:/.test(l));
      const dl = payments.findIndex((l, i) => i > cl && l.includes("fields: { amount"));
      const dc = payments[dl].search(/\bamount\b/);
      expect(capture).toEqual({
        uri: c.uri(PAYMENTS),
        range: { start: { line: dl, character: dc }, end: { line: dl, character: dc + 6 } },
      });
    } finally {
      await c.close();
    }
  });

  it("renames a field everywhere; without a released contract it adds no renamedFrom, and the result checks clean", async () => {
    const c = await startClient(exampleProject());
    try {
      const text = readFileSync(join(c.root, ORDERS), "utf8");
      await c.open(ORDERS, text);
      const [gl, gc] = at(text, 'guard: "paid == 0"', "paid");
      const edit = await c.conn.sendRequest<WorkspaceEdit>("textDocument/rename", {
        ...pos(c, gl, gc),
        newName: "received",
      });
      const edits = edit.changes?.[c.uri(ORDERS)] ?? [];
      expect(Object.keys(edit.changes ?? {})).toEqual([c.uri(ORDERS)]);
      expect(edits.map((e) => ({ uri: c.uri(ORDERS), range: e.range }))).toEqual(
        search(c, text, PAID, notStateOrProse),
      );
      const renamed = applyEdits(text, edits);
      expect(renamed).not.toContain("renamedFrom");
      const v = await c.change(ORDERS, renamed);
      expect(await c.diagnosticsOf(ORDERS, v)).toEqual([]);
      await expect(
        c.conn.sendRequest("textDocument/rename", { ...pos(c, gl, gc), newName: "total" }),
      ).rejects.toThrow(/orders.Order already declares 'total'/);
    } finally {
      await c.close();
    }
  });

  it("renaming a released field adds renamedFrom, and intentc diff reports a rename", async () => {
    const c = await startClient(exampleProject(true));
    try {
      const text = readFileSync(join(c.root, ORDERS), "utf8");
      await c.open(ORDERS, text);
      // Rename Order.paid from a guard, and pay.amount from `event.amount`.
      const [gl, gc] = at(text, 'guard: "paid + event.amount == total"', "paid");
      const first = await c.conn.sendRequest<WorkspaceEdit>("textDocument/rename", {
        ...pos(c, gl, gc),
        newName: "received",
      });
      const once = applyEdits(text, first.changes?.[c.uri(ORDERS)] ?? []);
      expect(once).toContain("      received: { type: Money, renamedFrom: paid }\n");
      await c.change(ORDERS, once);
      const [al, ac] = at(once, 'guard: "received + event.amount == total"', "amount");
      const second = await c.conn.sendRequest<WorkspaceEdit>("textDocument/rename", {
        ...pos(c, al, ac),
        newName: "cents",
      });
      const twice = applyEdits(once, second.changes?.[c.uri(ORDERS)] ?? []);
      expect(twice).toContain("    fields: { cents: { type: Amount, renamedFrom: amount } }\n");
      expect(twice).toContain('guard: "received + event.cents == total"');
      // The check sees renames (breaking: the version must go to 2.0.0), nothing removed or added.
      const v = await c.change(ORDERS, twice);
      const checked = await c.diagnosticsOf(ORDERS, v);
      expect(new Set(checked.map((d) => d.code))).toEqual(new Set(["IC6002"]));
      const renames = checked.filter((d) => d.message.includes("Breaking change 'field-renamed'"));
      expect(renames.map((d) => d.message.split(" at ")[1].split("\n")[0]).sort()).toEqual([
        "orders.entities.Order.fields.received: paid → received",
        "orders.events.pay.fields.cents: amount → cents",
      ]);
      expect(checked.filter((d) => /field-removed|field-added/.test(d.message))).toEqual([]);
      // Renaming the renamed field again keeps the released name.
      const [rl, rc] = at(twice, 'holds: "received <= total"', "received");
      const third = await c.conn.sendRequest<WorkspaceEdit>("textDocument/rename", {
        ...pos(c, rl, rc),
        newName: "settled",
      });
      const thrice = applyEdits(twice, third.changes?.[c.uri(ORDERS)] ?? []);
      expect(thrice).toContain("      settled: { type: Money, renamedFrom: paid }\n");

      // On disk, `intentc diff` against the released lock classifies both as renames.
      writeFileSync(join(c.root, ORDERS), thrice);
      const diff = cli(c.root, ["diff", "--format", "json"]);
      const findings = (JSON.parse(diff.stdout) as { findings: { rule: string; path: string }[] })
        .findings;
      expect(
        findings
          .filter((f) => f.rule === "field-renamed")
          .map((f) => f.path)
          .sort(),
      ).toEqual(["orders.entities.Order.fields.settled", "orders.events.pay.fields.cents"]);
      expect(
        findings.filter((f) => f.rule === "field-removed" || /field-added/.test(f.rule)),
      ).toEqual([]);
    } finally {
      await c.close();
    }
  });

  it("says so when a released declaration is renamed (the format records renames of fields only)", async () => {
    const c = await startClient(exampleProject(true));
    try {
      const messages: { type: number; message: string }[] = [];
      c.conn.onNotification("window/showMessage", (m: { type: number; message: string }) =>
        messages.push(m),
      );
      const text = readFileSync(join(c.root, ORDERS), "utf8");
      await c.open(ORDERS, text);
      const [ml, mc] = at(text, "  Money: {", "Money");
      const edit = await c.conn.sendRequest<WorkspaceEdit>("textDocument/rename", {
        ...pos(c, ml, mc),
        newName: "Cents",
      });
      expect(JSON.stringify(edit)).not.toContain("renamedFrom");
      // The notification was sent before the response.
      expect(messages).toEqual([
        {
          type: 2,
          message: expect.stringContaining("type orders.Money is in the released contract"),
        },
      ]);
    } finally {
      await c.close();
    }
  });
});
