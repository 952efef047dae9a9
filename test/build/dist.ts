/** Build dist/ when stale so child processes can run the compiled writer and CLI. */
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

/** The repository root (tests run with it as cwd). */
export const REPO = process.cwd();

/** True when some compiler/ or runtime/ source is newer than its compiled file (or has none). */
function distIsStale(): boolean {
  const stale = (dir: string): boolean =>
    readdirSync(join(REPO, dir), { withFileTypes: true }).some((e) => {
      const rel = `${dir}/${e.name}`;
      if (e.isDirectory()) return stale(rel);
      if (!e.name.endsWith(".ts") || e.name.endsWith(".d.ts")) return false;
      const out = join(REPO, "dist", rel.replace(/\.ts$/, ".js"));
      return !existsSync(out) || statSync(out).mtimeMs < statSync(join(REPO, rel)).mtimeMs;
    });
  return stale("compiler") || stale("runtime");
}

/**
 * Run `tsc -p .` unless dist/ is fresh (`npm test` has just built it, and parallel test files
 * should not rewrite it under each other), then check that `entry` exists. Type errors elsewhere
 * in the tree do not stop tsc from emitting.
 */
export function ensureDist(entry = "dist/compiler/write.js"): string {
  if (distIsStale()) {
    try {
      execFileSync(join(REPO, "node_modules/.bin/tsc"), ["-p", "."], { cwd: REPO, stdio: "pipe" });
    } catch {
      // in-progress type errors in other areas: tsc still emits
    }
    // The rest of the package build (package.json "build:ts"): the precompiled meta-schema
    // validator and the vendored single-file bundles.
    for (const step of ["dist/compiler/write/meta-validator.js", "dist/compiler/vendor/bundle.js"]) {
      execFileSync(process.execPath, [join(REPO, step)], { cwd: REPO, stdio: "pipe" });
    }
  }
  const abs = join(REPO, entry);
  if (!existsSync(abs)) throw new Error(`tsc did not produce ${entry}`);
  return abs;
}
