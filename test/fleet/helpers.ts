/** Fleet test setup: a governed repo with a bare remote, CLI runners in-process and as processes. */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../../compiler/cli.js";
import type { CliIO } from "../../compiler/cli/shared.js";
import { ensureDist, REPO } from "../driver/dist.js";
import { git, makeRepo } from "../governance/helpers.js";

export { git };

/** Extra scripted agents for queue tests. `$1` is the task when one is given. */
export const FLEET_AGENTS: Record<string, string> = {
  // Sleeps (long enough to be killed mid-run), then does the good thing.
  "slow.sh":
    'sleep "${1:-3}"\necho ok > src/feature/ok.txt\necho "slept $1" > "$INTENTC_OUT/notes.md"\n',
  // Writes the task into the change, so a test can see which job made which run.
  "task.sh": 'printf "%s\\n" "$1" > src/feature/task.txt\necho ok > src/feature/ok.txt\n',
  // Hostile text where the reviewer looks: notes and a file name that are HTML.
  "xss.sh":
    'echo ok > src/feature/ok.txt\necho x > "src/feature/x\' onmouseover=\'alert(1)\' &#60;img src=x&#62;.txt"\nprintf "%s\\n" \'<script>alert("notes")</script><img src=x onerror=alert(2)></pre><b id="pwned">bold</b>\' > "$INTENTC_OUT/notes.md"\n',
  // Counts its starts in the file named by the task, then kills the run process (unsandboxed only).
  "crash.sh": 'echo start >> "$1"\nkill -KILL "$PPID"\nsleep 5\n',
};

/** A governed repo whose `origin` is a bare repository, plus a second clone (a reviewer's machine). */
export interface Fleet {
  readonly root: string;
  readonly repo: string;
  readonly remote: string;
  readonly clone: string;
}

export function makeFleet(): Fleet {
  const repo = makeRepo();
  for (const [name, text] of Object.entries(FLEET_AGENTS))
    writeFileSync(join(repo, "agents", name), text);
  git(repo, "add", "-A");
  git(repo, "commit", "-q", "-m", "fleet agents");
  const root = mkdtempSync(join(tmpdir(), "intentc-fleet-"));
  const remote = join(root, "remote.git");
  git(root, "clone", "-q", "--bare", repo, remote);
  git(repo, "remote", "add", "origin", remote);
  const clone = join(root, "reviewer");
  git(root, "clone", "-q", remote, clone);
  mkdirSync(join(clone, ".intentc"), { recursive: true });
  return { root, repo, remote, clone };
}

/** Run the CLI in-process in `cwd`. */
export async function cli(
  cwd: string,
  ...argv: string[]
): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const io: CliIO = { out: (s) => void (out += s), err: (s) => void (err += s), cwd, isTTY: false };
  const code = await main(argv, io);
  return { code, out, err };
}

/** Start the built CLI as a process (workers must be separate processes to be killed). */
export function spawnCli(
  cwd: string,
  argv: readonly string[],
  env: Record<string, string> = {},
): ChildProcess & { output: () => string } {
  ensureDist("dist/compiler/cli.js");
  const child = spawn(process.execPath, [join(REPO, "bin/intentc.js"), ...argv], {
    cwd,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
  return Object.assign(child, { output: () => output });
}

/** Wait for a process to exit; resolves to its exit code (or the signal name). */
export function exited(child: ChildProcess): Promise<number | string> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  if (child.signalCode !== null) return Promise.resolve(child.signalCode);
  return new Promise((resolve) =>
    child.on("exit", (code, signal) => resolve(code ?? signal ?? -1)),
  );
}

/** Poll until `f` returns a value (no wall-clock assertion: the suite's timeout is the bound). */
export async function until<T>(
  f: () => T | undefined | Promise<T | undefined>,
  everyMs = 100,
): Promise<T> {
  for (;;) {
    const v = await f();
    if (v !== undefined && v !== false) return v;
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** `queue status --format json` in `cwd`. */
export async function status(
  cwd: string,
): Promise<{ backend: string; entries: Array<Record<string, any>> }> {
  const r = await cli(cwd, "queue", "status", "--format", "json");
  if (r.code !== 0) throw new Error(r.err);
  return JSON.parse(r.out);
}

/** Pids of live processes whose argv contains `args` in order (read from /proc). */
export function processesWith(...args: string[]): number[] {
  const needle = args.join("\0");
  const out: number[] = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (readFileSync(`/proc/${name}/cmdline`, "utf8").includes(needle)) out.push(Number(name));
    } catch {
      // Gone meanwhile.
    }
  }
  return out;
}

/** The refs under `prefix` in a repository. */
export function refs(repo: string, prefix: string): string[] {
  return git(repo, "for-each-ref", "--format=%(refname)", prefix).split("\n").filter(Boolean);
}
