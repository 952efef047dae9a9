/**
 * The outside test: pack both packages, install the tarballs into scratch projects in the OS temp
 * dir (never this checkout), and use them as a newcomer would — `intentc init`, `npm install`,
 * `intentc build`, `npm test` — then import the generated contracts with plain Node from a
 * `"type": "commonjs"` project that installed the runtime alone.
 */
import { execFileSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeWithTools } from "../system-tools.js";
import { INSTALL, ok, packBoth, scratchDir } from "./scratch.js";

const LONG = 15 * 60_000; // a hang guard for npm, not a time limit on the work

let packs: string;
let tarballs: { cli: string; runtime: string };
const dirs: string[] = [];
const scratch = (prefix: string) => {
  const d = scratchDir(prefix);
  dirs.push(d);
  return d;
};

beforeAll(() => {
  packs = scratch("intentc-packs-");
  tarballs = packBoth(packs);
}, LONG);

afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const entries = (tgz: string) =>
  execFileSync("tar", ["-tzf", tgz], { encoding: "utf8" }).trim().split("\n");
const packageJsonOf = (tgz: string) =>
  JSON.parse(execFileSync("tar", ["-xOzf", tgz, "package/package.json"], { encoding: "utf8" }));

/** Bytes under a directory (files and symlinks as themselves, not followed). */
function bytesUnder(dir: string): number {
  let total = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    total += e.isDirectory() ? bytesUnder(p) : lstatSync(p).size;
  }
  return total;
}

describe("the packed packages", () => {
  it("intentc ships its built CLI and no sources, tests or bench", () => {
    const files = entries(tarballs.cli);
    for (const f of [
      "bin/intentc.js",
      "dist/compiler/cli.js",
      "dist/bundle/cli.js",
      "dist/compiler/testing/index.js",
      "dist/runtime/index.js",
      "README.md",
      "LICENSE",
    ]) {
      expect(files).toContain(`package/${f}`);
    }
    const outside = files.filter(
      (f) =>
        !/^package\/(bin\/|dist\/(compiler|bundle|runtime)\/|README\.md$|LICENSE$|package\.json$)/.test(
          f,
        ),
    );
    expect(outside).toEqual([]);
    const pkg = packageJsonOf(tarballs.cli);
    expect(Object.keys(pkg.dependencies)).not.toContain("intentc");
    expect(Object.keys(pkg.dependencies)).not.toContain("typescript");
    expect(Object.keys(pkg.dependencies)).not.toContain("ts-morph");
  });

  it("@intentc/runtime ships compiled modules and declarations only", () => {
    const files = entries(tarballs.runtime);
    expect(files).toContain("package/dist/index.js");
    expect(files).toContain("package/dist/index.d.ts");
    expect(
      files.filter((f) => !/^package\/(dist\/[\w-]+\.(js|d\.ts)|package\.json|LICENSE)$/.test(f)),
    ).toEqual([]);
    const pkg = packageJsonOf(tarballs.runtime);
    expect(pkg.name).toBe("@intentc/runtime");
    expect(Object.keys(pkg.dependencies)).toEqual(["re2js"]);
    expect(pkg.peerDependencies).toHaveProperty("xstate");
  });
});

let project: string;

