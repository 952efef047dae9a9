/**
 * A field read as a member the index does not resolve (`i.qty` on what `map` returns) is not
 * renamed silently: the rename is refused with where the member is, and find references lists it.
 */
import { describe, expect, it } from "vitest";
import { loadYaml } from "../../compiler/load/yaml.js";
import { buildIndex } from "../../compiler/lsp/index.js";
import { references, rename, renameRange, type Rename } from "../../compiler/lsp/navigate.js";
import { compileMemory, HEADER } from "../helpers.js";

const FILE = "intent/shop.intent.yaml";
const TEXT = `${HEADER}types:
  Line:
    fields: { qty: integer }
entities:
  Order:
    fields:
      items: { type: array, items: Line, maxItems: 5 }
      status: Flow
events:
  go: {}
machines:
  Flow:
    entity: Order
    initial: a
    states:
      a: { on: { go: { to: b, guard: "items.map(i => i).every(i => i.qty > 0)" } } }
      b: { final: true }
`;

const index = () => buildIndex([loadYaml(FILE, TEXT)[0]]);
const at = (marker: string, on: string): [number, number] => {
  const lines = TEXT.split("\n");
  const line = lines.findIndex((l) => l.includes(marker));
  return [line + 1, lines[line].indexOf(on) + 2];
};

describe("lsp rename and unresolved members", () => {
  it("the example compiles", () => {
    expect(
      compileMemory({ [FILE]: TEXT }).diagnostics.filter((d) => d.severity === "error"),
    ).toEqual([]);
  });

  it("refuses to rename a field that an expression reads as an unresolved member", () => {
    const [l, c] = at("fields: { qty: integer }", "qty");
    const r = rename(index(), FILE, l, c, "count", (p) => p);
    expect(r).toBe(
      "'qty' is also read as a member (`.qty`) in an expression at intent/shop.intent.yaml:19:70 that rename cannot resolve; rename it by hand.",
    );
  });

  it("renames a field named directly, in the guard too", () => {
    const [l, c] = at("      items: {", "items");
    const r = rename(index(), FILE, l, c, "lines", (p) => p) as Rename;
    const edits = r.edit.changes?.[FILE] ?? [];
    expect(edits.map((e) => e.range.start.line + 1)).toEqual([10, 19]);
  });

  it("lists the members by name, and offers no rename on them", () => {
    const [l, c] = at('guard: "items.map', "i.qty");
    expect(references(index(), FILE, l, c + 2, true, (p) => p)).toHaveLength(1);
    expect(renameRange(index(), FILE, l, c + 2)).toBeUndefined();
  });

  it("renames a field of an array's items read in an arrow (items.every(i => i.qty > 0))", () => {
    const text = TEXT.replace("items.map(i => i).every(", "items.every(");
    const [l, c] = at("fields: { qty: integer }", "qty");
    const r = rename(buildIndex([loadYaml(FILE, text)[0]]), FILE, l, c, "count", (p) => p);
    const edits = (r as Rename).edit.changes?.[FILE] ?? [];
    const line = text.split("\n")[18];
    expect(edits.map((e) => [e.range.start.line + 1, e.range.start.character + 1])).toEqual([
      [l, c - 1],
      [19, line.indexOf("i.qty") + 3],
    ]);
  });
});
