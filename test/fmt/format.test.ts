/**
 * The formatter (fmt/format.ts): it never changes what a file loads to, it is idempotent, it keeps
 * comments, and it applies its indentation and quoting rules. The corpus is every intent file of
 * the repository (the example, examples/, every fixture) that loads without errors.
 */
import { describe, expect, it } from "vitest";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { formatIntent, isExpression } from "../../compiler/fmt/format.js";
import { loadYaml } from "../../compiler/load/yaml.js";
import { hasErrors } from "../../compiler/diagnostic.js";
import { HEADER } from "../helpers.js";

const REPO = join(import.meta.dirname, "../..");

function intentFiles(dir: string, out: string[] = []): string[] {
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch {
    return out;
  }
  for (const name of names) {
    const p = join(dir, name);
    if (name === "node_modules") continue;
    if (statSync(p).isDirectory()) intentFiles(p, out);
    else if (name.endsWith(".intent.yaml")) out.push(relative(REPO, p));
  }
  return out;
}

const CORPUS = ["intent", "examples", "test/fixtures"].flatMap((d) => intentFiles(join(REPO, d)));

/** The text of every `#` comment of a YAML text, in order (a plain line scan; no `#` in strings). */
const commentsOf = (text: string) =>
  text
    .split("\n")
    .map((l) => /(?:^|\s)(#.*)$/.exec(l)?.[1]?.trimEnd())
    .filter((c) => c !== undefined);

const format = (text: string) => {
  const r = formatIntent("intent/shop.intent.yaml", text);
  if (!r.ok) throw new Error(`refused: ${r.reason ?? r.diagnostics.map((d) => d.code).join(", ")}`);
  return r.text;
};

describe("intentc fmt: the formatter", () => {
  it("keeps the values of every loadable intent file of the repository, and is idempotent", () => {
    let loadable = 0;
    let changed = 0;
    for (const file of CORPUS) {
      const text = readFileSync(join(REPO, file), "utf8");
      const [before, diags] = loadYaml(file, text);
      const r = formatIntent(file, text);
      if (hasErrors(diags)) {
        // A file that does not load is refused with exactly its load diagnostics.
        expect(r, file).toEqual({ ok: false, diagnostics: diags });
        continue;
      }
      loadable++;
      expect(r.ok, file).toBe(true);
      if (!r.ok) continue;
      if (r.changed) changed++;
      const [after, again] = loadYaml(file, r.text);
      expect(again, file).toEqual([]);
      expect(after.value, file).toEqual(before.value);
      const twice = formatIntent(file, r.text);
      expect(twice, file).toEqual({ ok: true, text: r.text, changed: false });
    }
    // The corpus is real: most of the fixtures load, and some are not formatted as written.
    expect(loadable).toBeGreaterThan(100);
    expect(changed).toBeGreaterThan(0);
  });

  it("keeps every comment of the example and the fixtures, in order", () => {
    let withComments = 0;
    for (const file of CORPUS) {
      const text = readFileSync(join(REPO, file), "utf8");
      const r = formatIntent(file, text);
      if (!r.ok) continue;
      if (commentsOf(text).length > 0) withComments++;
      expect(commentsOf(r.text), file).toEqual(commentsOf(text));
    }
    expect(withComments).toBeGreaterThan(0);
  });

  it("normalises indentation to two spaces and keeps key order, blank lines and comments", () => {
    const text = `${HEADER}# the shop's types
types:
    # money first
    Money:   { type: integer,   minimum: 0 }   # cents

    Sku:
        type: string
        pattern: '^[A-Z]{3}$'
entities:
    Order:
        fields:
            - not: a mapping
`;
    expect(format(text)).toBe(`${HEADER}# the shop's types
types:
  # money first
  Money: { type: integer, minimum: 0 } # cents

  Sku:
    type: string
    pattern: ^[A-Z]{3}$
entities:
  Order:
    fields:
      - not: a mapping
`);
  });

  it("writes strings plain where YAML reads them back as the same string, double-quoted otherwise (single-quoted when only that avoids escapes)", () => {
    const text = `${HEADER}summary: 'Orders'
owners: [ "team-a", 'team b' ]
types:
  A: { type: string, description: "true" }
  B: { type: string, description: '1.0' }
  C: { type: string, description: "a: b" }
  D: { type: string, description: 'it''s "quoted"' }
  E: { type: string, description: "null" }
  F: { type: string, description: "- dash" }
  G: { type: string, description: "two\\nlines" }
  H: { type: string, pattern: "^[a-z]{2}$" }
  I: { type: string, description: "\\"hi\\" she said" }
`;
    expect(format(text)).toBe(`${HEADER}summary: Orders
owners: [team-a, team b]
types:
  A: { type: string, description: "true" }
  B: { type: string, description: "1.0" }
  C: { type: string, description: "a: b" }
  D: { type: string, description: it's "quoted" }
  E: { type: string, description: "null" }
  F: { type: string, description: "- dash" }
  G: { type: string, description: "two\\nlines" }
  H: { type: string, pattern: "^[a-z]{2}$" }
  I: { type: string, description: '"hi" she said' }
`);
  });

  it("leaves the quotes of expressions as written, and block scalars as block scalars", () => {
    const text = `${HEADER}machines:
  M:
    entity: E
    initial: a
    init: { n: '0', s: "'x'" }
    states:
      a:
        description: |
          First line.
          Second line.
        on:
          go:
            - { to: a, guard: 'n < 3', set: { n: "n + 1" } }
          stop: { to: a, guard: n == 3 }
invariants:
  INV-1: { says: 'Small', holds: "n <= 3", when: 'n > 0' }
`;
    expect(format(text)).toBe(`${HEADER}machines:
  M:
    entity: E
    initial: a
    init: { n: '0', s: "'x'" }
    states:
      a:
        description: |
          First line.
          Second line.
        on:
          go:
            - { to: a, guard: 'n < 3', set: { n: "n + 1" } }
          stop: { to: a, guard: n == 3 }
invariants:
  INV-1: { says: Small, holds: "n <= 3", when: 'n > 0' }
`);
  });

  it("knows where expressions are", () => {
    expect(isExpression(["machines", "M", "init", "n"])).toBe(true);
    expect(isExpression(["machines", "M", "states", "a", "on", "go", "guard"])).toBe(true);
    expect(isExpression(["machines", "M", "states", "a", "on", "go", 0, "set", "n"])).toBe(true);
    expect(isExpression(["invariants", "INV-1", "holds"])).toBe(true);
    expect(isExpression(["machines", "M", "states", "a", "on", "go", "to"])).toBe(false);
    expect(isExpression(["machines", "M", "states", "a", "description"])).toBe(false);
    expect(isExpression(["invariants", "INV-1", "says"])).toBe(false);
    expect(isExpression(["types", "guard"])).toBe(false);
  });

  it("refuses a file that does not load, with its diagnostics", () => {
    const r = formatIntent(
      "intent/shop.intent.yaml",
      `${HEADER}types:\n  Money: { type: integer\n`,
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.diagnostics.map((d) => d.code)).toEqual(["IC1001"]);
    const dup = formatIntent(
      "intent/shop.intent.yaml",
      `${HEADER}types:\n  A: string\n  A: integer\n`,
    );
    expect(!dup.ok && dup.diagnostics.map((d) => d.code)).toEqual(["IC1005"]);
  });

  it("keeps CRLF line breaks", () => {
    const crlf = `${HEADER}summary: 'x' # note\ntypes:\n    A: string\n`.replace(/\n/g, "\r\n");
    const out = format(crlf);
    expect(out).toBe(`${HEADER}summary: x # note\ntypes:\n  A: string\n`.replace(/\n/g, "\r\n"));
    expect(format(out)).toBe(out);
  });

  it("keeps a byte-order mark and leaves an empty file alone", () => {
    expect(format(`\ufeff${HEADER}summary: 'x'\n`)).toBe(`\ufeff${HEADER}summary: x\n`);
    expect(formatIntent("intent/shop.intent.yaml", "# nothing yet\n")).toMatchObject({ ok: true });
  });
});
