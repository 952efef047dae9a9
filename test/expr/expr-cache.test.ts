/**
 * The on-disk expression cache: a warm run (every parse and type-check answered from the file)
 * gives exactly the diagnostics of a fresh run; changing an expression invalidates; a corrupt or
 * foreign file is ignored.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { compileMemory } from "../helpers.js";
import { disableExprCache, exprCacheStats } from "../../compiler/expr/expr-cache.js";
import { enableExprCache, flushExprCache } from "../../compiler/cli/expr-cache-store.js";
import { parseAccepted } from "../../compiler/expr/parse.js";
import { shopYaml } from "./fixture.js";

const FIXTURES_DIR = fileURLToPath(new URL("../fixtures/diagnostics/", import.meta.url));

let root: string;
const cacheFile = () => join(root, "node_modules", ".cache", "intentc", "expr.json");

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "intentc-expr-cache-"));
  mkdirSync(join(root, "node_modules"));
});
afterEach(() => {
  disableExprCache();
  rmSync(root, { recursive: true, force: true });
});

/** Intent trees with every kind of expression finding, plus every diagnostic fixture case. */
function cases(): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {
    clean: { "intent/shop.intent.yaml": shopYaml() },
    typeError: { "intent/shop.intent.yaml": shopYaml({ guard: "event.amont > 0" }) },
    wrongType: { "intent/shop.intent.yaml": shopYaml({ effect: "'x'", holds: "paid" }) },
    syntax: { "intent/shop.intent.yaml": shopYaml({ guard: "paid +* 1" }) },
    notAllowed: { "intent/shop.intent.yaml": shopYaml({ guard: "paid.constructor == 1 && globalThis", holds: "items.map(i => i.qty).length >= 0" }) },
    escapes: { "intent/shop.intent.yaml": shopYaml({ guard: "note == \\\"a\\\\b\\\" && pid > 0" }) },
  };
  for (const name of readdirSync(FIXTURES_DIR).filter((n) => /^IC\d{4}-/.test(n)).sort()) {
    out[name] = readTree(join(FIXTURES_DIR, name, "intent"), "intent", {});
  }
  return out;
}

function readTree(abs: string, rel: string, out: Record<string, string>): Record<string, string> {
  for (const name of readdirSync(abs).sort()) {
    const a = join(abs, name);
    if (statSync(a).isDirectory()) readTree(a, `${rel}/${name}`, out);
    else out[`${rel}/${name}`] = readFileSync(a, "utf8");
  }
  return out;
}

const diagnosticsOf = (files: Record<string, string>) => compileMemory(files).diagnostics;

