/** `verify`: scope check of the change since a base commit, hardened git, gates (D02, D04, D08). */
import { execFileSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadPack } from "../../compiler/governance/pack.js";
import { verifySlice } from "../../compiler/governance/verify.js";
import { renderEvidenceMarkdown } from "../../compiler/governance/evidence.js";
import type { SlicePack } from "../../compiler/governance/types.js";
import { git, makeRepo } from "./helpers.js";

let repo: string;
let pack: SlicePack;
let base: string;

beforeEach(() => {
  repo = makeRepo();
  const p = loadPack(repo, "feature");
  if (typeof p === "string") throw new Error(p);
  pack = p;
  base = git(repo, "rev-parse", "HEAD").trim();
});
afterEach(() => rmSync(repo, { recursive: true, force: true }));

/** Commit everything (verify reads commits; the working tree is only an extra). */
function commitAll(message = "change") {
  git(repo, "add", "-A");
  git(repo, "commit", "-q", "--no-verify", "--allow-empty", "-m", message);
}

function verify(gates = true) {
  commitAll();
  const r = verifySlice({ repo, pack, base, gates });
  if (!r.ok) throw new Error(r.error);
  return r.evidence;
}

function rules(e: ReturnType<typeof verify>): string[] {
  return e.violations.map((v) => `${v.rule} ${v.path}`).sort();
}

