/**
 * `intentc check` / `explore` with the expression cache: the second (warm) run prints exactly what
 * the first printed, and an edited expression is checked afresh.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../compiler/cli.js";
import type { CliIO } from "../../compiler/cli/shared.js";
import { exprCacheStats } from "../../compiler/expr/expr-cache.js";
import { shopYaml } from "../expr/fixture.js";

let root: string;

async function run(argv: string[]) {
  let out = "";
  let err = "";
  const io: CliIO = { out: (s) => (out += s), err: (s) => (err += s), cwd: root, isTTY: false };
  const code = await main(argv, io);
  // The summary line carries the elapsed time; everything else must match exactly.
  return { code, out: out.replace(/\d+(\.\d+)? s \(\d+ states\/s\)/g, "T"), err: err.replace(/in \d+ ms/, "in T ms") };
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "intentc-warm-"));
  mkdirSync(join(root, "node_modules"));
  cpSync("test/fixtures/explore/diehard/intent", join(root, "diehard"), { recursive: true });
  mkdirSync(join(root, "shop"));
  writeFileSync(join(root, "shop", "shop.intent.yaml"), shopYaml({ guard: "event.amont > 0" }));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("warm runs", () => {
  it("explore prints the same findings and trace from the cache", async () => {
    const cold = await run(["explore", "--dir", "diehard"]);
    expect(existsSync(join(root, "node_modules", ".cache", "intentc", "expr.json"))).toBe(true);
    const warm = await run(["explore", "--dir", "diehard"]);
    expect(exprCacheStats()).toMatchObject({ misses: 0 });
    expect(cold.code).toBe(1);
    expect(cold.out).toContain("IC8001");
    expect(warm).toEqual(cold);
  });

  it("check reports the same expression errors warm, and re-checks an edited expression", async () => {
    const cold = await run(["check", "shop", "--format", "json"]);
    const warm = await run(["check", "shop", "--format", "json"]);
    expect(exprCacheStats()).toMatchObject({ misses: 0 });
    expect(cold.code).toBe(1);
    expect(cold.out).toContain("IC4008");
    expect(warm).toEqual(cold);

    writeFileSync(join(root, "shop", "shop.intent.yaml"), shopYaml());
    const fixed = await run(["check", "shop"]);
    expect(fixed).toMatchObject({ code: 0, out: "" });
    expect(fixed.err).toContain("✓ shop: 1 domain");
    const cache = readFileSync(join(root, "node_modules", ".cache", "intentc", "expr.json"), "utf8");
    expect(JSON.parse(cache).entries.length).toBeGreaterThan(3);
  });
});
