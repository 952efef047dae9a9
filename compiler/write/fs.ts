/**
 * File-system steps of the writer protocol (compiler/write.ts): temp names, fsync, best-effort
 * removal, hard-linking unchanged files and the swap (steps 3–5). Links are never followed.
 */
import { randomBytes } from "node:crypto";
import {
  chmodSync,
  closeSync,
  constants,
  copyFileSync,
  fchmodSync,
  fsyncSync,
  linkSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  renameSync,
  rmSync,
  utimesSync,
  writeSync,
} from "node:fs";
import { join } from "node:path";
import type { OutputTarget } from "./paths.js";
import type { TreeEntry } from "./tree.js";

/** Mode of every generated directory. */
export const DIR_MODE = 0o755;

/** Mode of a generated file: 0755 for scripts starting with `#!`, else 0644. */
export function fileModeFor(contents: string): number {
  return contents.startsWith("#!") ? 0o755 : 0o644;
}

/**
 * Faults a crash test injects into a write (the `faults` option of the writer, used only by the
 * kill tests): SIGKILL after placing N files, or at a named point of the swap.
 */
export interface WriteFaults {
  readonly killAfterFiles?: number;
  readonly killAt?: "mid-swap" | "after-swap";
}

/** SIGKILL this process at a named protocol point when the faults ask for it. */
function killPoint(at: WriteFaults["killAt"], faults: WriteFaults | undefined): void {
  if (faults?.killAt === at) process.kill(process.pid, "SIGKILL");
}

/** A fresh `.intentc-<kind>-<base>-<hex12>` path beside the output dir. */
export function tempName(target: OutputTarget, kind: "tmp" | "old"): string {
  return join(target.parent, `.intentc-${kind}-${target.base}-${randomBytes(6).toString("hex")}`);
}

/** Create one directory of the temp tree with {@link DIR_MODE}, whatever the umask. */
export function makeDir(abs: string): void {
  mkdirSync(abs, { mode: DIR_MODE });
  chmodSync(abs, DIR_MODE); // the umask may have narrowed it
}

/** How a new file is opened: never through a link, never over an existing entry. */
export const CREATE_FLAGS =
  constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;

/** Create a new file (never through a link, never over an existing entry) with exactly `mode`. */
export function createFile(dest: string, bytes: Uint8Array, mode: number): void {
  const fd = openSync(dest, CREATE_FLAGS, mode);
  try {
    let off = 0;
    while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
    fchmodSync(fd, mode);
  } finally {
    closeSync(fd);
  }
}

/** fsync one freshly written file (opened read-only; never follows a link). */
export function fsyncFile(abs: string): void {
  const fd = openSync(abs, constants.O_RDONLY | constants.O_NOFOLLOW);
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** fsync a directory where the platform allows it. */
export function fsyncDir(abs: string): void {
  // Directory fsync makes renames durable on Linux; some platforms refuse it, which is harmless.
  try {
    const fd = openSync(abs, "r");
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // not supported here
  }
}

/**
 * Remove a tree we created (temp or backup), best effort: read-only directories inside it (a
 * user's chmod) are made writable first; whatever still cannot be removed is retried by the
 * next build's recovery. Links inside are removed, never followed.
 */
export function removeTree(abs: string): void {
  try {
    rmSync(abs, { recursive: true, force: true });
    return;
  } catch {
    // fall through: try to make directories writable
  }
  const unlock = (dir: string) => {
    try {
      if (!lstatSync(dir).isDirectory()) return;
      chmodSync(dir, 0o700);
      for (const name of readdirSync(dir)) unlock(join(dir, name));
    } catch {
      // not ours to fix
    }
  };
  unlock(abs);
  try {
    rmSync(abs, { recursive: true, force: true });
  } catch {
    // left for the next build's recovery
  }
}

/** Hard-link an unchanged file into the new tree (copy, keeping times, where links fail). */
export function linkUnchanged(prev: TreeEntry, dest: string): boolean {
  try {
    linkSync(prev.abs, dest);
  } catch {
    try {
      copyFileSync(prev.abs, dest, constants.COPYFILE_EXCL);
      chmodSync(dest, prev.mode);
      const st = lstatSync(prev.abs);
      utimesSync(dest, st.atime, st.mtime);
    } catch {
      rmSync(dest, { force: true });
      return false;
    }
  }
  return linkedRight(prev, dest);
}

/**
 * Whether `dest`, just linked or copied from `prev`, is a plain file with `prev`'s mode; removed
 * when not (a file swapped for a link since the scan must not enter the new tree).
 */
export function linkedRight(prev: TreeEntry, dest: string): boolean {
  const st = lstatSync(dest);
  if (st.isFile() && (st.mode & 0o777) === prev.mode) return true;
  rmSync(dest, { force: true });
  return false;
}

/** Steps 3–5 of the protocol: swap the complete temp tree in and drop the previous one. */
export function swapIn(
  target: OutputTarget,
  tmp: string,
  hasOld: boolean,
  faults?: WriteFaults,
): void {
  if (!hasOld) {
    renameSync(tmp, target.outAbs);
    fsyncDir(target.parent);
    return;
  }
  const backup = tempName(target, "old");
  renameSync(target.outAbs, backup);
  killPoint("mid-swap", faults);
  try {
    renameSync(tmp, target.outAbs);
  } catch (e) {
    renameSync(backup, target.outAbs);
    throw e;
  }
  fsyncDir(target.parent);
  killPoint("after-swap", faults);
  // The new tree is in place: failing to delete the backup is not a failed build.
  removeTree(backup);
}
