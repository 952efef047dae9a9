/**
 * End-to-end runs with scripted agents inside the real bubblewrap sandbox (SECURITY.md D01, D04,
 * B01, B11 and the cases). Skipped without a working bwrap, unless INTENTC_REQUIRE_SYSTEM_TOOLS=1.
 */
import { createHash } from "node:crypto";
import { existsSync, lstatSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeWithTools } from "../system-tools.js";
import { rmSync } from "node:fs";
import { loadPack } from "../../compiler/governance/pack.js";
import { runSlice, type RunOptions } from "../../compiler/governance/run.js";
import { probeSandbox } from "../../compiler/governance/sandbox.js";
import type { SlicePack } from "../../compiler/governance/types.js";
import { fingerprint, git, makeRepo, outsideSlice, validator } from "./helpers.js";
import { evidenceSchema } from "../../compiler/governance/schemas/evidence.schema.js";

let repo: string;
let pack: SlicePack;
let repoPrint: string;
let refs: string;

function run(agent: string, extra: Partial<RunOptions> = {}) {
  const r = runSlice({
    repo,
    pack,
    agent: ["sh", `agents/${agent}`],
    agentName: "scripted-agent",
    ...extra,
  });
  if (!r.ok) throw new Error(r.error);
  return r;
}

function sliceUnchangedOutside(worktree: string) {
  // The worktree outside src/feature equals a fresh checkout with the pack laid (the first run's).
  expect(outsideSlice(worktree)).toBe(baselineOutside);
  // The main repo (outside .intentc) and its refs are byte-identical.
  expect(fingerprint(repo, (r) => r === ".intentc")).toBe(repoPrint);
  expect(git(repo, "for-each-ref")).toBe(refs);
}

let baselineOutside: string;

