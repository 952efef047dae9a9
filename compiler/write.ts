/**
 * The writer: the only module that writes generated output to disk.
 *
 * Protocol (issue 3 item 7, SECURITY.md F01/F02/F04). A directory cannot be replaced by one
 * `rename` (ENOTEMPTY), so a build swaps trees:
 *
 *  0. The caller holds the build lock (`write/lock.ts`) and has run {@link recoverOutput}.
 *  1. Refuse when the output dir, any component of it, or any entry inside it is a symlink
 *     (IC5501), and when an emitted path is unsafe (IC5503). Nothing is written.
 *  2. Build the complete new tree in `<parent>/.intentc-tmp-<base>-<hex12>` (same file system as
 *     the output dir). Unchanged files (same bytes and mode) are hard-linked from the old tree,
 *     so they keep their inode and mtime; changed files are created with O_EXCL, chmod'ed
 *     explicitly (0644, or 0755 for `#!` scripts; dirs 0755 whatever the umask) and fsync'ed.
 *     If nothing differs at all, the temp tree is dropped and the output dir is not touched.
 *  3. rename `<out>` → `<parent>/.intentc-old-<base>-<hex12>`
 *  4. rename temp → `<out>`, fsync `<parent>`
 *  5. remove the old tree.
 *
 * A SIGKILL anywhere leaves one of these states, each repaired by the next build's
 * {@link recoverOutput} (run under the lock before anything else):
 *  - during 2: `<out>` is the untouched previous tree, plus a temp dir → the temp dir is removed;
 *  - between 3 and 4: `<out>` is missing and `.intentc-old-*` holds the complete previous tree
 *    → it is renamed back to `<out>` (the half-swapped new tree is discarded);
 *  - during 5: `<out>` is the complete new tree → the leftover old tree is removed.
 * So `<out>` always holds a complete tree (old or new), except during the two-syscall window of
 * 3–4, after which the previous tree is restored. Copying unchanged files into the previous
 * tree in place was rejected: a kill part-way would leave a mix of old and new files.
 *
 * Test hooks (documented, used only by test/write): `INTENTC_TEST_KILL_AFTER_FILES=N` makes the
 * writer SIGKILL its own process after placing N files in the temp tree;
 * `INTENTC_TEST_KILL_AT=mid-swap` kills between steps 3 and 4, `after-swap` between 4 and 5.
 */
import { randomBytes } from "node:crypto";
import {
  closeSync,
  copyFileSync,
  constants,
  fsyncSync,
  linkSync,
  lstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  chmodSync,
  fchmodSync,
  utimesSync,
  writeSync,
} from "node:fs";
import { join } from "node:path";
import type { Diagnostic, DiagnosticResult } from "./diagnostic.js";
import { createDiagnostic } from "./diagnostics.js";
import {
  pathLoc,
  resolveOutputTarget,
  validateEmittedPaths,
  writeFailed,
  type OutputTarget,
} from "./write/paths.js";
import { scanTree, type ScannedTree, type TreeEntry } from "./write/tree.js";

export { resolveOutputTarget, type OutputTarget } from "./write/paths.js";
export { checkTree, driftEntries, type DriftEntry } from "./write/drift.js";

/** Mode of every generated directory. */
export const DIR_MODE = 0o755;

/** Mode of a generated file: 0755 for scripts starting with `#!`, else 0644. */
export function fileModeFor(contents: string): number {
  return contents.startsWith("#!") ? 0o755 : 0o644;
}

/** What a write did. */
export interface WriteSummary {
  /** Files created or rewritten, sorted. */
  readonly written: readonly string[];
  /** Number of files whose bytes and mode were already right (hard-linked, not rewritten). */
  readonly unchanged: number;
  /** Files (and other entries) present before and not emitted now, sorted. */
  readonly removed: readonly string[];
  /** False when the tree already matched and the output dir was not touched. */
  readonly swapped: boolean;
}

/** What {@link recoverOutput} repaired. */
export interface RecoverySummary {
  /** The backup renamed back to the output dir, if any. */
  readonly restored: string | undefined;
  /** Leftover temp and backup trees removed. */
  readonly removed: readonly string[];
}

function killPoint(at: string): void {
  if (process.env.INTENTC_TEST_KILL_AT === at) process.kill(process.pid, "SIGKILL");
}