describe("a project started with intentc init, from the tarballs", () => {
  it(
    "installs, scaffolds, builds and passes its tests",
    () => {
      project = scratch("intentc-shop-");
      const pkg = {
        name: "shop",
        version: "1.0.0",
        private: true,
        dependencies: { "@intentc/runtime": `file:${tarballs.runtime}` },
        devDependencies: { intentc: `file:${tarballs.cli}` },
      };
      writeFileSync(join(project, "package.json"), JSON.stringify(pkg, null, 2) + "\n");
      ok(project, "npm", [...INSTALL]);
      const init = ok(project, "npx", ["--no-install", "intentc", "init"]);
      expect(init.err).toMatch(/✓ Scaffolded a project/);
      const merged = JSON.parse(readFileSync(join(project, "package.json"), "utf8"));
      expect(merged.devDependencies.intentc).toBe(`file:${tarballs.cli}`);
      expect(merged.type).toBe("module");
      ok(project, "npm", [...INSTALL]);
      const build = ok(project, "npx", ["--no-install", "intentc", "build"]);
      expect(build.err).toMatch(/built generated\//);
      expect(JSON.parse(readFileSync(join(project, "generated/package.json"), "utf8")).type).toBe(
        "module",
      );
      const test = ok(project, "npm", ["test"]);
      expect(test.out).toMatch(/src\/accounts\/account-service\.test\.ts/);
      expect(test.out).toMatch(/generated\/tests\/accounts\/AccountLifecycle\.model\.test\.ts/);
      expect(test.out).not.toMatch(/failed/i);
      // The CLI ran from the scratch project's own node_modules, not from this checkout.
      expect(existsSync(join(project, "node_modules/intentc/dist/compiler/cli.js"))).toBe(true);
      expect(lstatSync(join(project, "node_modules/intentc")).isSymbolicLink()).toBe(false);
    },
    LONG,
  );

  it(
    "serves its generated contracts to a plain-Node, type-commonjs app that installs only the runtime",
    () => {
      expect(project).toBeDefined();
      const app = scratch("intentc-app-");
      const pkg = {
        name: "app",
        version: "1.0.0",
        private: true,
        type: "commonjs",
        dependencies: { "@intentc/runtime": `file:${tarballs.runtime}` },
      };
      writeFileSync(join(app, "package.json"), JSON.stringify(pkg, null, 2) + "\n");
      ok(app, "npm", [...INSTALL, "--omit=dev"]);
      const installed = readdirSync(join(app, "node_modules")).filter((n) => !n.startsWith("."));
      expect(installed.sort()).toEqual(["@intentc", "re2js", "xstate"]);
      expect(bytesUnder(join(app, "node_modules"))).toBeLessThan(5 * 1024 * 1024);
      cpSync(join(project, "generated"), join(app, "generated"), { recursive: true });
      // What `npm install ./generated` links, made by hand so npm does not look the runtime up.
      mkdirSync(join(app, "node_modules"), { recursive: true });
      symlinkSync("../generated", join(app, "node_modules/shop-contracts"), "dir");
      writeFileSync(
        join(app, "app.mjs"),
        [
          `import { validateAccount } from "./generated/contracts/accounts/validators.js";`,
          `import * as byName from "shop-contracts/accounts";`,
          `const good = validateAccount({ id: "acc_12345678", balance: 10, status: "open" });`,
          `const bad = byName.validateAccount({ id: "nope", balance: -1, status: "open" });`,
          `console.log(JSON.stringify({ good: good.ok, bad: bad.ok, paths: bad.issues.map((i) => i.path.join(".")) }));`,
          "",
        ].join("\n"),
      );
      const r = ok(app, "node", ["app.mjs"]);
      const got = JSON.parse(r.out.trim());
      expect(got.good).toBe(true);
      expect(got.bad).toBe(false);
      expect(got.paths).toEqual(expect.arrayContaining(["id", "balance"]));
    },
    LONG,
  );
});

describeWithTools(["bwrap"], "the scaffold under governance", () => {
  it(
    "passes its own gates in a sandboxed `intentc run` of its slice",
    () => {
      expect(project).toBeDefined();
      const git = (...args: string[]) =>
        ok(project, "git", ["-c", "user.email=test@example.com", "-c", "user.name=test", ...args]);
      git("init", "--quiet");
      git("add", "-A");
      git("commit", "--quiet", "-m", "scaffold");
      // An agent that changes nothing: the run passes exactly when the scaffold passes its gates.
      const r = ok(project, "npx", [
        "--no-install",
        "intentc",
        "run",
        "account-service",
        "--",
        "true",
      ]);
      expect(`${r.out}${r.err}`).toMatch(/PASSED — Every change is in scope and every gate passed/);
    },
    LONG,
  );
});