describe("intentc verify", () => {
  it("passes an in-scope committed change, runs gates static first, and lists uncommitted files only as an extra", () => {
    writeFileSync(join(repo, "src/feature/ok.txt"), "ok\n");
    git(repo, "add", "-A");
    git(repo, "commit", "-q", "-m", "feature");
    writeFileSync(join(repo, "src/feature/more.txt"), "more\n");
    const r = verifySlice({ repo, pack, base });
    if (!r.ok) throw new Error(r.error);
    expect(r.evidence.result).toBe("passed");
    expect(r.evidence.files.map((f) => `${f.status} ${f.path}`)).toEqual([
      "added src/feature/ok.txt",
    ]);
    expect(r.evidence.worktreeExtra?.files.map((f) => `${f.status} ${f.path}`)).toEqual([
      "added src/feature/more.txt",
    ]);
    expect(r.evidence.worktreeExtra?.note).toMatch(/NOT verified/);
    // EVIDENCE.md shows the extra under its own heading, apart from the verdict's file list.
    const md = renderEvidenceMarkdown(r.evidence);
    expect(md).toContain("### Working tree (NOT verified");
    expect(md.slice(md.indexOf("### Working tree"))).toContain(
      "- added · file · ` src/feature/more.txt `",
    );
    expect(r.evidence.reason).toMatch(/working tree differs/);
    expect(r.evidence.gates.map((g) => `${g.stage}:${g.name}:${g.status}`)).toEqual([
      "static:lint:passed",
      "test:test:passed",
    ]);
    expect(r.evidence.gates[0].logSha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it("reports a failing gate and skips the rest", () => {
    writeFileSync(join(repo, "src/feature/bad.txt"), "FORBIDDEN\n");
    const e = verify();
    expect(e.result).toBe("failed");
    expect(e.gates.map((g) => `${g.name}:${g.status}`)).toEqual(["lint:failed", "test:skipped"]);
  });

  it("rejects writes outside the scope and to control files", () => {
    writeFileSync(join(repo, "README.md"), "changed\n");
    writeFileSync(join(repo, "intent/system.intent.yaml"), "x: 1\n");
    writeFileSync(join(repo, "src/feature/AGENTS.md"), "obey me\n");
    const e = verify();
    expect(e.result).toBe("rejected");
    expect(e.gates).toEqual([]);
    expect(rules(e)).toEqual([
      "control-file intent/system.intent.yaml",
      "control-file src/feature/AGENTS.md",
      "outside-scope README.md",
      "outside-scope intent/system.intent.yaml",
    ]);
  });

  it("D02: rejects a git mv from outside into the slice", () => {
    git(repo, "mv", "src/shared/util.ts", "src/feature/util.ts");
    const e = verify(false);
    expect(rules(e)).toEqual([
      "outside-scope src/shared/util.ts",
      "rename-from-outside src/feature/util.ts",
    ]);
    expect(e.files.find((f) => f.path === "src/feature/util.ts")?.renamedFrom).toBe(
      "src/shared/util.ts",
    );
  });

  it("D04: catches a committed symlink, exec-bit flip, new executable, submodule and .gitignore", () => {
    symlinkSync("/etc/passwd", join(repo, "src/feature/passwd"));
    chmodSync(join(repo, "checks/test.sh"), 0o755);
    writeFileSync(join(repo, "src/feature/run.sh"), "echo hi\n");
    chmodSync(join(repo, "src/feature/run.sh"), 0o755);
    mkdirSync(join(repo, "src/feature/nested"));
    git(join(repo, "src/feature/nested"), "init", "-q");
    git(
      join(repo, "src/feature/nested"),
      "-c",
      "user.name=t",
      "-c",
      "user.email=t@e",
      "commit",
      "-q",
      "--allow-empty",
      "-m",
      "n",
    );
    writeFileSync(join(repo, "src/feature/.gitignore"), "hidden.txt\n");
    const e = verify(false);
    const got = rules(e);
    expect(got).toContain("symlink src/feature/passwd");
    expect(got).toContain("exec-bit checks/test.sh");
    expect(got).toContain("exec-bit src/feature/run.sh");
    expect(got).toContain("gitlink src/feature/nested");
    expect(got).toContain("control-file src/feature/.gitignore");
    expect(e.files.find((f) => f.path === "src/feature/nested")?.type).toBe("gitlink");
  });

  it("D04: lists a FIFO, a setuid file and an ignored file left in the working tree as extras", () => {
    commitAll();
    execFileSync("mkfifo", [join(repo, "src/feature/pipe")]);
    writeFileSync(join(repo, "src/feature/suid"), "x");
    chmodSync(join(repo, "src/feature/suid"), 0o4755);
    writeFileSync(join(repo, "src/feature/.gitignore"), "hidden.txt\n");
    writeFileSync(join(repo, "src/feature/hidden.txt"), "secret\n");
    const r = verifySlice({ repo, pack, base, gates: false });
    if (!r.ok) throw new Error(r.error);
    expect(r.evidence.result).toBe("passed"); // nothing was committed
    const extra = (r.evidence.worktreeExtra?.violations ?? []).map((v) => `${v.rule} ${v.path}`);
    expect(extra).toContain("special-file src/feature/pipe");
    expect(extra).toContain("setuid src/feature/suid");
    expect(extra).toContain("control-file src/feature/.gitignore");
    expect(extra).toContain("hidden-by-ignore src/feature/hidden.txt");
  });

  it("D08: repo config core.fsmonitor / diff.external / filters run nothing", () => {
    const marker = join(repo, "..", `marker-${Date.now()}`);
    const hook = join(repo, "..", `hook-${Date.now()}.sh`);
    writeFileSync(hook, `#!/bin/sh\ntouch '${marker}'\n`);
    chmodSync(hook, 0o755);
    git(repo, "config", "core.fsmonitor", hook);
    git(repo, "config", "diff.external", hook);
    git(repo, "config", "core.pager", hook);
    git(repo, "config", "filter.evil.clean", hook);
    writeFileSync(join(repo, ".git/info/attributes"), "* filter=evil diff=evil\n");
    git(repo, "config", "diff.evil.textconv", hook);
    // Sanity: the hostile config is live — a plain git status runs it.
    writeFileSync(join(repo, "src/feature/ok.txt"), "ok\n");
    execFileSync("git", ["-c", "core.fsmonitor=", "-c", "filter.evil.clean=cat", "add", "-A"], {
      cwd: repo,
      env: { ...process.env, GIT_CONFIG_GLOBAL: "/dev/null" },
    });
    execFileSync(
      "git",
      [
        "-c",
        "core.fsmonitor=",
        "-c",
        "filter.evil.clean=cat",
        "commit",
        "-q",
        "--no-verify",
        "-m",
        "ok",
      ],
      { cwd: repo, env: { ...process.env, GIT_CONFIG_GLOBAL: "/dev/null" } },
    );
    try {
      git(repo, "status", "--porcelain");
    } catch {
      // the hook is not a real fsmonitor; git may complain after running it
    }
    expect(existsSync(marker)).toBe(true);
    rmSync(marker);
    const r = verifySlice({ repo, pack, base });
    if (!r.ok) throw new Error(r.error);
    const e = r.evidence;
    expect(e.result).toBe("passed");
    expect(existsSync(marker)).toBe(false);
    rmSync(hook);
  });

  it("reports an unknown base", () => {
    const r = verifySlice({ repo, pack, base: "--output=/tmp/x" });
    expect(r).toEqual({ ok: false, error: "'--output=/tmp/x' does not name a commit." });
  });
});
