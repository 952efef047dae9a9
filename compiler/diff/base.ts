/**
 * Reading the base of a diff: the lock file on disk (default), a lock file path, or the lock
 * committed at a git ref. A git ref is read with `git show <ref>:generated/intent.lock.json`
 * under hardened config (no fsmonitor, hooks, pager, external diff or textconv) — the lock holds
 * the normalized Program the build at that ref wrote, so nothing at the ref is re-compiled or run.
 */
import { execFileSync } from "node:child_process";
import { lstatSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { LockFile } from "../emit/lock-types.js";

/** Largest lock file read, in bytes. */
export const MAX_LOCK_BYTES = 32 * 1024 * 1024;

/** A base for the diff, or a message saying why it could not be read. */
export type BaseResult = { readonly ok: true; readonly lock: LockFile; readonly source: string } | { readonly ok: false; readonly message: string };

/** Parse lock JSON text (shape-checked loosely). */
export function parseLock(text: string, source: string): BaseResult {
  if (text.length > MAX_LOCK_BYTES) return { ok: false, message: `${source}: lock file too large` };
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    return { ok: false, message: `${source}: not JSON (${e instanceof Error ? e.message : String(e)})` };
  }
  const l = v as Partial<LockFile> | null;
  if (l === null || typeof l !== "object" || l.lockVersion !== 1 || typeof l.program !== "object" || !Array.isArray(l.program?.domains)) {
    return { ok: false, message: `${source}: not an intentc lock file (lockVersion 1)` };
  }
  return { ok: true, lock: l as LockFile, source };
}

/** Read a lock file from disk; undefined when it does not exist. */
export function readLockFile(root: string, path = "generated/intent.lock.json"): BaseResult | undefined {
  const abs = join(root, path);
  try {
    const st = lstatSync(abs);
    if (!st.isFile()) return { ok: false, message: `${path}: not a regular file` };
    if (st.size > MAX_LOCK_BYTES) return { ok: false, message: `${path}: lock file too large` };
  } catch {
    return undefined;
  }
  return parseLock(readFileSync(abs, "utf8"), path);
}

/** Read `generated/intent.lock.json` at a git ref with hardened git. */
export function readLockAtRef(root: string, ref: string): BaseResult {
  if (!/^[A-Za-z0-9_][A-Za-z0-9_./~^@{}-]{0,199}$/.test(ref)) {
    return { ok: false, message: `'${ref}' is not a valid git ref` };
  }
  try {
    const text = execFileSync(
      "git",
      ["-c", "core.fsmonitor=", "-c", "core.hooksPath=/dev/null", "-c", "diff.external=", "-c", "core.pager=cat", "--no-pager", "show", "--no-textconv", "--no-ext-diff", `${ref}:generated/intent.lock.json`],
      { cwd: root, encoding: "utf8", maxBuffer: MAX_LOCK_BYTES, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, GIT_PAGER: "cat", GIT_CONFIG_NOSYSTEM: "1", GIT_TERMINAL_PROMPT: "0" } },
    );
    return parseLock(text, `${ref}:generated/intent.lock.json`);
  } catch (e) {
    const msg = (e as { stderr?: string }).stderr?.toString().trim() || (e instanceof Error ? e.message : String(e));
    return { ok: false, message: `cannot read generated/intent.lock.json at '${ref}': ${msg}` };
  }
}

/** Resolve `--against`: a lock file path if one exists there, else a git ref; default: the lock on disk. */
export function resolveBase(root: string, against: string | undefined): BaseResult {
  if (against === undefined) return readLockFile(root) ?? { ok: false, message: "no generated/intent.lock.json yet: run `intentc build` first, or pass --against <lock file | git ref>" };
  if (against.endsWith(".json")) {
    const r = readLockFile(root, against);
    if (r !== undefined) return r;
  }
  return readLockAtRef(root, against);
}
