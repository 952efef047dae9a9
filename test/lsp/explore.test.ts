/**
 * Explore on save: saving a file explores its domain's machines and publishes the findings as
 * `intentc check` (with exploring) reports them; the next edit drops them until the next save.
 */
import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { exampleProject, REPO, startClient } from "./client.js";

const ORDERS = "intent/orders.intent.yaml";

describe("lsp explore on save", () => {
  it("publishes the exploration's findings on save and drops them on the next edit", async () => {
    const c = await startClient(exampleProject());
    try {
      const text = readFileSync(join(c.root, ORDERS), "utf8").replace(
        'holds: "paid <= total"',
        'holds: "paid < total"',
      );
      writeFileSync(join(c.root, ORDERS), text);
      const cli = JSON.parse(
        spawnSync(process.execPath, [join(REPO, "bin/intentc.js"), "check", "--format", "json"], {
          cwd: c.root,
          encoding: "utf8",
        }).stdout,
      ) as {
        diagnostics: {
          code: string;
          message: string;
          hint?: string;
          line: number;
          column: number;
          endLine: number;
          endColumn: number;
        }[];
      };
      expect(cli.diagnostics.map((d) => d.code)).toEqual(["IC8001"]);

      const v = await c.open(ORDERS, text);
      expect(await c.diagnosticsOf(ORDERS, v)).toEqual([]); // the front end finds nothing
      const explored = c.nextDiagnostics(c.uri(ORDERS), (d) => d.length > 0);
      await c.save(ORDERS);
      const got = await explored;
      expect(got.map((d) => ({ code: d.code, message: d.message, range: d.range }))).toEqual(
        cli.diagnostics.map((d) => ({
          code: d.code,
          message: d.hint === undefined ? d.message : `${d.message}\n${d.hint}`,
          range: {
            start: { line: d.line - 1, character: d.column - 1 },
            end: { line: d.endLine - 1, character: d.endColumn - 1 },
          },
        })),
      );

      const edited = await c.change(ORDERS, `${text}\n`);
      expect(await c.diagnosticsOf(ORDERS, edited)).toEqual([]);
    } finally {
      await c.close();
    }
  });
});
