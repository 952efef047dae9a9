/** Approval and promotion (ring 4): refused without approvals, by the agent, or for a failed run. */
import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../compiler/cli.js";
import type { CliIO } from "../../compiler/cli/shared.js";
import { git, makeRepo } from "./helpers.js";

let repo: string;

async function cli(...argv: string[]) {
  let out = "";
  let err = "";
  const io: CliIO = { out: (s) => void (out += s), err: (s) => void (err += s), cwd: repo, isTTY: false };
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

describe("intentc approve / promote", () => {
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
    expect(refused.err).toContain(`promote refused: Run '${id}' has 0 approval(s); risk tier 'standard' requires 1.`);
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
    expect(git(repo, "diff", "--name-only", head, branch).trim()).toBe("src/feature/ok.txt");
    expect(git(repo, "log", "-1", "--format=%B", branch)).toContain("Approved-by: alice");
    // Promotion never touches the working tree or moves the current branch.
    expect(git(repo, "rev-parse", "HEAD").trim()).toBe(head);
    expect(git(repo, "status", "--porcelain")).toBe("");
    // A second promotion of the same run cannot move the branch.
    expect((await cli("promote", id)).code).toBe(1);
    const evidence = JSON.parse(readFileSync(join(repo, ".intentc/runs", id, "evidence.json"), "utf8"));
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
