/**
 * `set:` targets with a path (`accounts[event.from].balance`, `audit.moved`) in the symbol index:
 * the field a target updates first is a reference to that field, at the exact characters of its
 * name inside the key, so that find-references lists it and a rename replaces only the name.
 */
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { loadYaml } from "../../compiler/load/yaml.js";
import { buildIndex } from "../../compiler/lsp/index.js";

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
          /^\s*"?$/.test(l.slice(0, o.loc.column - 1)) && /^[[.]/.test(l.slice(o.loc.endColumn - 1))
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
});
