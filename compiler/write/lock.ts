/**
 * The build lock: `<parent>/.intentc-<base>.lock`, created with O_EXCL (`wx`) and holding
 * `{ pid, host, token }`. A second build waits up to a timeout, then fails with IC5505. A lock
 * whose process is gone (same host, pid not alive) is stale and is taken over; so is an
 * unreadable lock older than a minute (a build killed between create and write).
 *
 * Known limit: two builds that find the same stale lock at the same instant may both take it
 * over; the window is one unlink + one open, and the swap protocol in write.ts still never
 * leaves a half tree behind.
 */
import { randomBytes } from "node:crypto";
import { closeSync, lstatSync, mkdirSync, openSync, unlinkSync, writeSync } from "node:fs";
import { hostname } from "node:os";
import { dirname, join } from "node:path";
import type { Diagnostic } from "../diagnostic.js";
import { createDiagnostic } from "../diagnostics.js";
import { pathLoc, type OutputTarget } from "./paths.js";
import { readRegularFile } from "./tree.js";

/** A held lock. */
export interface BuildLock {
  readonly path: string;
  /** Remove the lock if it is still ours. Safe to call twice. */
  release(): void;
}

/** Options for {@link acquireBuildLock}. */
export interface LockOptions {
  /**
   * How long to wait for another build to finish, in ms.
   * @default 10000
   */
  readonly timeoutMs?: number;
}

interface LockContent {
  readonly pid: number;
  readonly host: string;
  readonly token: string;
}

/** Path of the lock file for an output target. */
export function lockPath(target: OutputTarget): string {
  return join(target.parent, `.intentc-${target.base}.lock`);
}

function parseLock(text: string | undefined): LockContent | undefined {
  if (text === undefined) return undefined;
  try {
    const v = JSON.parse(text) as Partial<LockContent>;
    if (typeof v.pid === "number" && typeof v.host === "string" && typeof v.token === "string")
      return v as LockContent;
  } catch {
    // fall through: unreadable
  }
  return undefined;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Try once to create the lock; "held" reports who holds it. */
function tryCreate(path: string, content: LockContent): "ok" | "held" {
  let fd: number;
  try {
    fd = openSync(path, "wx", 0o644);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "EEXIST") return "held";
    if (code !== "ENOENT") throw e;
    // First build into a nested --out: create the parent (its components were checked for links).
    mkdirSync(dirname(path), { recursive: true });
    fd = openSync(path, "wx", 0o644);
  }
  try {
    writeSync(fd, JSON.stringify(content) + "\n");
  } finally {
    closeSync(fd);
  }
  return "ok";
}

/** True when the existing lock can be taken over. */
function isStale(path: string, parent: string, name: string): boolean {
  const held = parseLock(readRegularFile(parent, name, 4096));
  if (held) return held.host === hostname() && held.pid !== process.pid && !isAlive(held.pid);
  try {
    const st = lstatSync(path);
    return !st.isSymbolicLink() && Date.now() - st.mtimeMs > 60_000;
  } catch {
    return false;
  }
}

/**
 * Take the build lock for `target`, waiting up to `timeoutMs` for a running build. Reports
 * IC5505 on timeout and IC5501 when the lock path is a symlink.
 */
export async function acquireBuildLock(
  target: OutputTarget,
  options: LockOptions = {},
): Promise<readonly [BuildLock | undefined, Diagnostic[]]> {
  const path = lockPath(target);
  const name = `.intentc-${target.base}.lock`;
  const shown = target.outRel.includes("/")
    ? `${target.outRel.replace(/\/[^/]*$/, "")}/${name}`
    : name;
  const content: LockContent = {
    pid: process.pid,
    host: hostname(),
    token: randomBytes(8).toString("hex"),
  };
  const deadline = Date.now() + (options.timeoutMs ?? 10_000);
  for (;;) {
    try {
      if (lstatSync(path).isSymbolicLink())
        return [undefined, [createDiagnostic("output-symlink", { path: shown }, pathLoc(shown))]];
    } catch {
      // no lock file: try to create it
    }
    let created: "ok" | "held";
    try {
      created = tryCreate(path, content);
    } catch (e) {
      // EROFS, EACCES, ENOSPC…: the output cannot be written at all; a diagnostic, not a crash.
      const err = e as NodeJS.ErrnoException;
      const reason = `${err.code ?? "error"} creating ${shown} (${err.code === "EROFS" ? "read-only file system" : err.message})`;
      return [undefined, [createDiagnostic("output-write-failed", { reason }, pathLoc(shown))]];
    }
    if (created === "ok") return [makeLock(path, target.parent, name, content.token), []];
    if (isStale(path, target.parent, name)) {
      try {
        unlinkSync(path);
      } catch {
        // someone else removed it first
      }
      continue;
    }
    if (Date.now() >= deadline) {
      const held = parseLock(readRegularFile(target.parent, name, 4096));
      return [
        undefined,
        [
          createDiagnostic(
            "build-locked",
            { path: shown, pid: held ? held.pid : "unknown" },
            pathLoc(shown),
          ),
        ],
      ];
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

function makeLock(path: string, dir: string, name: string, token: string): BuildLock {
  let released = false;
  return {
    path,
    release() {
      if (released) return;
      released = true;
      // Only remove the lock if it is still ours (a stale takeover may have replaced it).
      if (parseLock(readRegularFile(dir, name, 4096))?.token !== token) return;
      try {
        unlinkSync(path);
      } catch {
        // already gone
      }
    },
  };
}
