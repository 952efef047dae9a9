/**
 * The OS sandbox: a bubblewrap argv built in code (never a shell string), wrapped in `timeout`
 * and `prlimit`, reproducing the invocation that held as root and as nobody (SECURITY.md): all
 * namespaces unshared, nested user namespaces disabled, every capability dropped, dies with its
 * parent, repo read-only, write roots read-write, sibling slices masked, no network.
 */
import { spawnSync } from "node:child_process";
import { accessSync, constants, lstatSync, realpathSync } from "node:fs";
import { join } from "node:path";
import { deathSignalWrapper, prlimitFlags, type ProcessLimits } from "./limits.js";
import type { SandboxLimits } from "./types.js";

/** Default limits when a pack does not say otherwise. */
export const DEFAULT_LIMITS: SandboxLimits = {
  timeoutSeconds: 600,
  fileSizeBytes: 64 << 20,
  openFiles: 256,
  cpuSeconds: 600,
  tmpBytes: 256 << 20,
};

/** Where the worktree appears inside the sandbox. */
export const SANDBOX_REPO = "/repo";

/** A bind mount: host path → sandbox path. */
export interface Bind {
  readonly src: string;
  readonly dest: string;
}

/** Everything needed to build the sandbox argv. */
export interface SandboxSpec {
  /** Absolute, real path of the worktree (bound read-only at /repo). */
  readonly worktree: string;
  /** Repo-relative directories bound read-write. */
  readonly writeRoots: readonly string[];
  /** Repo-relative directories masked with an empty tmpfs (sibling slices). */
  readonly hide: readonly string[];
  /** Extra read-only binds (e.g. node_modules, the feedback file). */
  readonly roBinds?: readonly Bind[];
  /** Extra read-write binds (the agent's notes dir). */
  readonly rwBinds?: readonly Bind[];
  readonly env: Readonly<Record<string, string>>;
  /**
   * Env values that must not appear on any command line (API keys): handed to bwrap as
   * `--args 0` on its stdin, so `ps` and /proc/<pid>/cmdline never show them.
   */
  readonly secretEnv?: Readonly<Record<string, string>>;
  /**
   * A throw-away writable copy of the tree bound read-write at /repo instead of the read-only
   * worktree (the agent step): writes outside the write roots land there, are listed as blocked
   * attempts, and are never applied. The write roots are still the worktree's own directories.
   */
  readonly shadow?: string;
  /** A fresh per-run HOME bound read-write before the other binds (config dirs go on top of it). */
  readonly home?: Bind;
  readonly limits: SandboxLimits;
  /** Process and memory caps (limits.ts); also the argv prefix that enters the run's cgroup. */
  readonly processLimits?: ProcessLimits;
  readonly enter?: readonly string[];
  /** Repo-relative files covered by an empty read-only file (secrets.ts), and that file. */
  readonly masks?: readonly string[];
  readonly maskFile?: string;
  /** Paths of the wrapper binaries on the host. */
  readonly tools: SandboxTools;
}

/** Host binaries the sandbox needs. */
export interface SandboxTools {
  readonly bwrap: string;
  readonly timeout: string;
  readonly prlimit: string;
  /** util-linux setpriv: ties the sandbox to intentc's life (PR_SET_PDEATHSIG). */
  readonly setpriv?: string;
}

/** Find an executable on a fixed PATH (the caller's PATH is not trusted). */
export function findExecutable(
  name: string,
  dirs = ["/usr/local/bin", "/usr/bin", "/bin", "/usr/sbin", "/sbin"],
): string | undefined {
  for (const d of dirs) {
    const p = join(d, name);
    try {
      accessSync(p, constants.X_OK);
      return p;
    } catch {
      // try the next directory
    }
  }
  return undefined;
}

/**
 * Check that `rel` names a real directory inside `root` with no symlink in any component, so a
 * bind cannot be redirected out of the worktree. Returns the absolute path or a reason.
 */
export function resolveInside(
  root: string,
  rel: string,
): { ok: true; path: string } | { ok: false; reason: string } {
  let cur = root;
  for (const seg of rel.split("/")) {
    if (seg === "" || seg === "." || seg === "..")
      return { ok: false, reason: `'${rel}' is not a plain relative path` };
    cur = join(cur, seg);
    let st;
    try {
      st = lstatSync(cur);
    } catch {
      return { ok: false, reason: `'${rel}' does not exist` };
    }
    if (st.isSymbolicLink()) return { ok: false, reason: `'${rel}' goes through a symlink` };
    if (!st.isDirectory()) return { ok: false, reason: `'${rel}' is not a directory` };
  }
  const real = realpathSync(cur);
  if (real !== join(realpathSync(root), rel))
    return { ok: false, reason: `'${rel}' resolves outside the worktree` };
  return { ok: true, path: real };
}

