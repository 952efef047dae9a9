/**
 * Where `renamedFrom` goes when a released field is renamed (lsp/released.ts), for each way a
 * field can be written: a type name, a flow mapping, a block mapping; and what counts as released.
 */
import { describe, expect, it } from "vitest";
import { loadYaml } from "../../compiler/load/yaml.js";
import { buildIndex } from "../../compiler/lsp/index.js";
import { rename, type Rename } from "../../compiler/lsp/navigate.js";
import { compileMemory, HEADER } from "../helpers.js";
import type { LockFile } from "../../compiler/diff/lock-file.js";
import { applyEdits } from "./client.js";

const FILE = "intent/shop.intent.yaml";
const TEXT = `${HEADER}types:
  Money: integer
entities:
  Order:
    fields:
      total: Money
      note: { type: string, maxLength: 10 }
      code:
        type: string
        maxLength: 4
      done: { renamedFrom: finished, type: boolean }
`;

const program = compileMemory({ [FILE]: TEXT }).program;
const lock = { program } as unknown as LockFile;

/** Rename the field declared on the line holding `marker` to `to`; the text after the edits. */
function renamed(marker: string, to: string, withLock = true): string {
  const index = buildIndex([loadYaml(FILE, TEXT)[0]]);
  const lines = TEXT.split("\n");
  const line = lines.findIndex((l) => l.includes(marker));
  const column = lines[line].search(/\S/) + 2;
  const r = rename(
    index,
    FILE,
    line + 1,
    column,
    to,
    (p) => p,
    withLock ? lock : undefined,
  ) as Rename;
  expect(typeof r).toBe("object");
  return applyEdits(TEXT, r.edit.changes?.[FILE] ?? []);
}

describe("lsp renamedFrom", () => {
  it("the example program compiles", () => expect(program).toBeDefined());

  it("turns a type name into a mapping", () => {
    expect(renamed("      total: Money", "amount")).toContain(
      "      amount: { type: Money, renamedFrom: total }\n",
    );
  });

  it("adds to a flow mapping", () => {
    expect(renamed("      note: {", "memo")).toContain(
      "      memo: { type: string, maxLength: 10, renamedFrom: note }\n",
    );
  });

  it("adds a line to a block mapping, at its indentation", () => {
    expect(renamed("      code:", "sku")).toContain(
      "      sku:\n        renamedFrom: code\n        type: string\n        maxLength: 4\n",
    );
  });

  it("keeps an existing renamedFrom (the released name), and adds none without a lock", () => {
    expect(renamed("      done:", "closed")).toContain(
      "      closed: { renamedFrom: finished, type: boolean }\n",
    );
    expect(renamed("      total: Money", "amount", false)).toContain("      amount: Money\n");
  });

  it("every result loads and binds", () => {
    for (const [m, to] of [
      ["      total: Money", "amount"],
      ["      note: {", "memo"],
      ["      code:", "sku"],
    ] as const) {
      const r = compileMemory({ [FILE]: renamed(m, to) });
      expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
      const fields = r.program?.domains[0].entities[0].fields ?? [];
      expect(fields.find((f) => f.name === to)?.renamedFrom).toBe(m.trim().split(":")[0]);
    }
  });
});
