/**
 * Reading a lock file (diff/lock-file.ts): the lock on disk (default), a lock file path, or the
 * lock committed at a git ref. A git ref is read with `git show <ref>:generated/intent.lock.json`
 * under hardened config (no fsmonitor, hooks, pager, external diff or textconv) — the lock holds
 * the normalized Program the build at that ref wrote, so nothing at the ref is re-compiled or run.
 */
import { execFileSync } from "node:child_process";
import { lstatSync, readFileSync } from "node:fs";
import { join } from "node:path";
import {
  LOCK_FILE,
  LOCK_PATH,
  MAX_LOCK_BYTES,
  parseLockFile,
  type LockFile,
  type LockParse,
} from "../diff/lock-file.js";

/** Read a lock file (relative to `root`); undefined when it does not exist. */
export function readLockFile(root: string, path: string = LOCK_PATH): LockParse | undefined {
  const abs = join(root, path);
  try {
    const st = lstatSync(abs);
    if (!st.isFile()) return { ok: false, message: `${path}: not a regular file` };
    if (st.size > MAX_LOCK_BYTES) return { ok: false, message: `${path}: lock file too large` };
  } catch {
    return undefined;
  }
  return parseLockFile(readFileSync(abs, "utf8"), path);
}

/** The previous build's lock in the output dir `outAbs`; undefined when absent or malformed. */
export function readPreviousLock(outAbs: string): LockFile | undefined {
  const r = readLockFile(outAbs, LOCK_FILE);
  return r?.ok ? r.lock : undefined;
}

/** Read the lock at a git ref with hardened git. */
export function readLockAtRef(root: string, ref: string): LockParse {
  if (!/^[A-Za-z0-9_][A-Za-z0-9_./~^@{}-]{0,199}$/.test(ref)) {
    return { ok: false, message: `'${ref}' is not a valid git ref` };
  }
  const hardened = [
    ...["-c", "core.fsmonitor=", "-c", "core.hooksPath=/dev/null", "-c", "diff.external="],
    ...["-c", "core.pager=cat", "--no-pager", "show", "--no-textconv", "--no-ext-diff"],
  ];
  try {
    const text = execFileSync("git", [...hardened, `${ref}:${LOCK_PATH}`], {
      cwd: root,
      encoding: "utf8",
      maxBuffer: MAX_LOCK_BYTES,
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, GIT_PAGER: "cat", GIT_CONFIG_NOSYSTEM: "1", GIT_TERMINAL_PROMPT: "0" },
    });
    return parseLockFile(text, `${ref}:${LOCK_PATH}`);
  } catch (e) {
    const msg =
      (e as { stderr?: string }).stderr?.toString().trim() ||
      (e instanceof Error ? e.message : String(e));
    return { ok: false, message: `cannot read ${LOCK_PATH} at '${ref}': ${msg}` };
  }
}

/**
 * Resolve `--against`: a lock file path if one exists there, else a git ref; default: the lock
 * on disk.
 */
export function resolveBase(root: string, against: string | undefined): LockParse {
  if (against === undefined) {
    return (
      readLockFile(root) ?? {
        ok: false,
        message: `no ${LOCK_PATH} yet: run \`intentc build\` first, or pass --against <lock file | git ref>`,
      }
    );
  }
  if (against.endsWith(".json")) {
    const r = readLockFile(root, against);
    if (r !== undefined) return r;
  }
  return readLockAtRef(root, against);
}
