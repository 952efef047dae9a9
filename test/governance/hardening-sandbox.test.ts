/**
 * Issue 19, end to end in the real bubblewrap sandbox: each class an agent got past the runner,
 * with hostile scripted agents. Skipped without a working bwrap (unless INTENTC_REQUIRE_SYSTEM_TOOLS=1).
 */
import { spawn, spawnSync } from "node:child_process";
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeWithTools } from "../system-tools.js";
import { loadPack } from "../../compiler/governance/pack.js";
import { runSlice, type RunOptions } from "../../compiler/governance/run.js";
import { createRunCgroup } from "../../compiler/governance/limits.js";
import { escapeText } from "../../compiler/shared/escape.js";
import { renderEvidenceMarkdown } from "../../compiler/governance/evidence.js";
import type { SlicePack } from "../../compiler/governance/types.js";
import { ensureDist } from "../driver/dist.js";
import { git, makeRepo, validator } from "./helpers.js";
import { evidenceSchema } from "../../compiler/governance/schemas/evidence.schema.js";

let repo: string;
let pack: SlicePack;

/** Commit a scripted agent (the run checks out the base commit, so the agent must be in it). */
function agent(name: string, script: string): string[] {
  writeFileSync(join(repo, "agents", name), script);
  git(repo, "add", "-A");
  git(repo, "commit", "-q", "--allow-empty", "-m", `agent ${name}`);
  return ["sh", `agents/${name}`];
}

function run(name: string, script: string, extra: Partial<RunOptions> = {}) {
  const r = runSlice({
    repo,
    pack,
    agent: agent(name, script),
    agentName: "hostile-agent",
    ...extra,
  });
  if (!r.ok) throw new Error(r.error);
  expect(
    validator(evidenceSchema)(JSON.parse(readFileSync(join(r.runDir, "evidence.json"), "utf8"))),
  ).toEqual([]);
  return r;
}

const rules = (r: ReturnType<typeof run>) =>
  r.evidence.violations.map((v) => `${v.rule} ${v.path}`).sort();

/** Every entry under `dir` (not descending into `skip`) with its type and special bits. */
function walk(dir: string, skip: string): { path: string; type: string; mode: number }[] {
  const out: { path: string; type: string; mode: number }[] = [];
  const go = (rel: string) => {
    for (const name of readdirSync(join(dir, rel))) {
      const r = rel ? `${rel}/${name}` : name;
      if (r === skip) continue;
      const st = lstatSync(join(dir, r));
      const type = st.isSymbolicLink()
        ? "symlink"
        : st.isFile()
          ? "file"
          : st.isDirectory()
            ? "dir"
            : "special";
      out.push({ path: r, type, mode: st.mode & 0o7777 });
      if (type === "dir") go(r);
    }
  };
  go("");
  return out;
}

