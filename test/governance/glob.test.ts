/**
 * The scope glob matcher (compiler/governance/glob.ts): agrees with picomatch on the supported
 * syntax, and is linear in the path's length where a backtracking regex is exponential
 * (issue 19 class 4: 120 × `?*` hung the runner's scope check on a 40-character name). picomatch
 * reads `[!a]` as something other than a negated class, so the differential uses `[^a]`.
 */
import picomatch from "picomatch";
import { describe, expect, it } from "vitest";
import { canonicalGlob, compileGlob, matchSegment } from "../../compiler/shared/glob.js";
import { createScopeMatcher } from "../../compiler/governance/scope.js";
import { globsOverlap, scopeProblem } from "../../compiler/check/slices.rule.js";
import { expectLinear } from "../timing.js";

const GLOBS = [
  "src/feature/**",
  "src/*.ts",
  "src/**/*.ts",
  "src/*/api.ts",
  "src/a?c/**",
  "src/[a-c]*.md",
  "src/[^a]x",
  "src/*.{ts,tsx}",
  "src/.env*",
  "src/**/test/**",
];
const PATHS = [
  "src/feature/a.ts",
  "src/feature/deep/b/c.ts",
  "src/a.ts",
  "src/a.js",
  "src/x/api.ts",
  "src/x/y/api.ts",
  "src/abc/z",
  "src/abcd/z",
  "src/b.md",
  "src/d.md",
  "src/bx",
  "src/ax",
  "src/q.tsx",
  "src/.env",
  "src/.env.local",
  "src/x/test/y.ts",
  "src/test/y",
  "lib/feature/a.ts",
  "src/feature",
];

describe("scope glob matcher", () => {
  it.each(GLOBS)("agrees with picomatch on %s", (glob) => {
    const mine = compileGlob(glob)!;
    const theirs = picomatch(glob, {
      dot: true,
      noextglob: true,
      nonegate: true,
      strictSlashes: true,
    });
    for (const p of PATHS) expect(mine(p), `${glob} vs ${p}`).toBe(theirs(p));
  });

  it("matches 120 × '?*' in time linear in the name's length", () => {
    const glob = "src/" + "?*".repeat(120);
    const m = createScopeMatcher([glob]);
    expect(m("src/" + "a".repeat(40))).toBe(false); // 40 characters cannot fill 120 '?'
    expect(m("src/" + "a".repeat(130))).toBe(true);
    expectLinear((n) => m("src/" + "a".repeat(n) + "/"), 400, 4000);
    expectLinear((n) => matchSegment("?*".repeat(120) + "b", "a".repeat(n)), 400, 4000);
  });

  it("checks and compares a 120 × '?*' scope in time linear in its length", () => {
    expect(scopeProblem("src/" + "?*".repeat(120))).toBeUndefined();
    expectLinear(
      (n) => {
        for (let i = 0; i < 20; i++) globsOverlap("src/" + "?*".repeat(n), "src/" + "a".repeat(40));
      },
      12,
      120,
    );
  });

  it("names the canonical form of a glob", () => {
    expect(canonicalGlob("./src/feature/**")).toBe("src/feature/**");
    expect(canonicalGlob("src//feature/**/**/")).toBe("src/feature/**");
    expect(canonicalGlob("src/feature/**")).toBe("src/feature/**");
  });
});