describeWithTools(["bwrap"], "intentc run in the bubblewrap sandbox", () => {
  beforeAll(() => {
    expect(probeSandbox(), "bubblewrap must be able to create user namespaces").toMatchObject({
      ok: true,
    });
    repo = makeRepo();
    const p = loadPack(repo, "feature");
    if (typeof p === "string") throw new Error(p);
    pack = p;
    repoPrint = fingerprint(repo, (r) => r === ".intentc");
    refs = git(repo, "for-each-ref");
    const r = run("good.sh");
    baselineOutside = outsideSlice(r.worktree);
  });

  afterAll(() => {
    if (repo) rmSync(repo, { recursive: true, force: true });
  });

  it("passes a well-behaved agent and writes evidence with its notes marked untrusted", () => {
    const r = run("good.sh");
    expect(r.evidence).toMatchObject({
      result: "passed",
      attempts: 1,
      sandbox: "bwrap",
      violations: [],
    });
    expect(r.evidence.files).toEqual([
      { path: "src/feature/ok.txt", status: "added", type: "file", inScope: true },
    ]);
    expect(r.evidence.gates.map((g) => [g.name, g.status, g.exitCode])).toEqual([
      ["lint", "passed", 0],
      ["test", "passed", 0],
    ]);
    expect(r.evidence.untrusted.notes).toBe("implemented ok.txt\n");
    expect(r.evidence.untrusted.scopeRequest).toContain("src/shared/util.ts");
    const md = readFileSync(join(r.runDir, "EVIDENCE.md"), "utf8");
    expect(md).toContain("## Agent notes (UNTRUSTED");
    expect(md).toContain("## Scope request (UNTRUSTED — surfaced, never applied)");
    expect(readFileSync(join(r.runDir, "patch.diff"), "utf8")).toContain(
      "+++ b/src/feature/ok.txt",
    );
    expect(
      validator(evidenceSchema)(JSON.parse(readFileSync(join(r.runDir, "evidence.json"), "utf8"))),
    ).toEqual([]);
    // The scope request was surfaced, never applied.
    expect(readFileSync(join(r.worktree, "src/shared/util.ts"), "utf8")).toBe(
      "export const x = 1;\n",
    );
    // The pack was laid at native paths.
    expect(readFileSync(join(r.worktree, "CLAUDE.md"), "utf8")).toBe("@AGENTS.md\n");
    expect(existsSync(join(r.worktree, ".claude/skills/feature/SKILL.md"))).toBe(true);
    expect(existsSync(join(r.worktree, ".cursor/rules/feature.mdc"))).toBe(true);
    sliceUnchangedOutside(r.worktree);
  });

  it("detects writes outside the slice (other slice, README, shared, intent, scripts, .git): blocked, listed, never applied, run rejected", () => {
    const r = run("outside.sh");
    expect(r.evidence.result).toBe("rejected");
    expect(r.evidence.reason).toMatch(
      /^The agent attempted \d+ write\(s\) outside its scope \(blocked, never applied\)/,
    );
    const attempts = r.evidence.violations
      .filter((v) => v.blocked)
      .map((v) => `${v.rule} ${v.path}`)
      .sort();
    expect(attempts).toEqual([
      "control-file .git/HEAD",
      "control-file intent/feature.intent.yaml",
      "outside-scope README.md",
      "outside-scope scripts/evil.sh",
      "outside-scope src/other/x.txt",
      "outside-scope src/shared/util.ts",
    ]);
    expect(r.evidence.blockedAttempts).toBe(6);
    // Nothing out of scope reached the tree or the record; the in-scope file is not promoted either.
    expect(readFileSync(join(r.worktree, "README.md"), "utf8")).toBe("# tiny\n");
    expect(existsSync(join(r.worktree, "src/other/x.txt"))).toBe(false);
    expect(existsSync(join(r.worktree, "scripts"))).toBe(false);
    expect(existsSync(join(r.runDir, "shadow"))).toBe(false);
    expect(JSON.parse(readFileSync(join(r.runDir, "run.json"), "utf8")).changes).toEqual([]);
    const md = readFileSync(join(r.runDir, "EVIDENCE.md"), "utf8");
    expect(md).toContain("**6 blocked write attempts**");
    expect(md).toContain("- **outside-scope** (blocked attempt) ` README.md `");
    expect(
      validator(evidenceSchema)(JSON.parse(readFileSync(join(r.runDir, "evidence.json"), "utf8"))),
    ).toEqual([]);
    sliceUnchangedOutside(r.worktree);
  });

  it("D01: catches a symlink to /etc/passwd planted in the slice and never follows it", () => {
    const passwd = createHash("sha256").update(readFileSync("/etc/passwd")).digest("hex");
    const r = run("symlink.sh");
    expect(r.evidence.result).toBe("rejected");
    expect(r.evidence.violations).toEqual([
      {
        path: "src/feature/passwd",
        rule: "symlink",
        message: "'src/feature/passwd' is a symlink; agents may only leave regular files.",
      },
    ]);
    expect(lstatSync(join(r.worktree, "src/feature/passwd")).isSymbolicLink()).toBe(true);
    expect(existsSync(join(r.runDir, "patch.diff"))).toBe(false);
    expect(
      validator(evidenceSchema)(JSON.parse(readFileSync(join(r.runDir, "evidence.json"), "utf8"))),
    ).toEqual([]);
    const record = JSON.parse(readFileSync(join(r.runDir, "run.json"), "utf8"));
    expect(record.changes).toEqual([]);
    expect(createHash("sha256").update(readFileSync("/etc/passwd")).digest("hex")).toBe(passwd);
    sliceUnchangedOutside(r.worktree);
  });

  it("D04: catches a file hidden by a new .gitignore through the manifest diff", () => {
    const r = run("gitignore.sh");
    expect(r.evidence.result).toBe("rejected");
    const rules = r.evidence.violations.map((v) => `${v.rule} ${v.path}`).sort();
    expect(rules).toEqual([
      "control-file src/feature/.gitignore",
      "hidden-by-ignore src/feature/secret.txt",
    ]);
    expect(r.evidence.files.find((f) => f.path === "src/feature/secret.txt")).toMatchObject({
      hidden: true,
      inScope: true,
    });
    sliceUnchangedOutside(r.worktree);
  });

  it("D04: catches a FIFO left in the slice", () => {
    const r = run("fifo.sh");
    expect(r.evidence.result).toBe("rejected");
    expect(r.evidence.violations.map((v) => v.rule)).toEqual(["special-file"]);
  });

  it("B01: 'mount -o remount,rw /repo' fails as root and the repo stays unchanged", () => {
    // CI runs this as root, where bwrap without --cap-drop ALL would let the remount succeed.
    const r = run("mount.sh");
    expect(Number(readFileSync(join(r.worktree, "src/feature/mount.rc"), "utf8").trim())).not.toBe(
      0,
    );
    expect(readFileSync(join(r.worktree, "README.md"), "utf8")).toBe("# tiny\n");
    sliceUnchangedOutside(r.worktree);
  });

  it("blocks a network connection: the sandbox has no route out", () => {
    const r = run("net.sh");
    const result = readFileSync(join(r.worktree, "src/feature/net.txt"), "utf8");
    expect(result).not.toBe("connected");
    expect(result).toMatch(/^E[A-Z]+$/);
    sliceUnchangedOutside(r.worktree);
  });

  it("retries a failing gate exactly the tier's retry count, feeding the failure back, then fails", () => {
    expect(pack.risk.retries).toBe(2);
    const r = run("fail.sh");
    expect(r.evidence.result).toBe("failed");
    expect(r.evidence.attempts).toBe(3);
    expect(
      r.evidence.gates.filter((g) => g.name === "test").map((g) => [g.attempt, g.status]),
    ).toEqual([
      [1, "failed"],
      [2, "failed"],
      [3, "failed"],
    ]);
    const log = readFileSync(join(r.worktree, "src/feature/attempts.log"), "utf8");
    expect(log.match(/^attempt \d/gm)).toEqual(["attempt 1", "attempt 2", "attempt 3"]);
    expect(log).toContain("Attempt 2 failed: gate 'test' (sh checks/test.sh) exited 1.");
    sliceUnchangedOutside(r.worktree);
  });

  it("B11: refuses to run when bubblewrap is missing, and runs only behind the unsafe flag", () => {
    const refused = runSlice({
      repo,
      pack,
      agent: ["sh", "agents/good.sh"],
      bwrapPath: "/nonexistent/bwrap",
    });
    expect(refused.ok).toBe(false);
    if (!refused.ok)
      expect(refused.error).toMatch(
        /^Refusing to run the agent without a sandbox: .*--unsafe-no-sandbox/,
      );
    const unsafe = run("good.sh", { bwrapPath: "/nonexistent/bwrap", unsafeNoSandbox: true });
    expect(unsafe.evidence).toMatchObject({ result: "passed", sandbox: "none" });
  });
});