/** The bwrap arguments (without the command) for a spec. */
export function bwrapArgs(spec: SandboxSpec): string[] {
  const a: string[] = [
    "--unshare-all",
    "--unshare-user",
    "--disable-userns",
    "--assert-userns-disabled",
    "--cap-drop",
    "ALL",
    "--die-with-parent",
    "--new-session",
    "--clearenv",
  ];
  const env: Record<string, string> = {
    PATH: "/usr/bin:/bin",
    HOME: "/tmp",
    LANG: "C.UTF-8",
    ...spec.env,
  };
  for (const k of Object.keys(env).sort()) a.push("--setenv", k, env[k]);
  if (spec.secretEnv !== undefined && Object.keys(spec.secretEnv).length > 0) a.push("--args", "0");
  a.push(
    "--tmpfs",
    "/",
    "--ro-bind",
    "/usr",
    "/usr",
    "--symlink",
    "usr/bin",
    "/bin",
    "--symlink",
    "usr/lib",
    "/lib",
    "--symlink",
    "usr/lib64",
    "/lib64",
    "--symlink",
    "usr/sbin",
    "/sbin",
    "--ro-bind",
    "/etc/passwd",
    "/etc/passwd",
    "--ro-bind",
    "/etc/group",
    "/etc/group",
    "--dev",
    "/dev",
    "--proc",
    "/proc",
    "--size",
    String(spec.limits.tmpBytes),
    "--tmpfs",
    "/tmp",
    ...(spec.shadow !== undefined
      ? ["--bind", spec.shadow, SANDBOX_REPO]
      : ["--ro-bind", spec.worktree, SANDBOX_REPO]),
  );
  if (spec.home !== undefined) a.push("--bind", spec.home.src, spec.home.dest);
  for (const b of spec.roBinds ?? []) a.push("--ro-bind", b.src, b.dest);
  for (const h of spec.hide)
    a.push("--tmpfs", `${SANDBOX_REPO}/${h}`, "--remount-ro", `${SANDBOX_REPO}/${h}`);
  for (const r of spec.writeRoots) a.push("--bind", join(spec.worktree, r), `${SANDBOX_REPO}/${r}`);
  for (const b of spec.rwBinds ?? []) a.push("--bind", b.src, b.dest);
  if (spec.maskFile)
    for (const m of spec.masks ?? []) a.push("--ro-bind", spec.maskFile, `${SANDBOX_REPO}/${m}`);
  a.push("--chdir", SANDBOX_REPO);
  return a;
}

/** The full argv: timeout → prlimit → bwrap → command. */
export function sandboxArgv(spec: SandboxSpec, command: readonly string[]): string[] {
  const l = spec.limits;
  return [
    ...(spec.enter ?? []),
    ...(spec.tools.setpriv ? deathSignalWrapper(spec.tools.setpriv) : []),
    spec.tools.timeout,
    "-k",
    "5",
    String(l.timeoutSeconds),
    spec.tools.prlimit,
    `--fsize=${l.fileSizeBytes}`,
    `--nofile=${l.openFiles}`,
    `--cpu=${l.cpuSeconds}`,
    ...(spec.processLimits ? prlimitFlags(spec.processLimits) : []),
    "--",
    spec.tools.bwrap,
    ...bwrapArgs(spec),
    "--",
    ...command,
  ];
}

/** Result of probing for a working sandbox. */
export type SandboxProbe = { ok: true; tools: SandboxTools } | { ok: false; reason: string };

/**
 * Check that bubblewrap, timeout and prlimit exist and that bwrap can create a user namespace
 * with every capability dropped (it cannot when user namespaces are disabled).
 */
