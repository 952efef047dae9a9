/** A build or check that fails on an exploration finding prints its trace as `intentc explore` does. */
import { afterAll, describe, expect, it } from "vitest";
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "../helpers.js";

const dir = mkdtempSync(join(tmpdir(), "intentc-trace-report-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
cpSync("test/fixtures/explore/diehard/intent", join(dir, "intent"), { recursive: true });

/** The `  trace (n steps):` block and its state lines. */
function traceBlock(out: string): string {
  const m = /\n( {2}trace \(\d+ steps[^\n]*\n(?: {4}[^\n]*\n)+)/.exec(out);
  expect(m, out).not.toBeNull();
  return m![1];
}

describe("failure reports show the trace", () => {
  it("build, check and explore print the same states for DieHard's violation", async () => {
    const explore = await runCli(["explore"], dir);
    const build = await runCli(["build"], dir);
    const check = await runCli(["check"], dir);
    expect([explore.code, build.code, check.code]).toEqual([1, 1, 1]);
    const expected = traceBlock(explore.out);
    expect(expected.split("\n")[0]).toBe("  trace (6 steps):");
    expect(expected).toContain("    6  pourBigIntoSmall  → running  big=4 small=3\n");
    for (const r of [build, check]) {
      expect(r.out).toContain("error IC8001 Invariant 'DH-1' is violated after 6 steps");
      expect(traceBlock(r.out)).toBe(expected);
      expect(r.out).toMatch(/\n\nFound 1 error and 0 warnings\.\n$/);
    }
  });

  it("other formats are unchanged data (no trace text in JSON diagnostics)", async () => {
    const r = await runCli(["check", "--format", "json"], dir);
    expect(r.out).not.toContain("trace (6 steps)");
    expect(JSON.parse(r.out)).toBeTruthy();
  });
});
