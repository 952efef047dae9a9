/**
 * Go to definition, find references and rename across files and domains, as a client sees them;
 * the oracle for references is a plain text search of the example (every occurrence of the name
 * is a use of the declaration), and a rename must leave the intent checking clean.
 */
import { describe, expect, it } from "vitest";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import type { Location, TextEdit, WorkspaceEdit } from "vscode-languageserver";
import { applyEdits, exampleProject, startClient, type Client } from "./client.js";

const ORDERS = "intent/orders.intent.yaml";

/**
 * Every match of `re` in the project's intent files outside prose (`says:` lines), as LSP
 * locations sorted by file and position.
 */
function textSearch(c: Client, re: RegExp): Location[] {
  const out: Location[] = [];
  for (const name of readdirSync(join(c.root, "intent")).sort()) {
    readFileSync(join(c.root, "intent", name), "utf8")
      .split("\n")
      .forEach((line, i) => {
        if (/^\s*says:/.test(line)) return;
        for (const m of line.matchAll(re))
          out.push({
            uri: c.uri(`intent/${name}`),
            range: {
              start: { line: i, character: m.index as number },
              end: { line: i, character: (m.index as number) + m[0].length },
            },
          });
      });
  }
  return out;
}

const pos = (c: Client, rel: string, line: number, character: number) => ({
  textDocument: { uri: c.uri(rel) },
  position: { line, character },
});

describe("lsp navigation", () => {
  it("goes to the definition of a name in another domain", async () => {
    const c = await startClient(exampleProject());
    try {
      await c.open(
        "intent/inventory.intent.yaml",
        readFileSync(join(c.root, "intent/inventory.intent.yaml"), "utf8"),
      );
      // `      sku: orders.Sku` (line 17): the cursor on `Sku`.
      const def = await c.conn.sendRequest(
        "textDocument/definition",
        pos(c, "intent/inventory.intent.yaml", 16, 19),
      );
      expect(def).toEqual({
        uri: c.uri(ORDERS),
        range: { start: { line: 12, character: 2 }, end: { line: 12, character: 5 } },
      });
      // A machine's state: `to: submitted` goes to the state's key.
      const state = await c.conn.sendRequest("textDocument/definition", pos(c, ORDERS, 52, 26));
      expect(state).toEqual({
        uri: c.uri(ORDERS),
        range: { start: { line: 54, character: 6 }, end: { line: 54, character: 15 } },
      });
      // Nothing to go to on a key that names no declaration.
      expect(await c.conn.sendRequest("textDocument/definition", pos(c, ORDERS, 22, 5))).toBeNull();
    } finally {
      await c.close();
    }
  });

  it("finds every reference of a type across domains", async () => {
    const c = await startClient(exampleProject());
    try {
      const refs = await c.conn.sendRequest<Location[]>("textDocument/references", {
        ...pos(c, ORDERS, 11, 4),
        context: { includeDeclaration: true },
      });
      const want = textSearch(c, /\bOrderId\b/g);
      expect(want.length).toBe(9);
      expect(refs).toEqual(want);
      const noDecl = await c.conn.sendRequest<Location[]>("textDocument/references", {
        ...pos(c, ORDERS, 11, 4),
        context: { includeDeclaration: false },
      });
      expect(noDecl).toEqual(
        want.filter((l) => !(l.uri === c.uri(ORDERS) && l.range.start.line === 11)),
      );
    } finally {
      await c.close();
    }
  });

  it("finds an event's transitions and flow steps, not an API operation of the same name", async () => {
    const c = await startClient(exampleProject());
    try {
      const refs = await c.conn.sendRequest<Location[]>("textDocument/references", {
        ...pos(c, ORDERS, 34, 3),
        context: { includeDeclaration: true },
      });
      // `pay` at lines 35 (event), 58 (transition), 118 (flow step); line 105 is an operation.
      const want = textSearch(c, /\bpay\b/g).filter((l) => l.range.start.line !== 104);
      expect(want.map((l) => l.range.start.line)).toEqual([34, 57, 117]);
      expect(refs).toEqual(want);
    } finally {
      await c.close();
    }
  });

  it("renames a type across domains, and the result checks clean", async () => {
    const c = await startClient(exampleProject());
    try {
      const edit = await c.conn.sendRequest<WorkspaceEdit>("textDocument/rename", {
        ...pos(c, ORDERS, 9, 3),
        newName: "Cents",
      });
      const changes = edit.changes ?? {};
      const want = textSearch(c, /\bMoney\b/g);
      expect(want.length).toBe(7);
      expect(
        Object.entries(changes).flatMap(([uri, es]) => es.map((e) => ({ uri, range: e.range }))),
      ).toEqual(want);
      for (const es of Object.values(changes)) for (const e of es) expect(e.newText).toBe("Cents");
      // Apply the edits as buffers: every file checks clean.
      const rels = Object.keys(changes).map(
        (uri) => `intent/${uri.slice(uri.lastIndexOf("/") + 1)}`,
      );
      expect(rels).toEqual([ORDERS, "intent/payments.intent.yaml"]);
      // Both buffers open before either check runs would be racy: open with a deliberate error
      // first, then fix both, and wait for the publications of the fixed versions.
      for (const rel of rels) await c.open(rel, "intent: 1\n");
      const published = rels.map((rel) => c.diagnosticsOf(rel, 2));
      for (const [i, rel] of rels.entries())
        await c.change(
          rel,
          applyEdits(readFileSync(join(c.root, rel), "utf8"), changes[Object.keys(changes)[i]]),
        );
      for (const d of await Promise.all(published)) expect(d).toEqual([]);
    } finally {
      await c.close();
    }
  });

  it("renames a state: its key, transitions into it and its literals in expressions", async () => {
    const c = await startClient(exampleProject());
    try {
      const prepared = await c.conn.sendRequest(
        "textDocument/prepareRename",
        pos(c, ORDERS, 54, 8),
      );
      expect(prepared).toEqual({
        start: { line: 54, character: 6 },
        end: { line: 54, character: 15 },
      });
      const edit = await c.conn.sendRequest<WorkspaceEdit>("textDocument/rename", {
        ...pos(c, ORDERS, 54, 8),
        newName: "awaitingPayment",
      });
      const edits = edit.changes?.[c.uri(ORDERS)] ?? [];
      expect(Object.keys(edit.changes ?? {})).toEqual([c.uri(ORDERS)]);
      expect(edits.map((e) => e.range)).toEqual(
        textSearch(c, /\bsubmitted\b/g).map((l) => l.range),
      );
      const text = applyEdits(readFileSync(join(c.root, ORDERS), "utf8"), edits);
      const published = c.diagnosticsOf(ORDERS, 1);
      await c.open(ORDERS, text);
      expect(await published).toEqual([]);
      // An invalid or clashing name is refused.
      await expect(
        c.conn.sendRequest("textDocument/rename", {
          ...pos(c, ORDERS, 9, 3),
          newName: "two words",
        }),
      ).rejects.toThrow(/not a valid type name/);
      await expect(
        c.conn.sendRequest("textDocument/rename", { ...pos(c, ORDERS, 9, 3), newName: "Amount" }),
      ).rejects.toThrow(/already declares 'Amount'/);
    } finally {
      await c.close();
    }
  });
});
