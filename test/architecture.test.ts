/** Architecture rules that keep the codebase honest. */
import { describe, expect, it } from "vitest";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

function tsFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) tsFiles(p, out);
    else if (p.endsWith(".ts")) out.push(p);
  }
  return out;
}

describe("architecture", () => {
  it("runtime/ never imports compiler/", () => {
    const offenders = tsFiles("runtime").filter((p) => /from\s+["'][^"']*compiler\//.test(readFileSync(p, "utf8")));
    expect(offenders).toEqual([]);
  });

  it("only write.ts, host.ts and CLI commands touch the file system in the compiler", () => {
    // vendor/bundle.ts is a package build step (run by `npm install`), not part of a compile;
    // testing/report.ts appends the suite report a test gate asks for (INTENTC_SUITE_REPORT).
    const allowed = /^compiler\/testing\/report\.ts$|^compiler\/(write|host|version)\.ts$|^compiler\/write\/|^compiler\/cli\/|^compiler\/explore\/|^compiler\/diff\/|^compiler\/governance\/|^compiler\/fleet\/|^compiler\/review\/|^compiler\/vendor\/bundle\.ts$/;
    const offenders = tsFiles("compiler").filter(
      (p) => !allowed.test(p.split("\\").join("/")) && /from\s+["']node:fs(\/promises)?["']/.test(readFileSync(p, "utf8")),
    );
    expect(offenders).toEqual([]);
  });

  it("public entries use explicit named re-exports, never export *", () => {
    for (const p of ["runtime/index.ts", "compiler/testing/index.ts", "compiler/governance/index.ts", "compiler/index.ts"]) {
      expect(readFileSync(p, "utf8"), p).not.toMatch(/export \*/);
    }
  });
});
