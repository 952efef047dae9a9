import { afterAll, describe, expect, it } from "vitest";
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { createNodeHost } from "../../../compiler/host.js";
import { compile, emitProgram } from "../../../compiler/program.js";
import { jsonSchemaEmitter } from "../../../compiler/emit/json-schema.js";
import { tsTypesEmitter } from "../../../compiler/emit/ts-types.js";
import { validatorsEmitter } from "../../../compiler/emit/validators.js";
import { invariantsEmitter } from "../../../compiler/emit/invariants.js";
import { propertyTestsEmitter } from "../../../compiler/emit/property-tests.js";
import type { Program } from "../../../compiler/ir/types.js";
import { STRICT_TSCONFIG, shopProgram, writeTree } from "./fixture.js";

const ROOT = join(import.meta.dirname, "..", "..", "..");
const MINE = [
  jsonSchemaEmitter,
  tsTypesEmitter,
  validatorsEmitter,
  invariantsEmitter,
  propertyTestsEmitter,
];
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function emitMine(p: Program): Map<string, string> {
  const files = new Map<string, string>();
  for (const e of MINE)
    for (const [k, v] of e.emit(p, { report: () => {}, options: {} })) files.set(k, v);
  return files;
}

/** Write the files, type-check them under strict NodeNext, run the generated vitest suites. */
function buildAndRun(
  name: string,
  files: Map<string, string>,
): { tsc: string; vitest: string; passed: number } {
  const dir = join(ROOT, "test", `.tmp-contracts-${name}`);
  dirs.push(dir);
  writeTree(dir, files);
  writeFileSync(join(dir, "tsconfig.json"), STRICT_TSCONFIG);
  const tsc = spawnSync(join(ROOT, "node_modules/.bin/tsc"), ["-p", dir], {
    cwd: ROOT,
    encoding: "utf8",
  });
  const vitest = spawnSync(join(ROOT, "node_modules/.bin/vitest"), ["run", join(dir, "tests")], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, FORCE_COLOR: "0", NO_COLOR: "1" },
  });
  const out = vitest.stdout + vitest.stderr;
  const passed = Number(/Tests\s+(\d+) passed/.exec(out)?.[1] ?? 0);
  expect(vitest.status, out).toBe(0);
  return { tsc: tsc.stdout + tsc.stderr, vitest: out, passed };
}

describe("generated contracts and tests", () => {
  it("type-check under strict and pass on the fixture", () => {
    const r = buildAndRun("fixture", emitMine(shopProgram()));
    expect(r.tsc).toBe("");
    expect(r.passed).toBe(2 * 10 + 1);
  }, 180_000);

  it("type-check under strict and pass on the example intent, deterministically", () => {
    const c = compile(createNodeHost(ROOT), { dir: "intent" });
    expect(c.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const first = emitProgram(c.program!);
    expect(first.diagnostics.filter((d) => d.code.startsWith("IC50"))).toEqual([]);
    const mine = (m: ReadonlyMap<string, string>) =>
      new Map(
        [...m].filter(
          ([p]) =>
            p.startsWith("contracts/") ||
            /^tests\/[^/]+\/(arbitraries\.ts|contracts\.test\.ts)$/.test(p),
        ),
      );
    const files = mine(first.files);
    expect(mine(emitProgram(c.program!).files)).toEqual(files);
    // Seven files per domain, and contracts/orders/flows.ts (the checkout flow's predicates).
    expect(files.size).toBe(4 * 7 + 1);
    const r = buildAndRun("example", files);
    expect(r.tsc).toBe("");
    expect(r.passed).toBeGreaterThan(100);
  }, 180_000);
});
