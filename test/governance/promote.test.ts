/** Approval and promotion (ring 4): refused without approvals, by the agent, or for a failed run. */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../compiler/cli.js";
import type { CliIO } from "../../compiler/cli/shared.js";
import { git, makeRepo } from "./helpers.js";
import { describeWithTools } from "../system-tools.js";

let repo: string;

async function cli(...argv: string[]) {
  let out = "";
  let err = "";
  const io: CliIO = {
    out: (s) => void (out += s),
    err: (s) => void (err += s),
    cwd: repo,
    isTTY: false,
  };
  const code = await main(argv, io);
  return { code, out, err };
}

function runIdOf(out: string): string {
  const m = /^run (\S+): /m.exec(out);
  if (!m) throw new Error(`no run id in: ${out}`);
  return m[1];
}

beforeAll(() => {
  repo = makeRepo();
});
afterAll(() => rmSync(repo, { recursive: true, force: true }));

// The two flows below start from a real sandboxed `intentc run`.
describeWithTools(["bwrap"], "intentc approve / promote after a sandboxed run", () => {
  it("refuses promotion without approvals, then promotes once a person approves", async () => {
    const run = await cli("run", "feature", "--agent-name", "bot", "--", "sh", "agents/good.sh");
    expect(run.code, run.err).toBe(0);
    const id = runIdOf(run.out);
    const head = git(repo, "rev-parse", "HEAD").trim();
    // The run's checkout is gone; the evidence and the recorded files are what promotion reads.
    expect(existsSync(join(repo, ".intentc/runs", id, "worktree"))).toBe(false);
    expect(existsSync(join(repo, ".intentc/runs", id, "EVIDENCE.md"))).toBe(true);

    const refused = await cli("promote", id);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain(
      `promote refused: Run '${id}' has 0 approval(s); risk tier 'standard' requires 1.`,
    );
    expect(git(repo, "branch", "--list", "intentc/*")).toBe("");

    const self = await cli("approve", id, "--by", "bot");
    expect(self.code).toBe(1);
    expect(self.err).toContain("an agent can never approve its own change");

    const ok = await cli("approve", id, "--by", "alice");
    expect(ok.code).toBe(0);
    expect(ok.out).toBe(`approved ${id} by alice: 1 of 1 required approval(s)\n`);

    const promoted = await cli("promote", id);
    expect(promoted.code, promoted.err).toBe(0);
    const branch = `intentc/feature/${id}`;
    expect(promoted.out).toContain(`promoted ${id}: branch ${branch} at `);
    expect(git(repo, "show", `${branch}:src/feature/ok.txt`)).toBe("ok\n");
    expect(git(repo, "rev-parse", `${branch}~1`).trim()).toBe(head);
    const ev = `.intentc/evidence/${id}`;
    expect(git(repo, "diff", "--name-only", head, branch).trim().split("\n")).toEqual([
      `${ev}/EVIDENCE.md`,
      `${ev}/evidence.json`,
      "src/feature/ok.txt",
    ]);
    expect(git(repo, "log", "-1", "--format=%B", branch)).toContain("Approved-by: alice");
    // A reviewer with only the branch verifies the evidence by hand (README: "Verifying a promoted branch").
    const trailers = Object.fromEntries(
      git(repo, "log", "-1", "--format=%(trailers:only,unfold)", branch)
        .trim()
        .split("\n")
        .map((l) => [l.slice(0, l.indexOf(":")), l.slice(l.indexOf(":") + 2)]),
    );
    expect(trailers.Evidence).toBe(`${ev}/evidence.json`);
    const committed = execFileSync("git", ["show", `${branch}:${ev}/evidence.json`], { cwd: repo });
    expect(createHash("sha256").update(committed).digest("hex")).toBe(trailers["Evidence-sha256"]);
    const e = JSON.parse(committed.toString("utf8"));
    expect(e).toMatchObject({
      runId: id,
      result: "passed",
      base: head,
      approvals: { recorded: [{ by: "alice" }] },
    });
    expect(git(repo, "show", `${branch}:${ev}/EVIDENCE.md`)).toContain("**Result: PASSED**");
    // The tree minus the evidence is exactly the candidate the gates ran on.
    const idx = join(repo, ".git", "verify-index");
    const env = { ...process.env, GIT_INDEX_FILE: idx };
    execFileSync("git", ["read-tree", branch], { cwd: repo, env });
    execFileSync("git", ["rm", "-r", "-q", "--cached", ev], { cwd: repo, env });
    expect(execFileSync("git", ["write-tree"], { cwd: repo, env, encoding: "utf8" }).trim()).toBe(
      trailers["Candidate-tree"],
    );
    rmSync(idx, { force: true });
    expect(
      git(
        repo,
        "diff",
        "--name-only",
        head,
        branch,
        "--",
        ".",
        ":(exclude).intentc/evidence",
      ).trim(),
    ).toBe(e.files.map((f: { path: string }) => f.path).join("\n"));
    // Promotion never touches the working tree or moves the current branch.
    expect(git(repo, "rev-parse", "HEAD").trim()).toBe(head);
    expect(git(repo, "status", "--porcelain")).toBe("");
    // A second promotion of the same run cannot move the branch.
    expect((await cli("promote", id)).code).toBe(1);
    const evidence = JSON.parse(
      readFileSync(join(repo, ".intentc/runs", id, "evidence.json"), "utf8"),
    );
    expect(evidence.approvals.recorded.map((a: { by: string }) => a.by)).toEqual(["alice"]);
  });

  it("never approves or promotes a rejected run", async () => {
    const run = await cli("run", "feature", "--keep-worktree", "--", "sh", "agents/symlink.sh");
    expect(run.code).toBe(1);
    const id = runIdOf(run.out);
    expect(run.out).toContain("symlink: 'src/feature/passwd' is a symlink");
    // Kept on request (to inspect what the agent left), and said where.
    const worktree = join(repo, ".intentc/runs", id, "worktree");
    expect(run.err).toContain(`worktree kept: ${worktree}\n`);
    expect(existsSync(join(worktree, "src/feature"))).toBe(true);
    const approve = await cli("approve", id, "--by", "alice");
    expect(approve.code).toBe(1);
    expect(approve.err).toContain("only a passed run can be approved");
    const promote = await cli("promote", id);
    expect(promote.code).toBe(1);
    expect(promote.err).toContain("promotion needs every gate passed and a clean scope");
  });
});

describe("intentc approve / promote", () => {
  it("refuses unknown runs and path-like run ids", async () => {
    const r = await cli("promote", "../../etc");
    expect(r.code).toBe(1);
    expect(r.err).toBe("promote refused: No run '../../etc' under .intentc/runs.\n");
  });

  it("verify via the CLI writes evidence and exits 1 on a violation", async () => {
    const ok = await cli("verify", "feature", "--base", "HEAD");
    expect(ok.code, ok.err).toBe(1); // no change at all: test gate fails (ok.txt missing)
    expect(ok.out).toContain("verify feature: FAILED — Gate 'test' failed.");
  });
});
