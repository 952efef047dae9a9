/**
 * The server never fails on what an editor sends mid-typing: every prefix of an intent file (at
 * a stride), with each request at the cut, gets answers; the server logs no error (the client
 * fails `close()` on any) and still checks the full text afterwards. A file outside `intent/`
 * is checked with its own folder.
 */
import { describe, expect, it } from "vitest";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { exampleProject, startClient } from "./client.js";

const ORDERS = "intent/orders.intent.yaml";

describe("lsp robustness", () => {
  it("answers every request on every prefix of a file being typed", async () => {
    const c = await startClient(exampleProject());
    try {
      const text = readFileSync(join(c.root, ORDERS), "utf8");
      await c.open(ORDERS, "");
      const doc = { textDocument: { uri: c.uri(ORDERS) } };
      for (let cut = 0; cut <= text.length; cut += 53) {
        const prefix = text.slice(0, cut);
        await c.change(ORDERS, prefix);
        const lines = prefix.split("\n");
        const position = { line: lines.length - 1, character: lines[lines.length - 1].length };
        const answers = await Promise.all([
          c.conn.sendRequest("textDocument/completion", { ...doc, position }),
          c.conn.sendRequest("textDocument/hover", { ...doc, position }),
          c.conn.sendRequest("textDocument/definition", { ...doc, position }),
          c.conn.sendRequest("textDocument/references", {
            ...doc,
            position,
            context: { includeDeclaration: true },
          }),
          c.conn.sendRequest("textDocument/documentSymbol", doc),
        ]);
        expect(Array.isArray(answers[0])).toBe(true);
        expect(Array.isArray(answers[4])).toBe(true);
      }
      const v = await c.change(ORDERS, text);
      expect(await c.diagnosticsOf(ORDERS, v)).toEqual([]);
    } finally {
      await c.close();
    }
  });

  it("checks a file outside intent/ with the other files of its folder", async () => {
    const root = mkdtempSync(join(tmpdir(), "intentc-lsp-"));
    mkdirSync(join(root, "specs"));
    const header = "intent: 1\nversion: 1.0.0\n";
    writeFileSync(
      join(root, "specs/a.intent.yaml"),
      `${header}domain: a\ntypes:\n  Id: { type: string }\n`,
    );
    const c = await startClient(root);
    try {
      const v = await c.open(
        "specs/b.intent.yaml",
        `${header}domain: b\nentities:\n  Thing:\n    fields: { id: a.Id, other: a.Nope }\n`,
      );
      const got = await c.diagnosticsOf("specs/b.intent.yaml", v);
      expect(got.map((d) => ({ code: d.code, range: d.range, message: d.message }))).toEqual([
        // `intentc check --dir specs`: specs/b.intent.yaml:6:32-6:38 IC2003 Unknown type 'a.Nope'.
        {
          code: "IC2003",
          range: { start: { line: 5, character: 31 }, end: { line: 5, character: 37 } },
          message: "Unknown type 'a.Nope'.",
        },
      ]);
    } finally {
      await c.close();
    }
  });
});