export function probeSandbox(bwrapPath?: string): SandboxProbe {
  const bwrap = bwrapPath ?? findExecutable("bwrap");
  const timeout = findExecutable("timeout");
  const prlimit = findExecutable("prlimit");
  const setpriv = findExecutable("setpriv");
  if (bwrap === undefined) return { ok: false, reason: "bubblewrap (bwrap) is not installed" };
  if (timeout === undefined || prlimit === undefined || setpriv === undefined)
    return {
      ok: false,
      reason: "'timeout', 'prlimit' or 'setpriv' (coreutils, util-linux) is missing",
    };
  const r = spawnSync(
    bwrap,
    [
      "--unshare-all",
      "--unshare-user",
      "--disable-userns",
      "--assert-userns-disabled",
      "--cap-drop",
      "ALL",
      "--die-with-parent",
      "--ro-bind",
      "/usr",
      "/usr",
      "--symlink",
      "usr/bin",
      "/bin",
      "--symlink",
      "usr/lib",
      "/lib",
      "--symlink",
      "usr/lib64",
      "/lib64",
      "--proc",
      "/proc",
      "--dev",
      "/dev",
      "--",
      "/usr/bin/true",
    ],
    { encoding: "utf8", timeout: 10_000, env: { PATH: "/usr/bin:/bin" } },
  );
  if (r.error) return { ok: false, reason: `bubblewrap could not start: ${r.error.message}` };
  if (r.status !== 0)
    return {
      ok: false,
      reason: `bubblewrap cannot create a user namespace here: ${(r.stderr || "").trim() || `exit ${r.status}`}`,
    };
  return { ok: true, tools: { bwrap, timeout, prlimit, setpriv } };
}

/** Outcome of one contained command. */
export interface ExecResult {
  readonly exitCode: number | null;
  readonly timedOut: boolean;
  readonly durationMs: number;
  /** stdout then stderr (gates hash and tail this). */
  readonly output: Buffer;
  readonly stdout: Buffer;
  readonly stderr: Buffer;
}

/** Runs a command either inside the sandbox or, behind the unsafe flag, directly. */
export type Executor = (
  command: readonly string[],
  env?: Readonly<Record<string, string>>,
) => ExecResult;

/** The NUL-separated `--setenv` arguments bwrap reads from its stdin (`--args 0`). */
export function secretArgs(secretEnv: Readonly<Record<string, string>>): Buffer {
  const parts = Object.keys(secretEnv)
    .sort()
    .flatMap((k) => ["--setenv", k, secretEnv[k]]);
  return Buffer.from(parts.map((p) => `${p}\0`).join(""), "utf8");
}

/** An executor that runs every command inside the bwrap sandbox described by `spec`. */
export function createSandboxExecutor(spec: SandboxSpec): Executor {
  return (command, env = {}) => {
    const argv = sandboxArgv({ ...spec, env: { ...spec.env, ...env } }, command);
    const secrets =
      spec.secretEnv !== undefined && Object.keys(spec.secretEnv).length > 0
        ? secretArgs(spec.secretEnv)
        : undefined;
    return execArgv(argv, {}, undefined, spec.limits.timeoutSeconds + 10, secrets);
  };
}

/** An executor with no sandbox at all (only behind `--unsafe-no-sandbox`): cwd is the worktree. */
export function createUnsafeExecutor(
  worktree: string,
  limits: SandboxLimits,
  baseEnv: Readonly<Record<string, string>>,
  secretEnv: Readonly<Record<string, string>> = {},
): Executor {
  return (command, env = {}) =>
    execArgv(
      command,
      { PATH: "/usr/local/bin:/usr/bin:/bin", HOME: "/tmp", ...baseEnv, ...env, ...secretEnv },
      worktree,
      limits.timeoutSeconds,
    );
}

function execArgv(
  argv: readonly string[],
  env: Record<string, string>,
  cwd: string | undefined,
  timeoutS: number,
  input?: Buffer,
): ExecResult {
  const start = performance.now();
  const r = spawnSync(argv[0], argv.slice(1), {
    cwd,
    env,
    shell: false,
    timeout: timeoutS * 1000,
    killSignal: "SIGKILL",
    maxBuffer: 64 << 20,
    stdio: [input !== undefined ? "pipe" : "ignore", "pipe", "pipe"],
    ...(input !== undefined ? { input } : {}),
  });
  const durationMs = Math.round(performance.now() - start);
  const stdout = r.stdout ?? Buffer.alloc(0);
  const stderr = r.stderr ?? Buffer.alloc(0);
  const output = Buffer.concat([stdout, stderr]);
  const timedOut =
    r.status === 124 || (r.error as NodeJS.ErrnoException | undefined)?.code === "ETIMEDOUT";
  if (r.error && !timedOut) {
    const msg = Buffer.from(String(r.error.message));
    return { exitCode: 127, timedOut: false, durationMs, output: msg, stdout, stderr: msg };
  }
  return { exitCode: r.status, timedOut, durationMs, output, stdout, stderr };
}
