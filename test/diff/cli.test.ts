/** `intentc diff` end to end: lock file base, git-ref base, text / JSON / SARIF output and exit codes. */
import { afterAll, describe, expect, test } from "vitest";
import { cpSync, mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execFileSync } from "node:child_process";
import { main } from "../../compiler/cli.js";
import { DIRECTIONS_LEGEND } from "../../compiler/diff/format.js";
import { fixtureProgram, lockOf } from "./fixtures.js";

const dir = mkdtempSync(join(tmpdir(), "intentc-diff-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const code = await main(args, {
    out: (s) => void (out += s),
    err: (s) => void (err += s),
    cwd: dir,
    isTTY: false,
  });
  return { code, out, err };
}

describe("intentc diff", () => {
  cpSync("test/fixtures/versions/v2/intent", join(dir, "intent"), { recursive: true });
  mkdirSync(join(dir, "generated"));
  writeFileSync(join(dir, "base.lock.json"), JSON.stringify(lockOf(fixtureProgram("v1"))));

  test("text against a lock file: after the major bump, breaking changes are allowed (exit 0) and say so", async () => {
    const r = await run(["diff", "--against", "base.lock.json"]);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    const lines = r.out.split("\n");
    expect(lines).toContain("shop: 1.0.0 → 2.0.0 (major: breaking changes allowed)");
    expect(lines).toContain("legacy: removed (was 1.0.0)");
    const guard = lines.find((l) => l.includes(" guard-strengthened "))!;
    expect(guard).toMatch(
      /^intent\/shop\.intent\.yaml:49:35 breaking guard-strengthened Guard strengthened \(input\) at shop\.machines\.Lifecycle\.states\.open\.on\.pay\.guard/,
    );
    expect(guard).toMatch(
      /counterexample the old contract accepts and the new one rejects: the event payload \{"amount":\d+\} on the record \{/,
    );
    expect(guard).toMatch(/ \[allowed by the major version bump 1\.0\.0 → 2\.0\.0\]$/);
    expect(r.out).toMatch(
      /\n60 change\(s\): 0 error, \d+ breaking but allowed \(major version bump or approval\), \d+ warn, \d+ info\.\n/,
    );
    expect(lines.at(-2)).toBe(`Directions: ${DIRECTIONS_LEGEND}`);
    expect(DIRECTIONS_LEGEND).toContain("(input): values callers send");
    expect(DIRECTIONS_LEGEND).toContain("(both): stored or exchanged both ways");
  });

  test("without the major bump the same changes are errors (exit 1), with the version they need", async () => {
    const other = mkdtempSync(join(tmpdir(), "intentc-diff-minor-"));
    try {
      cpSync("test/fixtures/versions/v2/intent", join(other, "intent"), { recursive: true });
      const shop = join(other, "intent/shop.intent.yaml");
      writeFileSync(shop, readFileSync(shop, "utf8").replace("version: 2.0.0", "version: 1.1.0"));
      writeFileSync(join(other, "base.lock.json"), JSON.stringify(lockOf(fixtureProgram("v1"))));
      let out = "";
      const code = await main(["diff", "--against", "base.lock.json"], {
        out: (s) => void (out += s),
        err: () => {},
        cwd: other,
        isTTY: false,
      });
      expect(code).toBe(1);
      expect(out).toMatch(
        /\nshop: 1\.0\.0 → 1\.1\.0; \d+ breaking change\(s\) need 2\.0\.0 or an approval\n/,
      );
      expect(out).toContain(
        "intent/shop.intent.yaml:49:35 error guard-strengthened Guard strengthened (input)",
      );
      expect(out).toMatch(/60 change\(s\): [1-9]\d* error, 1 breaking but allowed/);
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  test("JSON and SARIF carry the same findings", async () => {
    const json = JSON.parse(
      (await run(["diff", "--against", "base.lock.json", "--format", "json"])).out,
    ) as { findings: { rule: string }[] };
    expect(json.findings).toHaveLength(60);
    const sarif = JSON.parse(
      (await run(["diff", "--against", "base.lock.json", "--format", "sarif"])).out,
    );
    expect(sarif.version).toBe("2.1.0");
    const results = sarif.runs[0].results as {
      ruleId: string;
      level: string;
      locations: { physicalLocation?: { region: { startLine: number } } }[];
    }[];
    expect(results.map((r) => r.ruleId)).toEqual(json.findings.map((f) => f.rule));
    const g = results.find((r) => r.ruleId === "guard-strengthened")!;
    // Allowed by the major bump: a note, not an error.
    expect([g.level, g.locations[0].physicalLocation?.region.startLine]).toEqual(["note", 49]);
    expect(sarif.runs[0].tool.driver.rules.map((r: { id: string }) => r.id)).toContain(
      "guard-strengthened",
    );
  });

  test("no lock yet: usage error with a hint", async () => {
    const r = await run(["diff"]);
    expect(r.code).toBe(2);
    expect(r.err).toContain("no generated/intent.lock.json yet");
  });

  test("--against a git ref reads the committed lock with hardened git (repo hooks and fsmonitor never run)", async () => {
    const git = (...a: string[]) =>
      execFileSync("git", ["-c", "core.hooksPath=/dev/null", ...a], { cwd: dir, stdio: "pipe" });
    git("init", "-q");
    writeFileSync(
      join(dir, "generated", "intent.lock.json"),
      JSON.stringify(lockOf(fixtureProgram("v2"))),
    );
    git("add", "generated/intent.lock.json");
    git("-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "-q", "-m", "base");
    git("config", "core.fsmonitor", `touch ${join(dir, "PWNED")}`);
    const r = await run(["diff", "--against", "HEAD"]);
    expect([r.code, r.out]).toEqual([0, "No changes.\n"]);
    expect(() => execFileSync("test", ["-e", join(dir, "PWNED")])).toThrow();
    const bad = await run(["diff", "--against", "--output=/tmp/x"]);
    expect(bad.code).toBe(2);
  });
});