describeWithTools(["bwrap"], "issue 19: sandbox and promotion hardening", () => {
  beforeAll(() => {
    repo = makeRepo();
    mkdirSync(join(repo, "config"));
    mkdirSync(join(repo, "keys"));
    writeFileSync(join(repo, "config/.env"), "DB_PASSWORD=hunter2\n");
    writeFileSync(join(repo, "keys/deploy.pem"), "-----BEGIN PRIVATE KEY-----\nsecret\n");
    writeFileSync(join(repo, "config/app.json"), "{}\n");
    writeFileSync(join(repo, "config/api.token"), "tok-123\n");
    git(repo, "add", "-A");
    git(repo, "commit", "-q", "-m", "config and keys");
    const p = loadPack(repo, "feature");
    if (typeof p === "string") throw new Error(p);
    pack = p;
  });
  afterAll(() => {
    if (repo) rmSync(repo, { recursive: true, force: true });
  });

  // Class 1: everything leaving the sandbox is plain data.
  it("1: a setuid binary, FIFO, socket, setgid dir and symlinks in $INTENTC_OUT never reach the host", () => {
    const r = run(
      "out.sh",
      [
        'cp /usr/bin/id "$INTENTC_OUT/id" && chmod 4755 "$INTENTC_OUT/id"',
        'mkfifo "$INTENTC_OUT/notes.md"',
        'node -e \'require("net").createServer().listen(process.env.INTENTC_OUT + "/sock", () => process.exit(0))\'',
        'mkdir "$INTENTC_OUT/shared" && chmod 2777 "$INTENTC_OUT/shared"',
        'ln -s /etc/shadow "$INTENTC_OUT/shadow"',
        'printf \'plain\\n\' > "$INTENTC_OUT/scope-request.md" && chmod 4777 "$INTENTC_OUT/scope-request.md"',
        'printf \'data\\n\' > "$INTENTC_OUT/log.txt" && chmod 777 "$INTENTC_OUT/log.txt"',
        "echo ok > src/feature/ok.txt",
      ].join("\n") + "\n",
    );
    expect(r.evidence.result).toBe("rejected");
    expect(rules(r)).toEqual([
      "setuid $INTENTC_OUT/id",
      "setuid $INTENTC_OUT/scope-request.md",
      "setuid $INTENTC_OUT/shared",
      "special-file $INTENTC_OUT/notes.md",
      "special-file $INTENTC_OUT/sock",
      "symlink $INTENTC_OUT/shadow",
    ]);
    // The host holds only plain data: regular files 0644 and directories, nothing special.
    const entries = walk(r.runDir, "worktree");
    expect(entries.filter((e) => e.type !== "file" && e.type !== "dir")).toEqual([]);
    expect(entries.filter((e) => (e.mode & 0o7000) !== 0)).toEqual([]);
    expect(readdirSync(join(r.runDir, "agent-out"))).toEqual(["log.txt"]);
    expect(statSync(join(r.runDir, "agent-out/log.txt")).mode & 0o7777).toBe(0o644);
    expect(existsSync(join(r.runDir, "sandbox-out"))).toBe(false);
    expect(r.evidence.untrusted).toEqual({});
  });

  it("1: a setuid file or a new executable in the slice is out of policy and never becomes a candidate", () => {
    const r = run(
      "exec.sh",
      "cp /usr/bin/id src/feature/id && chmod 4755 src/feature/id\necho 'echo hi' > src/feature/tool.sh && chmod 755 src/feature/tool.sh\necho ok > src/feature/ok.txt\n",
    );
    expect(r.evidence.result).toBe("rejected");
    expect(rules(r)).toEqual([
      "exec-bit src/feature/id",
      "exec-bit src/feature/tool.sh",
      "setuid src/feature/id",
    ]);
    expect(r.evidence.head).toBe("none");
    expect(existsSync(join(r.runDir, "files"))).toBe(false);
  });

  // Class 2: kernel-enforced limits, timeouts fail the run, the tree dies with intentc.
  it("2: processes are capped (cgroup pids.max as root, RLIMIT_NPROC otherwise)", () => {
    const limits = { processes: 40, memoryBytes: 2 * 1024 ** 3 };
    // dash exits when a fork fails: the last count written (a builtin, no fork) is how many started.
    const r = run(
      "fork.sh",
      "i=0; while [ $i -lt 300 ]; do sleep 5 & i=$((i+1)); echo $i > src/feature/started.txt; done\n",
      { processLimits: limits },
    );
    const root = process.getuid?.() === 0;
    const cgroup = createRunCgroup(`probe-${process.pid}`, limits);
    cgroup?.destroy();
    if (root && cgroup === undefined) {
      // A root run without cgroup delegation: the evidence must say the count is not capped.
      expect(r.evidence.sandboxLimits?.join("\n")).toMatch(/processes NOT capped/);
      return;
    }
    const started = Number(readFileSync(join(r.worktree, "src/feature/started.txt"), "utf8"));
    expect(started).toBeGreaterThan(5);
    expect(started).toBeLessThan(limits.processes);
    expect(r.evidence.sandboxLimits?.join("\n")).toMatch(
      root ? /pids\.max=40 \(cgroup/ : /RLIMIT_NPROC=40/,
    );
  });

  it("2: a 1 GiB allocation fails under a 512 MiB memory cap while Node itself still starts", () => {
    const r = run(
      "mem.sh",
      [
        'node -e \'require("fs").writeFileSync("src/feature/start.txt", "started"); const b = Buffer.alloc(1 << 30); b.fill(1); require("fs").writeFileSync("src/feature/mem.txt", "allocated")\' 2>/dev/null || echo refused > src/feature/mem.txt',
        "echo ok > src/feature/ok.txt",
      ].join("\n") + "\n",
      { processLimits: { processes: 256, memoryBytes: 512 * 1024 ** 2 } },
    );
    expect(readFileSync(join(r.worktree, "src/feature/start.txt"), "utf8")).toBe("started");
    expect(readFileSync(join(r.worktree, "src/feature/mem.txt"), "utf8")).toBe("refused\n");
    expect(r.evidence.sandboxLimits?.join("\n")).toMatch(/RLIMIT_DATA=536870912/);
  });

  it("2: an agent killed by the time limit fails the run, is recorded, and leaves no candidate", () => {
    const r = run("slow.sh", "echo partial > src/feature/ok.txt\nsleep 60\n", {
      pack: { ...pack, limits: { ...pack.limits, timeoutSeconds: 2 } },
    });
    expect(r.evidence.result).toBe("failed");
    expect(r.evidence.reason).toMatch(/time limit of 2 s/);
    expect(rules(r)).toEqual(["limit (agent)"]);
    expect(r.evidence.gates).toEqual([]);
    expect(r.evidence.head).toBe("none");
    expect(
      JSON.parse(readFileSync(join(r.runDir, "run.json"), "utf8")).candidateCommit,
    ).toBeUndefined();
  });

  it("2: after kill -9 of the intentc process the sandbox and the agent stop", async () => {
    ensureDist("dist/compiler/governance/run.js");
    const marker = `intentc-orphan-${process.pid}-${Date.now()}`;
    agent(
      "loop.sh",
      `while true; do date +%s%N > src/feature/alive; sleep 0.1; done # ${marker}\n`,
    );
    const script = `import { runSlice } from ${JSON.stringify(join(process.cwd(), "dist/compiler/governance/run.js"))};
import { loadPack } from ${JSON.stringify(join(process.cwd(), "dist/compiler/governance/pack.js"))};
runSlice({ repo: ${JSON.stringify(repo)}, pack: loadPack(${JSON.stringify(repo)}, "feature"), agent: ["sh", "agents/loop.sh"],
  log: (l) => process.stdout.write(l + "\\n") });`;
    const child = spawn(process.execPath, ["--input-type=module", "-e", script], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    const worktree = await new Promise<string>((resolve, reject) => {
      child.stdout.on("data", (d) => {
        out += d;
        const m = /into (\S+\/worktree)/.exec(out);
        if (m && /attempt 1/.test(out)) resolve(m[1]);
      });
      child.on("exit", () => reject(new Error(`runner exited early: ${out}`)));
    });
    const alive = join(worktree, "src/feature/alive");
    const sleep = (ms: number) => new Promise((res) => setTimeout(res, ms));
    for (let i = 0; i < 200 && !existsSync(alive); i++) await sleep(50);
    expect(existsSync(alive)).toBe(true);
    child.kill("SIGKILL");
    await new Promise((res) => child.once("exit", res));
    // No process of the sandbox survives: none runs the marked agent script.
    const survivors = () =>
      readdirSync("/proc")
        .filter((p) => /^\d+$/.test(p))
        .filter((p) => {
          try {
            return readFileSync(`/proc/${p}/cmdline`, "utf8").includes("agents/loop.sh");
          } catch {
            return false;
          }
        });
    for (let i = 0; i < 100 && survivors().length > 0; i++) await sleep(50);
    expect(survivors()).toEqual([]);
    const before = readFileSync(alive, "utf8");
    await sleep(500);
    expect(readFileSync(alive, "utf8")).toBe(before);
  });

  // Classes 3 and 10: control paths compared folded; names that alias refused.
  it("3/10: control files spelled in any case, and the whole shared list, are refused in the slice", () => {
    const names = [
      ".GITIGNORE",
      "Agents.MD",
      ".Git/config",
      "GEMINI.md",
      "CLAUDE.local.md",
      ".codex/config.toml",
      ".devcontainer/devcontainer.json",
      ".cursorrules",
      ".clinerules",
      ".windsurfrules",
      ".vscode/settings.json",
      ".husky/pre-commit",
      ".github/workflows/ci.yml",
      "Claude.MD",
    ];
    const script = names
      .map((n) => `mkdir -p "$(dirname "src/feature/${n}")" && echo x > "src/feature/${n}"`)
      .join("\n");
    const r = run("control.sh", script + "\necho ok > src/feature/ok.txt\n");
    expect(r.evidence.result).toBe("rejected");
    const control = new Set(
      r.evidence.violations.filter((v) => v.rule === "control-file").map((v) => v.path),
    );
    for (const n of names) expect(control.has(`src/feature/${n}`), n).toBe(true);
  });

  it("3: names that alias on Windows or macOS, and case/NFC twins, are refused", () => {
    const names = [
      "CON",
      "nul.txt",
      "trail.",
      "space ",
      "a:b",
      "file::$DATA",
      "PROGRA~1",
      "z\u200bw",
    ];
    const script = [
      ...names.map((n) => `echo x > 'src/feature/${n}'`),
      "echo a > src/feature/Readme.md && echo b > src/feature/README.md",
      "echo a > 'src/feature/caf\u00e9' && echo b > 'src/feature/cafe\u0301'",
      "echo ok > src/feature/ok.txt",
    ].join("\n");
    const r = run("alias.sh", script + "\n");
    expect(r.evidence.result).toBe("rejected");
    const alias = new Set(
      r.evidence.violations.filter((v) => v.rule === "alias-name").map((v) => v.path),
    );
    for (const n of names) expect(alias.has(`src/feature/${n}`), n).toBe(true);
    expect(alias.has("src/feature/README.md") && alias.has("src/feature/Readme.md")).toBe(true);
    expect(alias.has("src/feature/caf\u00e9") && alias.has("src/feature/cafe\u0301")).toBe(true);
    expect(alias.has("src/feature/ok.txt")).toBe(false);
  });

  // Class 5: secrets masked unless the slice's reads name them.
  it("5: committed .env and private keys are masked unless reads name them, and the evidence says so", () => {
    const script =
      "cat config/.env keys/deploy.pem > src/feature/leak.txt 2>&1; cat config/app.json > src/feature/app.txt\necho ok > src/feature/ok.txt\n";
    const r = run("secrets.sh", script);
    expect(readFileSync(join(r.worktree, "src/feature/leak.txt"), "utf8")).toBe("");
    expect(readFileSync(join(r.worktree, "src/feature/app.txt"), "utf8")).toBe("{}\n");
    expect(r.evidence.masked).toEqual(["config/.env", "keys/deploy.pem"]);
    // A reviewer reading EVIDENCE.md sees the same: what was masked and which limits held.
    const md = renderEvidenceMarkdown(r.evidence);
    expect(md).toContain("| secrets masked | ` config/.env `, ` keys/deploy.pem ` |");
    expect(md).toMatch(/\| limits enforced \| .*RLIMIT_DATA=\d+ \(prlimit\)/);
    const named = run("secrets.sh", script, {
      pack: { ...pack, reads: [...pack.reads, "config/.env"] },
    });
    expect(readFileSync(join(named.worktree, "src/feature/leak.txt"), "utf8")).toBe(
      "DB_PASSWORD=hunter2\n",
    );
    expect(named.evidence.masked).toEqual(["keys/deploy.pem"]);
    // The list is extendable (the system file's `secrets:`, passed by the CLI as secretPatterns).
    const extended = run(
      "token.sh",
      "cat config/api.token > src/feature/token.txt\necho ok > src/feature/ok.txt\n",
      { secretPatterns: ["**/*.token"] },
    );
    expect(readFileSync(join(extended.worktree, "src/feature/token.txt"), "utf8")).toBe("");
    expect(extended.evidence.masked).toEqual([
      "config/.env",
      "config/api.token",
      "keys/deploy.pem",
    ]);
  });

  // Class 7: names with LF, CR, ESC and bidi controls are shown escaped, never raw.
  it("7: file names with LF, CR, ESC and U+202E reach evidence and logs escaped", () => {
    const lines: string[] = [];
    const r = run(
      "names.sh",
      "touch \"src/feature/$(printf 'x\\nrun x: PASSED\\r\\033[2K\\342\\200\\256txt.exe')\"\necho ok > src/feature/ok.txt\n",
      { log: (l) => lines.push(l) },
    );
    expect(r.evidence.result).toBe("rejected");
    const raw = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u200b-\u200f]/;
    for (const v of r.evidence.violations) expect(v.message).not.toMatch(raw);
    for (const l of lines) expect(l).not.toMatch(raw);
    const v = r.evidence.violations.find((x) => x.rule === "alias-name");
    expect(v?.message).toContain(escapeText("x\nrun x: PASSED\r\u001b[2K\u202etxt.exe"));
    expect(readFileSync(join(r.runDir, "EVIDENCE.md"), "utf8")).not.toMatch(/\u202e|\u001b/);
  });

  // Class 8: errors, not crashes, with nothing left behind.
  it("8: a write root that is a committed symlink is refused and no run dir is left", () => {
    const other = makeRepo();
    try {
      rmSync(join(other, "src/feature"), { recursive: true });
      symlinkSync("../src/shared", join(other, "src/feature"));
      git(other, "add", "-A");
      git(other, "commit", "-q", "-m", "symlinked root");
      const p = loadPack(other, "feature");
      if (typeof p === "string") throw new Error(p);
      const r = runSlice({ repo: other, pack: p, agent: ["sh", "agents/good.sh"] });
      expect(r).toMatchObject({ ok: false });
      if (!r.ok)
        expect(r.error).toMatch(
          /Write root 'src\/feature' cannot be bound safely: 'src\/feature' is a symlink/,
        );
      expect(readdirSync(join(other, ".intentc/runs"))).toEqual([]);
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  it("8: build on a read-only file system is a diagnostic (EROFS), not a stack trace", () => {
    ensureDist("dist/compiler/cli.js");
    const bin = join(process.cwd(), "bin/intentc.js");
    const r = spawnSync(
      "bwrap",
      [
        "--ro-bind",
        "/",
        "/",
        "--dev",
        "/dev",
        "--proc",
        "/proc",
        "--chdir",
        repo,
        "--",
        process.execPath,
        bin,
        "build",
      ],
      {
        encoding: "utf8",
      },
    );
    expect(r.status).toBe(1);
    expect(r.stdout + r.stderr).toMatch(/IC5506 Could not write the output: EROFS/);
    expect(r.stdout + r.stderr).not.toMatch(/internal error|\n\s+at /);
  });

  it("8: the run's checkout does not inherit the caller's umask", () => {
    const old = process.umask(0o000);
    try {
      const r = run("good2.sh", "echo ok > src/feature/ok.txt\n");
      expect(statSync(join(r.worktree, "src/shared")).mode & 0o777).toBe(0o755);
      expect(statSync(join(r.worktree, "src/shared/util.ts")).mode & 0o777).toBe(0o644);
    } finally {
      process.umask(old);
    }
  });
});
