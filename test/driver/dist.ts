/** dist/ for tests that run the compiled CLI, writer or workers in child processes or threads. */
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
 * Build dist/ when stale: `tsc -p .` and the rest of the package build (package.json "build:ts":
 * the precompiled meta-schema validator and the vendored single-file bundles). Called once per
 * test run, by vitest's global setup (test/global-setup.ts), before any test file starts: test
 * files running in parallel never rebuild dist/ under each other. Type errors elsewhere in the
 * tree do not stop tsc from emitting.
 */
export function buildDist(): void {
  if (!distIsStale()) return;
  try {
    execFileSync(join(REPO, "node_modules/.bin/tsc"), ["-p", "."], { cwd: REPO, stdio: "pipe" });
  } catch {
    // in-progress type errors in other areas: tsc still emits
  }
  for (const step of ["scripts/meta-validator.mjs", "scripts/bundle.mjs"]) {
    execFileSync(process.execPath, [join(REPO, step)], { cwd: REPO, stdio: "pipe" });
  }
}

/** The absolute path of `entry` in dist/ (built by the global setup); throws when it is missing. */
export function ensureDist(entry = "dist/compiler/write.js"): string {
  const abs = join(REPO, entry);
  if (!existsSync(abs))
    throw new Error(
      `${entry} is missing: dist/ is built by test/global-setup.ts (npm run build:ts)`,
    );
  return abs;
}
