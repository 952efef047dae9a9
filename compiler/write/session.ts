/**
 * An incremental tree write: steps 1–5 of the protocol in compiler/write.ts, with files placed
 * in the temp tree as they arrive (so a build need not hold every output string until the end).
 * The temp tree is created at the first file that differs from the old tree; a write in which
 * nothing differs never creates it and leaves the output dir untouched.
 */
import {
  chmodSync,
  closeSync,
  constants,
  fchmodSync,
  lstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  writeSync,
} from "node:fs";
import { join } from "node:path";
import type { Diagnostic, DiagnosticResult } from "../diagnostic.js";
import { compilerAssert } from "../diagnostic.js";
import { createDiagnostic } from "../diagnostics.js";
import {
  DIR_MODE,
  fileModeFor,
  fsyncDir,
  fsyncFile,
  linkUnchanged,
  removeTree,
  swapIn,
  tempName,
} from "./fs.js";
import {
  pathLoc,
  resolveOutputTarget,
  unsafePathReason,
  validateEmittedPaths,
  writeFailed,
  type OutputTarget,
} from "./paths.js";
import { scanTree, sha256Hex, type ScannedTree, type TreeEntry } from "./tree.js";

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

/** A write in progress; call exactly one of `finish` or `abort`. */
export interface TreeWriter {
  /** Place one file (relative POSIX path) in the new tree; adding a path twice is a bug. */
  add(rel: string, contents: string): void;
  /**
   * Validate every added path (nothing is swapped in when one is unsafe), then complete the new
   * tree and swap it in. Returns diagnostics and leaves the output as it was on any failure.
   */
  finish(): DiagnosticResult<WriteSummary | undefined>;
  /** Drop the temp tree; the output dir is left exactly as it was. */
  abort(): void;
  /**
   * After a successful `finish`: the `treeManifestHash` of the output dir, computed from the
   * contents added (no need to read the tree back).
   */
  manifestHash(): string;
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

function sameFile(entry: TreeEntry | undefined, contents: string, mode: number): boolean {
  if (!entry || entry.kind !== "file" || entry.mode !== mode) return false;
  if (entry.size !== Buffer.byteLength(contents, "utf8")) return false;
  return readFileSync(entry.abs).equals(Buffer.from(contents, "utf8"));
}

/** Every directory the files need, parents first. */
function neededDirs(paths: Iterable<string>): string[] {
  const dirs = new Set<string>();
  for (const p of paths) {
    const segs = p.split("/");
    for (let i = 1; i < segs.length; i++) dirs.add(segs.slice(0, i).join("/"));
  }
  return [...dirs].sort();
}

/** True when the old tree has exactly the needed directories, all with the right modes. */
function treeShapeMatches(target: OutputTarget, old: ScannedTree, dirs: readonly string[]): boolean {
  if ((lstatSync(target.outAbs).mode & 0o777) !== DIR_MODE) return false;
  const oldDirs = [...old].filter(([, e]) => e.kind === "dir");
  if (oldDirs.length !== dirs.length) return false;
  return oldDirs.every(([rel, e], i) => rel === dirs[i] && e.mode === DIR_MODE);
}

/**
 * Start writing the complete new content of the output dir (steps 1–2 of the protocol): refuses
 * (with diagnostics, writing nothing) when the target or anything in the old tree is a symlink.
 */
export function openTreeWriter(target: OutputTarget): DiagnosticResult<TreeWriter | undefined> {
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
  const killAfter = Number(process.env.INTENTC_TEST_KILL_AFTER_FILES ?? "NaN");
  const paths = new Set<string>();
  const hashes = new Map<string, string>();
  let manifest: string | undefined;
  const written: string[] = [];
  const freshFiles: string[] = [];
  const made = new Set<string>();
  // Unchanged files seen before the temp tree exists (their text, in case linking fails).
  let pending: [string, string][] = [];
  let tmp: string | undefined;
  let failure: unknown;
  let placed = 0;

  const ensureDirs = (dir: string, rel: string) => {
    const segs = rel.split("/");
    for (let i = 1; i < segs.length; i++) {
      const d = segs.slice(0, i).join("/");
      if (made.has(d)) continue;
      const abs = join(dir, d);
      mkdirSync(abs, { mode: DIR_MODE });
      chmodSync(abs, DIR_MODE); // the umask may have narrowed it
      made.add(d);
    }
  };
  const place = (dir: string, rel: string, contents: string, same: boolean) => {
    ensureDirs(dir, rel);
    const dest = join(dir, rel);
    const prev = same ? old?.get(rel) : undefined;
    if (!(prev && linkUnchanged(prev, dest))) {
      const mode = fileModeFor(contents);
      const bytes = Buffer.from(contents, "utf8");
      const fd = openSync(dest, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, mode);
      try {
        let off = 0;
        while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
        fchmodSync(fd, mode);
      } finally {
        closeSync(fd);
      }
      freshFiles.push(dest);
    }
    if (++placed === killAfter) process.kill(process.pid, "SIGKILL");
  };
  const openTmp = (): string => {
    if (tmp !== undefined) return tmp;
    const dir = tempName(target, "tmp");
    mkdirSync(target.parent, { recursive: true });
    mkdirSync(dir, { mode: 0o700 });
    tmp = dir;
    const waiting = pending;
    pending = [];
    for (const [rel, contents] of waiting) place(dir, rel, contents, true);
    return dir;
  };
  const abort = () => {
    if (tmp !== undefined) removeTree(tmp);
    tmp = undefined;
    pending = [];
  };

  const writer: TreeWriter = {
    add(rel, contents) {
      compilerAssert(!paths.has(rel), `the writer was given '${rel}' twice`);
      paths.add(rel);
      // Unsafe paths are only recorded (finish reports them); after an I/O error, nothing more is placed.
      if (failure !== undefined || unsafePathReason(rel) !== undefined) return;
      hashes.set(rel, `${fileModeFor(contents).toString(8)} file ${sha256Hex(contents)} ${rel}`);
      try {
        const same = sameFile(old?.get(rel), contents, fileModeFor(contents));
        if (!same) written.push(rel);
        if (same && tmp === undefined) pending.push([rel, contents]);
        else place(openTmp(), rel, contents, same);
      } catch (e) {
        failure = e;
      }
    },
    finish() {
      const pathDiags = validateEmittedPaths([...paths].sort(), target.outRel);
      if (pathDiags.length > 0 || failure !== undefined) {
        abort();
        return [undefined, pathDiags.length > 0 ? pathDiags : writeFailed(target, failure)];
      }
      // Emission ran since open: re-check the target (F01) right before the swap.
      const [again, againDiags] = resolveOutputTarget(target.root, target.outRel);
      if (!again) {
        abort();
        return [undefined, againDiags];
      }
      const sortedWritten = written.sort();
      const dirs = neededDirs(paths);
      const removed = old
        ? [...old].filter(([rel, e]) => e.kind !== "dir" && !paths.has(rel)).map(([rel]) => rel)
        : [];
      const unchanged = paths.size - sortedWritten.length;
      // The manifest of the tree about to be in place (write/tree.ts treeManifest, same lines).
      for (const d of dirs) hashes.set(d, `${DIR_MODE.toString(8)} dir - ${d}`);
      const lines = [...hashes.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).map((k) => hashes.get(k) as string);
      const wantManifest = sha256Hex(lines.join("\n") + "\n");
      if (old && tmp === undefined && sortedWritten.length === 0 && removed.length === 0 && treeShapeMatches(target, old, dirs)) {
        pending = [];
        manifest = wantManifest;
        return [{ written: [], unchanged, removed: [], swapped: false }, []];
      }
      let dir: string;
      try {
        dir = openTmp();
        // Flush after writing everything rather than file by file: the first fsync commits the
        // journal for most of the tree, so the rest return quickly.
        for (const dest of freshFiles) fsyncFile(dest);
        for (const d of dirs) fsyncDir(join(dir, d));
        chmodSync(dir, DIR_MODE);
        fsyncDir(dir);
      } catch (e) {
        abort();
        return [undefined, writeFailed(target, e)];
      }
      try {
        swapIn(target, dir, old !== undefined);
        tmp = undefined; // it is the output dir now: abort must not touch it
      } catch (e) {
        abort();
        return [undefined, writeFailed(target, e)];
      }
      manifest = wantManifest;
      return [{ written: sortedWritten, unchanged, removed, swapped: true }, []];
    },
    abort,
    manifestHash() {
      compilerAssert(manifest !== undefined, "manifestHash() before a successful finish()");
      return manifest;
    },
  };
  return [writer, []];
}
