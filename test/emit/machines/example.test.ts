/**
 * The example shop: its generated model-based tests pass, and the reference implementation in
 * examples/shop passes the generated suite while the broken variant is caught with a shrunk
 * counterexample. The tree is rebuilt in test-artifacts/ with the repo layout
 * (generated/ + examples/shop/), type-checked under strict, and its tests run in a child vitest.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { compileDir, emitTo, typeCheck } from "./emit-helpers.js";

const ROOT = join("test-artifacts", "shop-example");
const CONFIG = resolve("test/emit/machines/generated.vitest.config.ts");

function vitest(args: string[]): { code: number; out: string } {
  try {
    const out = execFileSync(
      "node_modules/.bin/vitest",
      ["run", "--config", CONFIG, "--root", ROOT, ...args],
      {
        encoding: "utf8",
        stdio: "pipe",
        env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" },
      },
    );
    return { code: 0, out };
  } catch (e) {
    const err = e as { status?: number; stdout?: string; stderr?: string };
    return { code: err.status ?? 1, out: `${err.stdout ?? ""}${err.stderr ?? ""}` };
  }
}

beforeAll(() => {
  rmSync(ROOT, { recursive: true, force: true });
  emitTo(compileDir("."), join("shop-example", "generated"));
  mkdirSync(join(ROOT, "examples", "shop"), { recursive: true });
  for (const f of readdirSync("examples/shop"))
    cpSync(join("examples/shop", f), join(ROOT, "examples", "shop", f));
});

describe("example shop", () => {
  it("type-checks the generated tree and the reference implementation under strict", () => {
    expect(typeCheck(join(ROOT, "generated"))).toBe("");
    expect(typeCheck(join(ROOT, "examples", "shop"))).toBe("");
  });

  it("passes the generated model-based tests of every machine (XState and reference model)", () => {
    const r = vitest(["model.test.ts"]);
    expect(r.out).toMatch(/(OrderLifecycle|PaymentLifecycle|StockLevel|ShipmentLifecycle)/);
    expect(r.out).not.toMatch(/failed/);
    expect(r.code).toBe(0);
  });

  it("passes the order service and catches its broken variant with a shrunk counterexample", () => {
    const r = vitest(["examples/shop"]);
    expect(r.out).toMatch(/Tests\s+4 passed/);
    expect(r.code).toBe(0);
  });
});
