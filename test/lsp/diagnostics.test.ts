/**
 * The server's diagnostics, as a client sees them: the same codes, positions, messages and hints
 * as `intentc check --no-explore` on the same text, across files, as the buffers change.
 */
import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Diagnostic } from "vscode-languageserver";
import { exampleProject, REPO, startClient } from "./client.js";

const ORDERS = "intent/orders.intent.yaml";
const INVENTORY = "intent/inventory.intent.yaml";

interface CliDiagnostic {
  code: string;
  message: string;
  hint?: string;
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** What `intentc check --no-explore --format json` reports in `root`, in the client's terms. */
function cliDiagnostics(
  root: string,
): Map<string, Pick<Diagnostic, "range" | "code" | "message">[]> {
  const r = spawnSync(
    process.execPath,
    [join(REPO, "bin/intentc.js"), "check", "--no-explore", "--format", "json"],
    { cwd: root, encoding: "utf8" },
  );
  const out = new Map<string, Pick<Diagnostic, "range" | "code" | "message">[]>();
  for (const d of (JSON.parse(r.stdout) as { diagnostics: CliDiagnostic[] }).diagnostics) {
    const list = out.get(d.file) ?? [];
    list.push({
      range: {
        start: { line: d.line - 1, character: d.column - 1 },
        end: { line: d.endLine - 1, character: d.endColumn - 1 },
      },
      code: d.code,
      message: d.hint === undefined ? d.message : `${d.message}\n${d.hint}`,
    });
    out.set(d.file, list);
  }
  return out;
}

const brief = (ds: readonly Diagnostic[]) =>
  ds.map((d) => ({ range: d.range, code: d.code, message: d.message }));

describe("lsp diagnostics", () => {
  it("publishes nothing for the example, then the CLI's exact diagnostics for a typo, then clears them", async () => {
    const root = exampleProject();
    const c = await startClient(root);
    try {
      const text = readFileSync(join(root, ORDERS), "utf8");
      await c.open(ORDERS, text);
      expect(await c.nextDiagnostics(c.uri(ORDERS))).toEqual([]);

      const typo = text.replace(
        "items: { type: array, items: LineItem",
        "items: { type: array, items: LineItm",
      );
      const published = c.nextDiagnostics(c.uri(ORDERS), (d) => d.length > 0);
      await c.change(ORDERS, typo);
      const got = await published;
      // The same text on disk, checked by the CLI.
      writeFileSync(join(root, ORDERS), typo);
      const want = cliDiagnostics(root).get(ORDERS);
      expect(want).toEqual([
        {
          range: { start: { line: 26, character: 35 }, end: { line: 26, character: 42 } },
          code: "IC2003",
          message: "Unknown type 'LineItm'.\nDid you mean 'LineItem'?",
        },
      ]);
      expect(brief(got)).toEqual(want);
      expect(got[0].severity).toBe(1);
      expect(got[0].source).toBe("intentc");

      const v = await c.change(ORDERS, text);
      expect(await c.diagnosticsOf(ORDERS, v)).toEqual([]);
    } finally {
      await c.close();
    }
  });

  it("reports expression type errors like the CLI", async () => {
    const root = exampleProject();
    const c = await startClient(root);
    try {
      const text = readFileSync(join(root, ORDERS), "utf8").replace(
        'holds: "paid <= total"',
        'holds: "paid <= cancelReason"',
      );
      const published = c.nextDiagnostics(c.uri(ORDERS), (d) => d.length > 0);
      await c.open(ORDERS, text);
      const got = await published;
      writeFileSync(join(root, ORDERS), text);
      const want = cliDiagnostics(root).get(ORDERS) ?? [];
      expect(want.length).toBeGreaterThan(0);
      expect(brief(got)).toEqual(want);
    } finally {
      await c.close();
    }
  });

  it("enforces versions against the released lock like the CLI", async () => {
    const c = await startClient(exampleProject(true));
    try {
      const text = readFileSync(join(c.root, ORDERS), "utf8").replace(
        "      total: Money\n",
        "      total: Amount\n",
      );
      const v = await c.open(ORDERS, text);
      const got = await c.diagnosticsOf(ORDERS, v);
      writeFileSync(join(c.root, ORDERS), text);
      const want = cliDiagnostics(c.root).get(ORDERS);
      expect(want?.map((d) => d.code)).toEqual(["IC6002"]);
      expect(brief(got)).toEqual(want);
    } finally {
      await c.close();
    }
  });

  it("an edit in one file reports the errors it causes in another, and fixing it clears them", async () => {
    const root = exampleProject();
    const c = await startClient(root);
    try {
      const text = readFileSync(join(root, ORDERS), "utf8");
      await c.open(ORDERS, text);
      await c.nextDiagnostics(c.uri(ORDERS));
      const broken = text.replace("  Sku: { type: string", "  StockUnit: { type: string");
      const inInventory = c.nextDiagnostics(c.uri(INVENTORY), (d) => d.length > 0);
      const inOrders = c.nextDiagnostics(c.uri(ORDERS), (d) => d.length > 0);
      await c.change(ORDERS, broken);
      const [got, own] = await Promise.all([inInventory, inOrders]);
      writeFileSync(join(root, ORDERS), broken);
      const cli = cliDiagnostics(root);
      expect(brief(got)).toEqual(cli.get(INVENTORY));
      expect(got.map((d) => d.code)).toEqual(["IC2003", "IC2003", "IC2003"]);
      expect(brief(own)).toEqual(cli.get(ORDERS));

      // Fixed in the buffer (the disk still holds the broken text): both files clear.
      // (A quick check may re-publish the other file's last diagnostics before the full check.)
      const inventoryCleared = c.nextDiagnostics(c.uri(INVENTORY), (d) => d.length === 0);
      const v = await c.change(ORDERS, text);
      expect(await inventoryCleared).toEqual([]);
      expect(await c.diagnosticsOf(ORDERS, v)).toEqual([]);
    } finally {
      await c.close();
    }
  });

  it("survives text that is not YAML and checks an unsaved new file", async () => {
    const root = exampleProject();
    const c = await startClient(root);
    try {
      const bad = c.nextDiagnostics(c.uri(ORDERS), (d) => d.length > 0);
      await c.open(ORDERS, "domain: [orders\n  ::: {\n\t\u0000");
      const got = await bad;
      expect(
        got.every((d) => typeof d.code === "string" && /^IC\d{4}$/.test(d.code as string)),
      ).toBe(true);

      const fresh = "intent/notes.intent.yaml";
      const newFile = c.nextDiagnostics(c.uri(fresh), (d) => d.length > 0);
      await c.change(ORDERS, readFileSync(join(root, ORDERS), "utf8"));
      await c.open(
        fresh,
        "intent: 1\ndomain: notes\nversion: 1.0.0\nentities:\n  Note:\n    fields: { body: Text }\n",
      );
      const diags = await newFile;
      expect(brief(diags)).toEqual([
        {
          range: { start: { line: 5, character: 20 }, end: { line: 5, character: 24 } },
          code: "IC2003",
          message: "Unknown type 'Text'.",
        },
      ]);
    } finally {
      await c.close();
    }
  });
});
