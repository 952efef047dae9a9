/**
 * `intentc check` / `explore` run twice on the same tree print exactly the same, and an edited
 * expression is checked afresh. Expressions are parsed and type-checked without TypeScript, so
 * there is no expression cache any more: no `expr.json` is written.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../compiler/cli.js";
import type { CliIO } from "../../compiler/cli/shared.js";
import { shopYaml } from "../expr/fixture.js";

let root: string;

async function run(argv: string[]) {
  let out = "";
  let err = "";
  const io: CliIO = { out: (s) => (out += s), err: (s) => (err += s), cwd: root, isTTY: false };
  const code = await main(argv, io);
  // The summary line carries the elapsed time; everything else must match exactly.
  return {
    code,
    out: out.replace(/\d+(\.\d+)? s \(\d+ states\/s\)/g, "T"),
    err: err.replace(/in \d+ ms/, "in T ms"),
  };
}

const cacheFile = () => join(root, "node_modules", ".cache", "intentc", "expr.json");

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "intentc-warm-"));
  mkdirSync(join(root, "node_modules"));
  cpSync("test/fixtures/explore/diehard/intent", join(root, "diehard"), { recursive: true });
  mkdirSync(join(root, "shop"));
  writeFileSync(join(root, "shop", "shop.intent.yaml"), shopYaml({ guard: "event.amont > 0" }));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("repeated runs", () => {
  it("explore prints the same findings and trace, and writes no expression cache", async () => {
    const first = await run(["explore", "--dir", "diehard"]);
    const second = await run(["explore", "--dir", "diehard"]);
    expect(first.code).toBe(1);
    expect(first.out).toContain("IC8001");
    expect(second).toEqual(first);
    expect(existsSync(cacheFile())).toBe(false);
  });

  it("check reports the same expression errors twice, and re-checks an edited expression", async () => {
    const first = await run(["check", "--dir", "shop", "--format", "json"]);
    const second = await run(["check", "--dir", "shop", "--format", "json"]);
    expect(first.code).toBe(1);
    expect(first.out).toContain("IC4008");
    expect(first.out).toContain(
      "Property 'amont' does not exist on type 'PayEvent'. Did you mean 'amount'?",
    );
    expect(second).toEqual(first);

    writeFileSync(join(root, "shop", "shop.intent.yaml"), shopYaml());
    const fixed = await run(["check", "--dir", "shop"]);
    expect(fixed).toMatchObject({ code: 0, out: "" });
    expect(fixed.err).toContain("✓ shop: 1 domain");
    expect(existsSync(cacheFile())).toBe(false);
  });
});