describe("expression cache", () => {
  it("gives the same diagnostics cold, warm (from the file) and without a cache, for every case", () => {
    const all = cases();
    expect(Object.keys(all).length).toBeGreaterThan(8);
    const fresh = Object.fromEntries(Object.entries(all).map(([k, f]) => [k, diagnosticsOf(f)]));
    expect(fresh.typeError.some((d) => d.code === "IC4008")).toBe(true);
    expect(fresh.syntax.some((d) => d.name === "expr-syntax")).toBe(true);

    enableExprCache(root);
    const cold = Object.fromEntries(Object.entries(all).map(([k, f]) => [k, diagnosticsOf(f)]));
    expect(exprCacheStats()!.misses).toBeGreaterThan(0);
    flushExprCache();
    expect(statSync(cacheFile()).isFile()).toBe(true);

    disableExprCache();
    enableExprCache(root);
    const warm = Object.fromEntries(Object.entries(all).map(([k, f]) => [k, diagnosticsOf(f)]));
    expect(exprCacheStats()).toEqual({ hits: expect.any(Number), misses: 0 });
    expect(exprCacheStats()!.hits).toBeGreaterThan(20);
    expect(cold).toEqual(fresh);
    expect(warm).toEqual(fresh);
  });

  it("the same expression at another YAML position is reported at the new position", () => {
    enableExprCache(root);
    const a = diagnosticsOf({ "intent/shop.intent.yaml": shopYaml({ guard: "event.amont > 0" }) });
    flushExprCache();
    disableExprCache();
    const shifted = "# moved down\n\n" + shopYaml({ guard: "event.amont > 0" });
    const fresh = diagnosticsOf({ "intent/shop.intent.yaml": shifted });
    enableExprCache(root);
    const warm = diagnosticsOf({ "intent/shop.intent.yaml": shifted });
    expect(exprCacheStats()!.misses).toBe(0);
    expect(warm).toEqual(fresh);
    expect(warm[0].line).toBe(a[0].line + 2);
  });

  it("a changed expression invalidates: the new error is found, not the cached clean result", () => {
    enableExprCache(root);
    expect(diagnosticsOf({ "intent/shop.intent.yaml": shopYaml() })).toEqual([]);
    flushExprCache();
    disableExprCache();
    enableExprCache(root);
    const changed = { "intent/shop.intent.yaml": shopYaml({ effect: "paid + event.amount > 0" }) };
    const warm = diagnosticsOf(changed);
    expect(exprCacheStats()!.misses).toBeGreaterThan(0);
    disableExprCache();
    expect(warm).toEqual(diagnosticsOf(changed));
    expect(warm.map((d) => d.code)).toEqual(["IC4009"]);
  });

  it("a changed declaration (field type) re-runs the type-check of unchanged expressions", () => {
    enableExprCache(root);
    expect(diagnosticsOf({ "intent/shop.intent.yaml": shopYaml() })).toEqual([]);
    const retyped = { "intent/shop.intent.yaml": shopYaml().replace("paid: Money", "paid: string") };
    const warm = diagnosticsOf(retyped);
    disableExprCache();
    const fresh = diagnosticsOf(retyped);
    expect(fresh.length).toBeGreaterThan(0);
    expect(warm).toEqual(fresh);
  });

  it("ignores a corrupt file and a file written by another intentc", () => {
    const files = { "intent/shop.intent.yaml": shopYaml({ guard: "event.amont > 0" }) };
    const fresh = diagnosticsOf(files);
    mkdirSync(join(root, "node_modules", ".cache", "intentc"), { recursive: true });
    writeFileSync(cacheFile(), "{not json");
    enableExprCache(root);
    expect(diagnosticsOf(files)).toEqual(fresh);
    flushExprCache();
    const stored = JSON.parse(readFileSync(cacheFile(), "utf8")) as { compiler: string; entries: [string, unknown][] };
    expect(stored.entries.length).toBeGreaterThan(0);
    // Same keys, poisoned values, another compiler: nothing may be used.
    const poisoned = stored.entries.map(([k]) => [k, { node: null, problems: [] }]);
    writeFileSync(cacheFile(), JSON.stringify({ cacheVersion: 1, compiler: "other", entries: poisoned }));
    disableExprCache();
    enableExprCache(root);
    expect(diagnosticsOf(files)).toEqual(fresh);
    expect(exprCacheStats()!.hits).toBe(0);
  });

  it("cached ASTs are the ones a fresh parse builds (used by compile and explore)", () => {
    const files = { "intent/shop.intent.yaml": shopYaml({ holds: "items.every(i => i.qty > 0) && paid <= total" }) };
    const freshProgram = compileMemory(files).program!;
    const freshAst = parseAccepted(freshProgram.domains[0].invariants[0].holds);
    enableExprCache(root);
    parseAccepted(compileMemory(files).program!.domains[0].invariants[0].holds);
    flushExprCache();
    disableExprCache();
    enableExprCache(root);
    const program = compileMemory(files).program!;
    expect(parseAccepted(program.domains[0].invariants[0].holds)).toEqual(freshAst);
    expect(exprCacheStats()!.misses).toBe(0);
  });

  it("never uses a tampered AST (a name that is not an identifier reaches no compiled code)", () => {
    const files = { "intent/shop.intent.yaml": shopYaml() };
    enableExprCache(root);
    const program = compileMemory(files).program!;
    parseAccepted(program.domains[0].invariants[0].holds);
    flushExprCache();
    const stored = JSON.parse(readFileSync(cacheFile(), "utf8")) as { entries: [string, { node?: unknown }][] };
    const evil = { kind: "name", name: "paid; process.exit(1)", param: false, start: 0, end: 4 };
    let tampered = 0;
    for (const e of stored.entries) {
      if (e[0].startsWith("parse:") && e[1].node) {
        e[1].node = evil;
        tampered++;
      }
    }
    expect(tampered).toBeGreaterThan(2);
    writeFileSync(cacheFile(), JSON.stringify(stored));
    disableExprCache();
    enableExprCache(root);
    const again = compileMemory(files).program!;
    expect(exprCacheStats()!.misses).toBeGreaterThanOrEqual(tampered - 1);
    const ast = parseAccepted(again.domains[0].invariants[0].holds);
    expect(JSON.stringify(ast)).not.toContain("process");
    expect(ast).toEqual(parseAccepted(program.domains[0].invariants[0].holds));
  });

  it("keeps another project's entries next to this run's", () => {
    const a = { "intent/shop.intent.yaml": shopYaml({ guard: "paid >= 0" }) };
    const b = { "intent/shop.intent.yaml": shopYaml({ guard: "paid >= 1" }) };
    enableExprCache(root);
    diagnosticsOf(a);
    flushExprCache();
    const first = (JSON.parse(readFileSync(cacheFile(), "utf8")) as { entries: [string][] }).entries.map(([k]) => k);
    enableExprCache(root);
    diagnosticsOf(b);
    flushExprCache();
    const second = (JSON.parse(readFileSync(cacheFile(), "utf8")) as { entries: [string][] }).entries.map(([k]) => k);
    expect(second.length).toBeGreaterThan(first.length);
    expect(second).toEqual(expect.arrayContaining(first));
    enableExprCache(root);
    diagnosticsOf(a);
    expect(exprCacheStats()!.misses).toBe(0);
  });

  it("writes nothing when node_modules is not a directory", () => {
    rmSync(join(root, "node_modules"), { recursive: true });
    enableExprCache(root);
    diagnosticsOf({ "intent/shop.intent.yaml": shopYaml() });
    flushExprCache();
    expect(readdirSync(root)).toEqual([]);
  });
});
