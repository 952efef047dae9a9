/**
 * Document formatting as a client sees it: the server answers with the text `intentc fmt` would
 * write (one edit over the whole buffer), nothing for a formatted buffer, and nothing for a
 * buffer that does not load.
 */
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { TextEdit } from "vscode-languageserver";
import { exampleProject, startClient } from "./client.js";
import { formatIntent } from "../../compiler/fmt/format.js";

const ORDERS = "intent/orders.intent.yaml";

describe("lsp formatting", () => {
  it("formats the open buffer as intentc fmt does", async () => {
    const c = await startClient(exampleProject());
    try {
      const text = readFileSync(join(c.root, ORDERS), "utf8");
      const messy = text
        .replace("owners: [team-orders]", "owners: [ 'team-orders' ]")
        .replace("    key: id\n", "    key:    'id'\n");
      expect(messy).not.toBe(text);
      await c.open(ORDERS, messy);
      const request = () =>
        c.conn.sendRequest<TextEdit[]>("textDocument/formatting", {
          textDocument: { uri: c.uri(ORDERS) },
          options: { tabSize: 2, insertSpaces: true },
        });
      const edits = await request();
      const expected = formatIntent(ORDERS, messy);
      expect(expected.ok).toBe(true);
      const lines = messy.split("\n");
      expect(edits).toEqual([
        {
          range: {
            start: { line: 0, character: 0 },
            end: { line: lines.length - 1, character: lines[lines.length - 1].length },
          },
          newText: expected.ok ? expected.text : "",
        },
      ]);
      expect(edits[0].newText).toContain("owners: [team-orders]\n");
      expect(edits[0].newText).toContain("    key: id\n");

      // A formatted buffer needs no edit.
      await c.change(ORDERS, edits[0].newText);
      expect(await request()).toEqual([]);

      // A buffer that does not load is not formatted (its diagnostics say why).
      await c.change(ORDERS, `${messy}\n  broken: [\n`);
      expect(await request()).toEqual([]);
    } finally {
      await c.close();
    }
  });
});
