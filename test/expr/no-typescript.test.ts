/**
 * The product path never loads TypeScript: `check` on the example and on a generated corpus,
 * `build` and `explore` on DieHard parse and type-check every expression with the hand-written
 * parser and checker. (ts-morph is CommonJS: once loaded, by `import` or `require`, it and the
 * TypeScript compiler sit in the CommonJS module cache.) This file must not import ts-morph.
 */
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { main } from "../../compiler/cli.js";
import type { CliIO } from "../../compiler/cli/shared.js";

const ROOT = new URL("../../", import.meta.url).pathname;
const require = createRequire(import.meta.url);
const loadedTypeScript = () =>
  Object.keys(require.cache).filter((p) =>
    /[\\/]node_modules[\\/](typescript|ts-morph|@ts-morph)[\\/]/.test(p),
  );

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function run(cwd: string, argv: string[]): Promise<number> {
  const io: CliIO = { out: () => {}, err: () => {}, cwd, isTTY: false };
  return main(argv, io);
}

describe("no TypeScript in the product path", () => {
  it("check (example and a generated corpus), build and explore load neither ts-morph nor typescript", async () => {
    expect(loadedTypeScript()).toEqual([]);
    expect(await run(ROOT, ["check"])).toBe(0);

    const corpus = mkdtempSync(join(tmpdir(), "intentc-nots-"));
    dirs.push(corpus);
    execFileSync(
      process.execPath,
      [join(ROOT, "bench/corpus.mjs"), "--out", corpus, "--entities", "60"],
      { stdio: "ignore" },
    );
    expect(await run(corpus, ["check"])).toBe(0);

    const diehard = mkdtempSync(join(tmpdir(), "intentc-nots-dh-"));
    dirs.push(diehard);
    mkdirSync(join(diehard, "node_modules"));
    cpSync(join(ROOT, "test/fixtures/explore/diehard/intent"), join(diehard, "intent"), {
      recursive: true,
    });
    expect(await run(diehard, ["explore"])).toBe(1); // DieHard's invariant is violated: a finding
    await run(diehard, ["build"]);
    expect(loadedTypeScript()).toEqual([]);
  });

  // Runs last: it loads ts-morph into this process to show the check above can fail.
  it("detects a loaded ts-morph", () => {
    require("ts-morph");
    expect(loadedTypeScript().length).toBeGreaterThan(0);
  });
});
