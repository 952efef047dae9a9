/**
 * The README's "Use the contracts in your app" guide, run as written: its command block is read
 * from README.md and must be exactly the walk-through below. `npm install` is this checkout's own
 * setup (the suite runs inside it) and `npx intentc build` runs as `build --check`, which fails
 * unless generated/ is byte for byte what the build writes (rewriting the committed tree would
 * race the other suites); every other command runs as is, in a child process.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO } from "./scratch.js";

const GUIDE = [
  "npm install",
  "npx intentc build",
  "node examples/shop/app.mjs",
  "npx tsc -p examples/shop",
  "npx vitest run --config examples/shop/vitest.config.ts",
];

/** The first ```sh block of a README section. */
function commandsOf(readme: string, heading: string): string[] {
  const at = readme.indexOf(`\n## ${heading}\n`);
  if (at < 0) return [];
  const block = /```sh\n([\s\S]*?)```/.exec(readme.slice(at));
  return block === null
    ? []
    : block[1]
        .trim()
        .split("\n")
        .map((l) => l.trim());
}

function sh(line: string): { code: number | null; out: string } {
  const [cmd, ...args] = line.split(" ");
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" };
  for (const k of Object.keys(env)) if (k.startsWith("VITEST")) delete env[k];
  const r = spawnSync(cmd, args, { cwd: REPO, env, encoding: "utf8" });
  return { code: r.status, out: `${r.stdout ?? ""}${r.stderr ?? ""}` };
}

describe("README: Use the contracts in your app", () => {
  const commands = commandsOf(
    readFileSync(join(REPO, "README.md"), "utf8"),
    "Use the contracts in your app",
  );

  it("walks through exactly these commands", () => {
    expect(commands).toEqual(GUIDE);
  });

  it("has a generated/ that is what `npx intentc build` writes", () => {
    const r = sh("npx intentc build --check");
    expect(r.out).toMatch(/up to date/);
    expect(r.code).toBe(0);
  });

  it("validates orders from plain Node", () => {
    const r = sh(commands[2]);
    expect(r.out).toBe(
      'order: valid\ntypo: invalid — id: Must match the pattern "^ord_[a-z0-9]{8}$".; paid: Must be at least 0.\n',
    );
    expect(r.code).toBe(0);
  });

  it("type-checks the app against the generated types", () => {
    const r = sh(commands[3]);
    expect(r.out).toBe("");
    expect(r.code).toBe(0);
  });

  it("runs the app's tests on the generated suite and machine", () => {
    const r = sh(commands[4]);
    expect(r.out).toMatch(/order-service\.test\.ts/);
    expect(r.out).toMatch(/machine\.test\.ts/);
    expect(r.out).toMatch(/Tests\s+4 passed/);
    expect(r.code).toBe(0);
  });
});
