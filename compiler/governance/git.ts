/**
 * Git, called only in a hardened form: no system or global config, no fsmonitor, external diff,
 * textconv, pager, hooks, credential helpers or protocols; `-z` output; and never a command that
 * runs clean/smudge filters on the working tree (the working tree is read with lstat instead).
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";

/** `-c` overrides applied to every git call. Repo config cannot re-enable these. */
export const HARDENED_GIT_CONFIG: readonly string[] = [
  "core.fsmonitor=false",
  "core.untrackedCache=false",
  "core.hooksPath=/dev/null",
  "core.pager=cat",
  "core.sshCommand=false",
  "core.askPass=",
  "core.attributesFile=/dev/null",
  "diff.external=",
  "diff.noprefix=false",
  "credential.helper=",
  "protocol.allow=never",
  "protocol.file.allow=always",
  "submodule.recurse=false",
  "gc.auto=0",
  "maintenance.auto=false",
  "commit.gpgSign=false",
  "tag.gpgSign=false",
  "log.showSignature=false",
];

/** Environment for git: a scrubbed PATH/HOME, no system/global config, no prompts or pagers. */
export function hardenedGitEnv(
  extra: Readonly<Record<string, string>> = {},
): Record<string, string> {
  return {
    PATH: "/usr/local/bin:/usr/bin:/bin",
    HOME: "/nonexistent",
    LANG: "C",
    LC_ALL: "C",
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_CONFIG_GLOBAL: "/dev/null",
    GIT_TERMINAL_PROMPT: "0",
    GIT_PAGER: "cat",
    PAGER: "cat",
    GIT_OPTIONAL_LOCKS: "0",
    GIT_NO_REPLACE_OBJECTS: "1",
    GIT_ATTR_NOSYSTEM: "1",
    GIT_ALLOW_PROTOCOL: "file",
    ...extra,
  };
}

/** Result of a git call. */
export interface GitResult {
  readonly status: number;
  readonly stdout: Buffer;
  readonly stderr: string;
}

/** Options for {@link runGit}. */
export interface GitOptions {
  readonly input?: Buffer | string;
  readonly env?: Readonly<Record<string, string>>;
}

/** Run git in `cwd` with the hardened config; never through a shell. */
export function runGit(cwd: string, args: readonly string[], options: GitOptions = {}): GitResult {
  const argv = [...HARDENED_GIT_CONFIG.flatMap((c) => ["-c", c]), "--no-pager", ...args];
  const r = spawnSync("git", argv, {
    cwd,
    env: hardenedGitEnv(options.env),
    input: options.input,
    maxBuffer: 512 * 1024 * 1024,
    shell: false,
  });
  if (r.error) throw r.error;
  return { status: r.status ?? 128, stdout: r.stdout, stderr: r.stderr.toString("utf8") };
}

/** Run git and return stdout, throwing a readable error on a non-zero exit. */
export function gitOk(cwd: string, args: readonly string[], options: GitOptions = {}): Buffer {
  const r = runGit(cwd, args, options);
  if (r.status !== 0) throw new Error(`git ${args[0]} failed (${r.status}): ${r.stderr.trim()}`);
  return r.stdout;
}

/** Resolve a ref to a full commit id, or undefined when it does not name a commit. */
export function resolveCommit(cwd: string, ref: string): string | undefined {
  if (ref.startsWith("-")) return undefined;
  const r = runGit(cwd, [
    "rev-parse",
    "--verify",
    "--quiet",
    "--end-of-options",
    `${ref}^{commit}`,
  ]);
  return r.status === 0 ? r.stdout.toString("utf8").trim() : undefined;
}

/** One entry of a tree listing. */
export interface TreeEntry {
  readonly mode: string;
  readonly type: string;
  readonly oid: string;
  /** Blob size in bytes (-1 for trees and gitlinks). */
  readonly size: number;
}

/** Every entry of a commit's tree, recursively, from git objects: path → mode/type/oid/size. */
export function listTree(cwd: string, commit: string): Map<string, TreeEntry> {
  const out = gitOk(cwd, ["ls-tree", "-r", "-z", "-l", "--full-tree", commit]).toString("utf8");
  const map = new Map<string, TreeEntry>();
  for (const rec of out.split("\0")) {
    if (rec === "") continue;
    const tab = rec.indexOf("\t");
    const [mode, type, oid, size] = rec.slice(0, tab).split(/ +/);
    map.set(rec.slice(tab + 1), { mode, type, oid, size: size === "-" ? -1 : Number(size) });
  }
  return map;
}

/** Split NUL-terminated git output into paths. */
export function splitZ(buf: Buffer): string[] {
  return buf
    .toString("utf8")
    .split("\0")
    .filter((s) => s !== "");
}

/** The object id git would give a blob with these bytes (sha1 repos), computed without git. */
export function blobOid(content: Buffer, algo: "sha1" | "sha256" = "sha1"): string {
  return createHash(algo).update(`blob ${content.length}\0`).update(content).digest("hex");
}

/** The repository's object format (`sha1` or `sha256`). */
export function objectFormat(cwd: string): "sha1" | "sha256" {
  const r = runGit(cwd, ["rev-parse", "--show-object-format"]);
  return r.status === 0 && r.stdout.toString("utf8").trim() === "sha256" ? "sha256" : "sha1";
}
