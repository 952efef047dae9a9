/** `intentc diff` end to end: lock file base, git-ref base, text / JSON / SARIF output and exit codes. */
import { afterAll, describe, expect, test } from "vitest";
import { cpSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execFileSync } from "node:child_process";
import { main } from "../../compiler/cli.js";
import { fixtureProgram, lockOf } from "./fixtures.js";

const dir = mkdtempSync(join(tmpdir(), "intentc-diff-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const code = await main(args, { out: (s) => void (out += s), err: (s) => void (err += s), cwd: dir, isTTY: false });
  return { code, out, err };
}

describe("intentc diff", () => {
  cpSync("test/fixtures/versions/v2/intent", join(dir, "intent"), { recursive: true });
  mkdirSync(join(dir, "generated"));
  writeFileSync(join(dir, "base.lock.json"), JSON.stringify(lockOf(fixtureProgram("v1"))));

  test("text against a lock file: findings with positions and counterexamples, exit 1 on breaking", async () => {
    const r = await run(["diff", "--against", "base.lock.json"]);
    expect(r.err).toBe("");
    expect(r.code).toBe(1);
    expect(r.out).toContain("intent/shop.intent.yaml:49:35 error guard-strengthened Guard strengthened (input) at shop.machines.Lifecycle.states.open.on.pay.guard");
    expect(r.out).toMatch(/counterexample the old contract accepts and the new one rejects: \{"amount":\d+\}/);
    expect(r.out).toMatch(/60 change\(s\): \d+ error, \d+ warn, \d+ info\.\n$/);
  });

  test("JSON and SARIF carry the same findings", async () => {
    const json = JSON.parse((await run(["diff", "--against", "base.lock.json", "--format", "json"])).out) as { findings: { rule: string }[] };
    expect(json.findings).toHaveLength(60);
    const sarif = JSON.parse((await run(["diff", "--against", "base.lock.json", "--format", "sarif"])).out);
    expect(sarif.version).toBe("2.1.0");
    const results = sarif.runs[0].results as { ruleId: string; level: string; locations: { physicalLocation?: { region: { startLine: number } } }[] }[];
    expect(results.map((r) => r.ruleId)).toEqual(json.findings.map((f) => f.rule));
    const g = results.find((r) => r.ruleId === "guard-strengthened")!;
    expect([g.level, g.locations[0].physicalLocation?.region.startLine]).toEqual(["error", 49]);
    expect(sarif.runs[0].tool.driver.rules.map((r: { id: string }) => r.id)).toContain("guard-strengthened");
  });

  test("no lock yet: usage error with a hint", async () => {
    const r = await run(["diff"]);
    expect(r.code).toBe(2);
    expect(r.err).toContain("no generated/intent.lock.json yet");
  });

  test("--against a git ref reads the committed lock with hardened git (repo hooks and fsmonitor never run)", async () => {
    const git = (...a: string[]) => execFileSync("git", ["-c", "core.hooksPath=/dev/null", ...a], { cwd: dir, stdio: "pipe" });
    git("init", "-q");
    writeFileSync(join(dir, "generated", "intent.lock.json"), JSON.stringify(lockOf(fixtureProgram("v2"))));
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
