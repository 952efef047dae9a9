/**
 * A flow's expressions as a client sees them (the example's checkout flow): its participants
 * (`order`) are declarations with references and rename, `order.paid` and `payment.captured` in
 * holders and invariants are the entities' fields, `'paid'` compared with `order.status` is a
 * state of OrderLifecycle, and in a step's `with:` the value's `event.amount` is the trigger's
 * field while the key is the triggered event's. Expected locations are computed from the text.
 */
import { describe, expect, it } from "vitest";
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Location, TextEdit, WorkspaceEdit } from "vscode-languageserver";
import { applyEdits, exampleProject, REPO, startClient, type Client } from "./client.js";

const ORDERS = "intent/orders.intent.yaml";
const PAYMENTS = "intent/payments.intent.yaml";
const STEP = '{ on: payments.capture, then: orders.pay, with: { amount: "event.amount" } }';

const pos = (c: Client, rel: string, line: number, character: number) => ({
  textDocument: { uri: c.uri(rel) },
  position: { line, character },
});
const loc = (
  c: Client,
  rel: string,
  line: number,
  character: number,
  length: number,
): Location => ({
  uri: c.uri(rel),
  range: { start: { line, character }, end: { line, character: character + length } },
});

/** The 0-based line of the first line holding `marker` (after line `from`), and the column of `on` in it (+offset). */
function at(text: string, marker: string, on: string, offset = 0, from = -1): [number, number] {
  const lines = text.split("\n");
  const line = lines.findIndex((l, i) => i > from && l.includes(marker));
  expect(line, marker).toBeGreaterThanOrEqual(0);
  return [line, lines[line].indexOf(on) + offset];
}

/** Matches of `re` on the lines of the checkout flow (from `flows:` to `slices:`), as locations. */
function inFlow(c: Client, text: string, re: RegExp): Location[] {
  const lines = text.split("\n");
  const first = lines.indexOf("flows:");
  const last = lines.indexOf("slices:");
  const out: Location[] = [];
  for (let i = first; i < last; i++)
    for (const m of lines[i].matchAll(re))
      out.push(loc(c, ORDERS, i, m.index as number, m[0].length));
  return out;
}

const ranges = (c: Client, rel: string, edits: readonly TextEdit[] | undefined) =>
  (edits ?? []).map((e) => ({ uri: c.uri(rel), range: e.range }));