function tempName(target: OutputTarget, kind: "tmp" | "old"): string {
  return join(target.parent, `.intentc-${kind}-${target.base}-${randomBytes(6).toString("hex")}`);
}

function siblingPattern(base: string): RegExp {
  const escaped = base.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`^\\.intentc-(tmp|old)-${escaped}-[0-9a-f]{12}$`);
}

/** fsync one freshly written file (opened read-only; never follows a link). */
function fsyncFile(abs: string): void {
  const fd = openSync(abs, constants.O_RDONLY | constants.O_NOFOLLOW);
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function fsyncDir(abs: string): void {
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
 * next build's {@link recoverOutput}. Links inside are removed, never followed.
 */
function removeTree(abs: string): void {
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

/**
 * Repair what a killed build left beside the output dir (see the protocol above): restore the
 * output from its backup when the output is missing, then remove every leftover temp/backup.
 * Call with the build lock held.
 */
export function recoverOutput(target: OutputTarget): RecoverySummary {
  let names: string[];
  try {
    names = readdirSync(target.parent).sort();
  } catch {
    return { restored: undefined, removed: [] };
  }
  const pattern = siblingPattern(target.base);
  const litter = names.filter((n) => pattern.test(n));
  let restored: string | undefined;
  let outExists = true;
  try {
    lstatSync(target.outAbs);
  } catch {
    outExists = false;
  }
  if (!outExists) {
    const backups = litter
      .filter((n) => n.startsWith(".intentc-old-"))
      .map((n) => ({ n, st: lstatSync(join(target.parent, n)) }))
      .filter(({ st }) => st.isDirectory())
      .sort((a, b) => b.st.mtimeMs - a.st.mtimeMs || (a.n < b.n ? -1 : 1));
    if (backups.length > 0) {
      restored = backups[0].n;
      renameSync(join(target.parent, restored), target.outAbs);
      fsyncDir(target.parent);
    }
  }
  const removed = litter.filter((n) => n !== restored);
  for (const n of removed) removeTree(join(target.parent, n));
  return { restored, removed };
}

/** Symlinks found in an existing tree, as IC5501 diagnostics (F01). */
function symlinkDiags(target: OutputTarget, old: ScannedTree): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const [rel, e] of old) {
    if (e.kind !== "symlink") continue;
    const shown = `${target.outRel}/${rel}`;
    out.push(createDiagnostic("output-symlink", { path: shown }, pathLoc(shown)));
  }
  return out;
}

function sameFile(entry: TreeEntry | undefined, bytes: Buffer, mode: number): boolean {
  if (!entry || entry.kind !== "file" || entry.mode !== mode || entry.size !== bytes.length)
    return false;
  return readFileSync(entry.abs).equals(bytes);
}

/** Every directory the emitted files need, parents first. */
function neededDirs(paths: Iterable<string>): string[] {
  const dirs = new Set<string>();
  for (const p of paths) {
    const segs = p.split("/");
    for (let i = 1; i < segs.length; i++) dirs.add(segs.slice(0, i).join("/"));
  }
  return [...dirs].sort();
}

/**
 * Write `files` (relative POSIX path → contents) as the complete content of the output dir,
 * following the protocol above. Returns diagnostics (and writes nothing) for symlinks, unsafe
 * paths and I/O failures; the previous output is then left exactly as it was.
 */
export function writeTree(
  target: OutputTarget,
  files: ReadonlyMap<string, string>,
): DiagnosticResult<WriteSummary | undefined> {
  const pathDiags = validateEmittedPaths(files.keys(), target.outRel);
  if (pathDiags.length > 0) return [undefined, pathDiags];
  // The target was validated earlier; re-check now, right before writing.
  const [fresh, targetDiags] = resolveOutputTarget(target.root, target.outRel);
  if (!fresh) return [undefined, targetDiags];
  let old: ScannedTree | undefined;
  try {
    old = scanTree(target.outAbs);
  } catch (e) {
    return [undefined, writeFailed(target, e)];
  }
  if (old) {
    const links = symlinkDiags(target, old);
    if (links.length > 0) return [undefined, links];
  }
  const sorted = [...files.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const plan = sorted.map(([rel, text]) => {
    const bytes = Buffer.from(text, "utf8");
    const mode = fileModeFor(text);
    return { rel, bytes, mode, same: sameFile(old?.get(rel), bytes, mode) };
  });
  const dirs = neededDirs(files.keys());
  const removed = old
    ? [...old].filter(([rel, e]) => e.kind !== "dir" && !files.has(rel)).map(([rel]) => rel)
    : [];
  const written = plan.filter((p) => !p.same).map((p) => p.rel);
  if (old && written.length === 0 && removed.length === 0 && treeShapeMatches(target, old, dirs)) {
    return [{ written: [], unchanged: plan.length, removed: [], swapped: false }, []];
  }
  const tmp = tempName(target, "tmp");
  try {
    mkdirSync(target.parent, { recursive: true });
    mkdirSync(tmp, { mode: 0o700 });
    fillTree(tmp, plan, dirs, old);
    chmodSync(tmp, DIR_MODE);
    fsyncDir(tmp);
  } catch (e) {
    removeTree(tmp);
    return [undefined, writeFailed(target, e)];
  }
  try {
    swapIn(target, tmp, old !== undefined);
  } catch (e) {
    removeTree(tmp);
    return [undefined, writeFailed(target, e)];
  }
  return [{ written, unchanged: plan.length - written.length, removed, swapped: true }, []];
}

/** True when the old tree has exactly the needed directories, all with the right modes. */
function treeShapeMatches(
  target: OutputTarget,
  old: ScannedTree,
  dirs: readonly string[],
): boolean {
  if ((lstatSync(target.outAbs).mode & 0o777) !== DIR_MODE) return false;
  const oldDirs = [...old].filter(([, e]) => e.kind === "dir");
  if (oldDirs.length !== dirs.length) return false;
  return oldDirs.every(([rel, e], i) => rel === dirs[i] && e.mode === DIR_MODE);
}

interface PlannedFile {
  readonly rel: string;
  readonly bytes: Buffer;
  readonly mode: number;
  readonly same: boolean;
}

/** Create every directory and file of the new tree inside `tmp`. */
function fillTree(
  tmp: string,
  plan: readonly PlannedFile[],
  dirs: readonly string[],
  old: ScannedTree | undefined,
): void {
  for (const d of dirs) {
    const abs = join(tmp, d);
    mkdirSync(abs, { mode: DIR_MODE });
    chmodSync(abs, DIR_MODE); // the umask may have narrowed it
  }
  const killAfter = Number(process.env.INTENTC_TEST_KILL_AFTER_FILES ?? "NaN");
  let placed = 0;
  const fresh: string[] = [];
  for (const f of plan) {
    const dest = join(tmp, f.rel);
    const prev = f.same ? old?.get(f.rel) : undefined;
    if (prev && linkUnchanged(prev, dest)) {
      // reused the previous inode
    } else {
      const fd = openSync(
        dest,
        constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW,
        f.mode,
      );
      try {
        let off = 0;
        while (off < f.bytes.length) off += writeSync(fd, f.bytes, off, f.bytes.length - off);
        fchmodSync(fd, f.mode);
      } finally {
        closeSync(fd);
      }
      fresh.push(dest);
    }
    placed++;
    if (placed === killAfter) process.kill(process.pid, "SIGKILL");
  }
  // Flush after writing everything rather than file by file: the first fsync commits the journal
  // for most of the tree, so the rest return quickly (one journal commit instead of thousands).
  for (const dest of fresh) fsyncFile(dest);
  for (const d of dirs) fsyncDir(join(tmp, d));
}

/** Hard-link an unchanged file into the new tree (copy, keeping times, where links fail). */
function linkUnchanged(prev: TreeEntry, dest: string): boolean {
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
  // A file swapped for a link since the scan must not enter the new tree.
  const st = lstatSync(dest);
  if (st.isFile() && (st.mode & 0o777) === prev.mode) return true;
  rmSync(dest, { force: true });
  return false;
}

/** Steps 3–5 of the protocol. */
function swapIn(target: OutputTarget, tmp: string, hasOld: boolean): void {
  if (!hasOld) {
    renameSync(tmp, target.outAbs);
    fsyncDir(target.parent);
    return;
  }
  const backup = tempName(target, "old");
  renameSync(target.outAbs, backup);
  killPoint("mid-swap");
  try {
    renameSync(tmp, target.outAbs);
  } catch (e) {
    renameSync(backup, target.outAbs);
    throw e;
  }
  fsyncDir(target.parent);
  killPoint("after-swap");
  // The new tree is in place: failing to delete the backup is not a failed build.
  removeTree(backup);
}
