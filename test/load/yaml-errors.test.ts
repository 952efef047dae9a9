/** YAML syntax errors in plain words, at the mistake, with the fix (compiler/load/yaml-errors.ts). */
import { describe, expect, it } from "vitest";
import { loadYaml } from "../../compiler/load/yaml.js";
import { checkShape } from "../../compiler/load/shape.js";

const one = (text: string) => {
  const [, diags] = loadYaml("intent/x.intent.yaml", text);
  expect(diags).toHaveLength(1);
  const d = diags[0];
  return `${d.line}:${d.column} ${d.code} ${d.message} | ${d.hint}`;
};

describe("YAML syntax errors", () => {
  it("a colon inside unquoted text: at the colon, with the quoted line", () => {
    expect(one("slices:\n  s:\n    says: Keep stock: and reservations\n")).toBe(
      "3:21 IC1001 YAML syntax error: The value of 'says' holds ': ' (a colon and a space), which YAML reads as another key on the same line. | If it is text, quote it: `says: \"Keep stock: and reservations\"`",
    );
  });

  it("a nested mapping on one line: both readings, with braces", () => {
    expect(one("types:\n  A: type: integer\n")).toBe(
      "2:10 IC1001 YAML syntax error: The value of 'A' holds ': ' (a colon and a space), which YAML reads as another key on the same line. | If it is text, quote it: `A: \"type: integer\"`; if it is a nested mapping, write it in braces (`A: { type: integer }`) or on the lines below, indented.",
    );
  });

  it("an over-indented key: at that line, not at the value on the line before", () => {
    expect(one("types:\n  Money: integer\n   Sku: string\n")).toBe(
      "3:4 IC1001 YAML syntax error: This line is indented deeper than the key above it, so YAML reads it as more text of that value — and its ': ' as a key inside the value. | If it is a new key, indent it exactly like the key above; if it is text, quote the whole value.",
    );
  });

  it("an unclosed brace or bracket: at the opening character, not on the next line", () => {
    expect(one("types:\n  A: { type: integer, minimum: 0\n  B: string\n")).toBe(
      "2:6 IC1001 YAML syntax error: The '{' opened here is not closed before the next entry. | Close it with '}' (a mapping in braces that spans lines must indent its continuation lines deeper than its key).",
    );
    expect(one("owners: [a, b\nversion: 1.0.0\n")).toMatch(
      /^1:9 IC1001 YAML syntax error: The '\[' opened here is not closed/,
    );
  });

  it("keys at different columns, tabs, quotes, reserved characters, list items on the key's line", () => {
    expect(one("types:\n  A: {type: integer}\n   B: string\n")).toMatch(
      /^3:4 IC1001 YAML syntax error: This key is indented differently from the keys before it/,
    );
    expect(one("types:\n\tA: string\n")).toBe(
      "2:1 IC1001 YAML syntax error: A tab indents this line; YAML indentation must be spaces. | Replace the tab with spaces.",
    );
    expect(one('says: "unterminated\nversion: 1\n')).toMatch(
      /^1:7 IC1001 YAML syntax error: The text opened with " here is never closed\./,
    );
    expect(one("says: 'it's broken'\n")).toMatch(
      /^1:11 IC1001 YAML syntax error: Text continues after the closing quote of this value\. \| Inside single quotes write a quote twice/,
    );
    expect(one("says: @me\n")).toBe(
      "1:7 IC1001 YAML syntax error: An unquoted value cannot start with '@'. | Quote it: `says: \"@me\"`",
    );
    expect(one("events:\n  a: - x\n")).toMatch(
      /^2:6 IC1001 YAML syntax error: A list item \('- '\) cannot start on the same line as its key\./,
    );
    expect(one("types:\n  A: { type: integer, description: a: b }\n")).toMatch(
      /^2:37 IC1001 YAML syntax error: Inside \{ \} or \[ \], this value holds ': '/,
    );
    expect(one("types:\n  A string\n  B: string\n")).toMatch(
      /^2:3 IC1001 YAML syntax error: 'A string' is not followed by ':'/,
    );
    expect(one("types:\n  A: {type: integer}}\n")).toMatch(
      /^2:21 IC1001 YAML syntax error: This '}' closes nothing/,
    );
  });

  it("never the parser's jargon for these mistakes", () => {
    for (const text of ["says: a: b\n", "x:\n  a: 1\n   b: 2\n", "a: { b: 1\nc: 2\n"]) {
      expect(one(text)).not.toMatch(/compact mappings|sufficiently indented|implicit/i);
    }
  });
});

describe("a dedented property is one error at its key", () => {
  const head =
    "intent: 1\ndomain: lib\nversion: 1.0.0\nentities:\n  M:\n    fields: { n: integer, s: L }\nevents:\n  a: {}\n  b: {}\n  c: {}\nmachines:\n  L:\n    entity: M\n    initial: s\n    states:\n";
  const shape = (text: string) => {
    const [file, load] = loadYaml("intent/x.intent.yaml", text);
    expect(load).toEqual([]);
    return checkShape(file).map((d) => `${d.line}:${d.column} ${d.code} ${d.message}`);
  };

  it("`on:` one level too shallow, under an empty state or one with a description", () => {
    expect(
      shape(
        `${head}      s:\n      on:\n        a: t\n        b: t\n        c: t\n      t: { final: true }\n`,
      ),
    ).toEqual([
      "17:7 IC1108 'on' is indented at the level of state names, but it is a property of state 's' above it.",
    ]);
    expect(
      shape(
        `${head}      s:\n        description: x\n      on:\n        a: t\n      t: { final: true }\n`,
      ),
    ).toEqual([
      "18:7 IC1108 'on' is indented at the level of state names, but it is a property of state 's' above it.",
    ]);
  });

  it("`fields:` at the level of entity names", () => {
    expect(
      shape(
        "intent: 1\ndomain: lib\nversion: 1.0.0\nentities:\n  Member:\n  fields:\n    n: integer\n",
      ),
    ).toEqual([
      "6:3 IC1108 'fields' is indented at the level of entity names, but it is a property of entity 'Member' above it.",
    ]);
  });

  it("a state that has its own `on:` next to a broken state called `on` is not a dedent", () => {
    const got = shape(
      `${head}      s:\n        on: { a: t }\n      on:\n        b: t\n      t: { final: true }\n`,
    );
    expect(got.some((d) => d.includes("IC1108"))).toBe(false);
  });
});