describe("lsp flow expressions", () => {
  it("goes from a participant's name, its fields and compared states to their declarations", async () => {
    const c = await startClient(exampleProject());
    try {
      const text = readFileSync(join(c.root, ORDERS), "utf8");
      const payments = readFileSync(join(c.root, PAYMENTS), "utf8");
      await c.open(ORDERS, text);
      const [pl, pc] = at(text, "      order: OrderLifecycle", "order");
      const participant = loc(c, ORDERS, pl, pc, 5);
      const [hl, hc] = at(text, '"order.total - order.paid"', "order.paid", 1);
      expect(await c.conn.sendRequest("textDocument/definition", pos(c, ORDERS, hl, hc))).toEqual(
        participant,
      );
      const [fl, fc] = at(text, '"order.total - order.paid"', "order.paid", 7);
      const [dl, dc] = at(text, "      paid: Money", "paid");
      expect(await c.conn.sendRequest("textDocument/definition", pos(c, ORDERS, fl, fc))).toEqual(
        loc(c, ORDERS, dl, dc, 4),
      );
      // `payment.captured` is payments.Payment's field (not the state `captured`).
      const [cl, cc] = at(text, '"payment.captured"', "captured", 1);
      const [xl, xc] = at(payments, "      captured: orders.Money", "captured");
      expect(await c.conn.sendRequest("textDocument/definition", pos(c, ORDERS, cl, cc))).toEqual(
        loc(c, PAYMENTS, xl, xc, 8),
      );
      // 'paid' compared with order.status is OrderLifecycle's state; 'pending' with payment.status PaymentLifecycle's.
      const [sl, sc] = at(text, "when: \"order.status == 'paid'", "'paid'", 2);
      const [ml] = at(text, "  OrderLifecycle:", "O");
      const [tl, tc] = at(text, "      paid:", "paid", 0, ml);
      expect(await c.conn.sendRequest("textDocument/definition", pos(c, ORDERS, sl, sc))).toEqual(
        loc(c, ORDERS, tl, tc, 4),
      );
      const [nl, nc] = at(text, "payment.status != 'pending'", "'pending'", 2);
      const [ql, qc] = at(payments, "      pending:", "pending");
      expect(await c.conn.sendRequest("textDocument/definition", pos(c, ORDERS, nl, nc))).toEqual(
        loc(c, PAYMENTS, ql, qc, 7),
      );
      // Hover on a participant names its machine.
      const hover = await c.conn.sendRequest<{ contents: { value: string } }>(
        "textDocument/hover",
        pos(c, ORDERS, hl, hc),
      );
      expect(hover.contents.value).toBe(
        "**participant orders.checkout.order**\n\nmachine `OrderLifecycle`",
      );
      // And on a participant's field, the field.
      const field = await c.conn.sendRequest<{ contents: { value: string } }>(
        "textDocument/hover",
        pos(c, ORDERS, fl, fc),
      );
      expect(field.contents.value).toBe("**field orders.Order.paid**\n\n`Money`");
    } finally {
      await c.close();
    }
  });

  it("finds and renames a participant within its flow; the result checks clean", async () => {
    const c = await startClient(exampleProject());
    try {
      const text = readFileSync(join(c.root, ORDERS), "utf8");
      await c.open(ORDERS, text);
      const want = inFlow(c, text, /(?<![\w.])order(?=[.:])/g);
      // Its declaration, two in the holder, two in CHK-1's when, one in its holds, one in CHK-2.
      expect(want.length).toBe(7);
      const [hl, hc] = at(text, '"order.total - order.paid"', "order", 1);
      const refs = await c.conn.sendRequest<Location[]>("textDocument/references", {
        ...pos(c, ORDERS, hl, hc),
        context: { includeDeclaration: true },
      });
      expect(refs).toEqual(want);
      const edit = await c.conn.sendRequest<WorkspaceEdit>("textDocument/rename", {
        ...pos(c, ORDERS, hl, hc),
        newName: "purchase",
      });
      expect(Object.keys(edit.changes ?? {})).toEqual([c.uri(ORDERS)]);
      expect(ranges(c, ORDERS, edit.changes?.[c.uri(ORDERS)])).toEqual(want);
      const renamed = applyEdits(text, edit.changes?.[c.uri(ORDERS)] ?? []);
      expect(renamed).toContain('- "purchase.total - purchase.paid"');
      const v = await c.change(ORDERS, renamed);
      expect(await c.diagnosticsOf(ORDERS, v)).toEqual([]);
      await expect(
        c.conn.sendRequest("textDocument/rename", {
          ...pos(c, ORDERS, hl, hc),
          newName: "payment",
        }),
      ).rejects.toThrow(/orders.checkout already declares 'payment'/);
    } finally {
      await c.close();
    }
  });

  it("renames a field used in a holder and one used in a `with:` mapping; the project checks clean", async () => {
    const c = await startClient(exampleProject());
    try {
      const text = readFileSync(join(c.root, ORDERS), "utf8");
      const payments = readFileSync(join(c.root, PAYMENTS), "utf8");
      await c.open(ORDERS, text);
      await c.open(PAYMENTS, payments);
      // payments.Payment.captured, from the holder `payment.captured`: the holder and CHK-1 in orders.
      const [hl, hc] = at(text, '- "payment.captured"', "captured", 1);
      const first = await c.conn.sendRequest<WorkspaceEdit>("textDocument/rename", {
        ...pos(c, ORDERS, hl, hc),
        newName: "taken",
      });
      expect(ranges(c, ORDERS, first.changes?.[c.uri(ORDERS)])).toEqual(
        inFlow(c, text, /(?<=payment\.)captured\b/g),
      );
      expect(ranges(c, ORDERS, first.changes?.[c.uri(ORDERS)])).toHaveLength(2);
      const orders1 = applyEdits(text, first.changes?.[c.uri(ORDERS)] ?? []);
      const payments1 = applyEdits(payments, first.changes?.[c.uri(PAYMENTS)] ?? []);
      expect(payments1).toContain("      taken: orders.Money");
      expect(payments1).toContain("capture: { to: captured,"); // the state keeps its name
      await c.change(PAYMENTS, payments1);
      await c.change(ORDERS, orders1);

      // payments.capture.amount, from the mapping's value `event.amount`: only that value in orders
      // (the key `amount` is orders.pay's field, which keeps its name).
      const [vl, vc] = at(orders1, STEP, "event.amount", 7);
      const second = await c.conn.sendRequest<WorkspaceEdit>("textDocument/rename", {
        ...pos(c, ORDERS, vl, vc),
        newName: "sum",
      });
      const [wl, wc] = at(orders1, STEP, "event.amount", 6);
      expect(ranges(c, ORDERS, second.changes?.[c.uri(ORDERS)])).toEqual([
        loc(c, ORDERS, wl, wc, 6),
      ]);
      const orders2 = applyEdits(orders1, second.changes?.[c.uri(ORDERS)] ?? []);
      const payments2 = applyEdits(payments1, second.changes?.[c.uri(PAYMENTS)] ?? []);
      expect(orders2).toContain(
        '{ on: payments.capture, then: orders.pay, with: { amount: "event.sum" } }',
      );
      expect(payments2).toContain("    fields: { sum: orders.Amount }");

      // And orders.pay.amount from the mapping's key: the key follows.
      const [kl, kc] = at(orders2, "with: { amount:", "amount");
      const third = await c.conn.sendRequest<WorkspaceEdit>("textDocument/rename", {
        ...pos(c, ORDERS, kl, kc + 1),
        newName: "cents",
      });
      const orders3 = applyEdits(orders2, third.changes?.[c.uri(ORDERS)] ?? []);
      expect(orders3).toContain('with: { cents: "event.sum" }');
      expect(Object.keys(third.changes ?? {})).toEqual([c.uri(ORDERS)]);

      const vp = await c.change(PAYMENTS, payments2);
      const vo = await c.change(ORDERS, orders3);
      expect(await c.diagnosticsOf(PAYMENTS, vp)).toEqual([]);
      expect(await c.diagnosticsOf(ORDERS, vo)).toEqual([]);
    } finally {
      await c.close();
    }
  });

  it("follows participants with instances, array callbacks, `channel` and `to:` (the bank fixture)", async () => {
    const root = mkdtempSync(join(tmpdir(), "intentc-lsp-"));
    cpSync(join(REPO, "test/fixtures/explore/system-bank-async/intent"), join(root, "intent"), {
      recursive: true,
    });
    const BANK = "intent/bank.intent.yaml";
    // One more invariant reading one instance by index, and all through an array helper.
    const text = `${readFileSync(join(root, BANK), "utf8").trimEnd()}\n      BANK-3:\n        says: The first account is never overdrawn\n        holds: "account[0].balance >= 0 && account.every((a) => a.balance <= 6)"\n`;
    writeFileSync(join(root, BANK), text);
    const c = await startClient(root);
    try {
      await c.open(BANK, text);
      const lines = text.split("\n");
      const all = (re: RegExp, keep: (l: string) => boolean = () => true) =>
        lines.flatMap((l, i) =>
          keep(l)
            ? [...l.matchAll(re)].map((m) => loc(c, BANK, i, m.index as number, m[0].length))
            : [],
        );
      const refsAt = (marker: string, on: string, offset: number) => {
        const [l, ch] = at(text, marker, on, offset);
        return c.conn.sendRequest<Location[]>("textDocument/references", {
          ...pos(c, BANK, l, ch),
          context: { includeDeclaration: true },
        });
      };
      // Account.balance: its declaration, the machine's uses, and `a.balance` in the holder and
      // invariants (reduce's second parameter, the quantifiers' and every's first) and `account[0].balance`.
      const balance = all(/\bbalance\b/g);
      expect(balance.length).toBe(14);
      expect(await refsAt('"account[0].balance >= 0', "balance", 1)).toEqual(balance);
      expect(await refsAt('"every(account, (a) => a.balance < 6)', "a.balance", 3)).toEqual(
        balance,
      );
      expect(await refsAt("account.every((a) => a.balance <= 6)", "a.balance", 3)).toEqual(balance);
      // deposit.amount: its declaration, `event.amount` in deposit's transition, the key of the
      // step's `with:` and `m.amount` of the queued payloads (`channel`).
      const deposit = all(
        /(?<=deposit: \{ fields: \{ )amount|(?<=deposit: .*event\.)amount|(?<=with: \{ )amount|(?<=m\.)amount/g,
      );
      expect(deposit.length).toBe(6);
      expect(
        await refsAt('- "channel.reduce((sum, m) => sum + m.amount, 0)"', "m.amount", 3),
      ).toEqual(deposit);
      // withdraw.to: its declaration and `event.to` in the step's `to:`.
      const to = all(/(?<=amount: Amount, )to|(?<=to: "event\.)to/g);
      expect(to.length).toBe(2);
      expect(await refsAt('to: "event.to"', "event.to", 7)).toEqual(to);
      // The participant: its declaration and every `account`.
      const account = all(/\baccount(?=[:.[,])/g, (l) => !/says:/.test(l));
      expect(account.length).toBe(7);
      expect(await refsAt('"account[0].balance >= 0', "account", 1)).toEqual(account);

      // Renaming the field and the queued event's field keeps the project checking clean.
      const [bl, bc] = at(text, '"account[0].balance >= 0', "balance", 1);
      const first = await c.conn.sendRequest<WorkspaceEdit>("textDocument/rename", {
        ...pos(c, BANK, bl, bc),
        newName: "funds",
      });
      expect(ranges(c, BANK, first.changes?.[c.uri(BANK)])).toEqual(balance);
      const once = applyEdits(text, first.changes?.[c.uri(BANK)] ?? []);
      await c.change(BANK, once);
      const [ml, mc] = at(once, '- "channel.reduce((sum, m) => sum + m.amount, 0)"', "m.amount", 3);
      const second = await c.conn.sendRequest<WorkspaceEdit>("textDocument/rename", {
        ...pos(c, BANK, ml, mc),
        newName: "cents",
      });
      const twice = applyEdits(once, second.changes?.[c.uri(BANK)] ?? []);
      expect(twice).toContain('with: { cents: "event.amount" }');
      const v = await c.change(BANK, twice);
      expect(await c.diagnosticsOf(BANK, v)).toEqual([]);
    } finally {
      await c.close();
    }
  });
});
