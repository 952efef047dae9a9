/**
 * The diagnostic fixture suite: every folder in test/fixtures/diagnostics/<code>-<name>/ holds an
 * `intent/` tree of broken intent files and `expected.json`, the exact list of diagnostics
 * (`{ code, file, line, column }`, sorted as `compile` sorts them; a case whose entries also carry
 * `message` asserts the exact messages too). `UPDATE=1` rewrites the expectations (review the
 * diff!), keeping a case's messages when it has them.
 */
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { createMemoryHost } from "../../compiler/host.js";
import { compile } from "../../compiler/program.js";

/** Folder holding the fixture cases. */
export const FIXTURES_DIR = fileURLToPath(new URL("../fixtures/diagnostics/", import.meta.url));

/** The fixture case folders, sorted. */
export function fixtureCases(): string[] {
  return readdirSync(FIXTURES_DIR)
    .filter((name) => /^IC\d{4}-/.test(name) && statSync(join(FIXTURES_DIR, name)).isDirectory())
    .sort();
}

function readTree(abs: string, rel: string, out: Record<string, string>): Record<string, string> {
  if (!existsSync(abs)) return out;
  for (const name of readdirSync(abs).sort()) {
    const a = join(abs, name);
    if (statSync(a).isDirectory()) readTree(a, `${rel}/${name}`, out);
    else out[`${rel}/${name}`] = readFileSync(a, "utf8");
  }
  return out;
}

describe("diagnostic fixtures", () => {
  const cases = fixtureCases();

  it("has at least 40 cases", () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
  });

  for (const name of cases) {
    it(`${name} reports exactly the expected diagnostics`, () => {
      const dir = join(FIXTURES_DIR, name);
      const files = readTree(join(dir, "intent"), "intent", {});
      const result = compile(createMemoryHost(files), { dir: "intent" });
      const expectedPath = join(dir, "expected.json");
      const withMessages =
        existsSync(expectedPath) && readFileSync(expectedPath, "utf8").includes('"message":');
      const got = result.diagnostics.map((d) => ({
        code: d.code,
        file: d.file,
        line: d.line,
        column: d.column,
        ...(withMessages ? { message: d.message } : {}),
      }));
      if (process.env.UPDATE === "1")
        writeFileSync(expectedPath, JSON.stringify(got, null, 2) + "\n");
      const expected = JSON.parse(readFileSync(expectedPath, "utf8")) as unknown;
      const messages = result.diagnostics
        .map((d) => `${d.file}:${d.line}:${d.column} ${d.code} ${d.message}`)
        .join("\n");
      expect(got, messages).toEqual(expected);
      // The case is named after the code it exists for; that code must be among the results.
      expect(got.map((d) => d.code)).toContain(name.slice(0, 6));
      // Every diagnostic is fully formed: a message and a real position.
      for (const d of result.diagnostics) {
        expect(d.message.length).toBeGreaterThan(0);
        expect(d.line).toBeGreaterThanOrEqual(1);
        expect(d.column).toBeGreaterThanOrEqual(1);
      }
    });
  }
});
