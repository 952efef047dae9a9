/**
 * `set:` targets with a path (`accounts[event.from].balance`, `audit.moved`) in the symbol index:
 * the field a target updates first is a reference to that field, at the exact characters of its
 * name inside the key, so that find-references lists it and a rename replaces only the name.
 * Also: a map's `keys:` and `values:` types are references, and a rename edits names on every line
 * of a folded scalar at their exact places. (The names inside keys and after `.`: set-target-paths.)
 */
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { loadYaml } from "../../compiler/load/yaml.js";
import { buildIndex } from "../../compiler/lsp/index.js";
import { references, rename } from "../../compiler/lsp/navigate.js";

const FILE = "test/fixtures/explore/classic/accounts/intent/accounts.intent.yaml";

describe("lsp index: set targets with a path", () => {
  const text = readFileSync(FILE, "utf8");
  const [file] = loadYaml(FILE, text);
  const index = buildIndex([file]);
  const lines = text.split("\n");
  /** The references to a field of Ledger in `set:` keys, as [line, column, text under the loc]. */
  const inKeys = (field: string) =>
    index.occurrences
      .filter((o) => o.key === `accounts.Ledger:${field}` && !o.decl)
      // At the start of a key (after its indentation and a quote) and followed by a path.
      .filter((o) => {
        const l = lines[o.loc.line - 1];
        return (
          /^\s*"?$/.test(l.slice(0, o.loc.column - 1)) &&
          /^[[.][^:]*:/.test(l.slice(o.loc.endColumn - 1))
        );
      })
      .map((o) => [
        o.loc.line,
        o.loc.column,
        lines[o.loc.line - 1].slice(o.loc.column - 1, o.loc.endColumn - 1),
      ]);

  it("the map field of an entry's field, and a record field's field, are references at their names", () => {
    const line = (s: string) => lines.findIndex((l) => l.includes(s)) + 1;
    expect(inKeys("accounts")).toEqual([
      [line('"accounts[event.from].balance":'), 16, "accounts"],
      [line('"accounts[event.to].balance":'), 16, "accounts"],
      [line('"accounts[event.who].flags.frozen":'), 16, "accounts"],
    ]);
    expect(inKeys("audit")).toEqual([[line("audit.moved:"), 15, "audit"]]);
  });

  it("the types of a map (keys: Acct, values: Account) are references to them", () => {
    const line = lines.findIndex((l) => l.includes("accounts: { type: map")) + 1;
    const col = (s: string) => lines[line - 1].indexOf(s) + 1;
    const at = (name: string) =>
      references(index, FILE, line, col(name), false, (p) => p)
        .filter((l) => l.range.start.line === line - 1)
        .map((l) => [l.range.start.character + 1, l.range.end.character + 1]);
    expect(at("Acct")).toEqual([[col("Acct"), col("Acct") + 4]]);
    expect(at("Account")).toEqual([[col("Account"), col("Account") + 7]]);
  });

  it("renames a name on the second line of a folded (>-) guard at its exact place", () => {
    // The guard `>-` folds two lines into one expression: `accounts` on its second line is edited
    // there (expr/positions.ts maps offsets through the folding), never at a guessed place.
    const line = lines.findIndex((l) => l.includes("accounts: { type: map")) + 1;
    const guard = lines.findIndex((l) => l.includes("guard: >-")) + 1;
    const result = rename(index, FILE, line, 7, "ledger", (p) => p);
    if (typeof result === "string") throw new Error(result);
    const edits = result.edit.changes?.[FILE] ?? [];
    for (const e of edits) {
      expect(e.range.start.line).toBe(e.range.end.line);
      const l = lines[e.range.start.line];
      expect(l.slice(e.range.start.character, e.range.end.character)).toBe("accounts");
    }
    const edited = new Set(edits.map((e) => e.range.start.line + 1));
    expect(edited.has(guard + 1)).toBe(true);
    expect(edited.has(guard + 2)).toBe(true);
  });
});
