/**
 * An incremental tree write: steps 1–5 of the protocol in compiler/write.ts, with files placed
 * in the temp tree as they arrive (so a build need not hold every output string until the end).
 * The temp tree is created at the first file that differs from the old tree; a write in which
 * nothing differs never creates it and leaves the output dir untouched.
 */
import { chmodSync, lstatSync, mkdirSync, readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import type { Diagnostic, DiagnosticResult } from "../diagnostic.js";
import { compilerAssert } from "../diagnostic.js";
import { createDiagnostic } from "../diagnostics.js";
import {
  DIR_MODE,
  fileModeFor,
  fsyncDir,
  makeDir,
  removeTree,
  swapIn,
  tempName,
  type WriteFaults,
} from "./fs.js";
import { poolPlacer, syncPlacer, workerPlacer, type Placer, type SyncPlacer } from "./placer.js";
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
  /** {@link finish} for a writer opened with `worker` set (works for every writer). */
  finishAsync(): Promise<DiagnosticResult<WriteSummary | undefined>>;
  /** Drop the temp tree; the output dir is left exactly as it was. */
  abort(): void;
  /** {@link abort}, waiting until the I/O worker (if any) has stopped before removing. */
  abortAsync(): Promise<void>;
  /**
   * After a successful `finish`: the `treeManifestHash` of the output dir, computed from the
   * contents added (no need to read the tree back).
   */
  manifestHash(): string;
}

/** How a tree writer places files. */
export interface WriterOptions {
  /**
   * Create files off this thread, finishing with `finishAsync` (the build's writer): `true` on
   * I/O worker threads ("lanes", for large trees), `"pool"` on libuv's thread pool.
   */
  readonly worker?: boolean | "pool";
  /**
   * fsync every created file and directory before the swap, so the new tree survives a power
   * loss, not only a killed build. Off by default: generated/ is derived and deterministic, and
   * the next build re-checks the tree (stamp, then contents) before trusting it.
   */
  readonly fsync?: boolean;
  /** Crash-test faults (test/write/kill.test.ts); never set by a build. */
  readonly faults?: WriteFaults;
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

function sameFile(entry: TreeEntry | undefined, bytes: Uint8Array, mode: number): boolean {
  if (!entry || entry.kind !== "file" || entry.mode !== mode) return false;
  if (entry.size !== bytes.byteLength) return false;
  return readFileSync(entry.abs).equals(bytes);
}

/** UTF-8 of each emitted file, encoded once: hashed, compared and written from the same bytes. */
const utf8 = new TextEncoder();

/** I/O worker lanes of a build: one per core, at least two (file creation is kernel-bound), at most four. */
function ioLanes(): number {
  return Math.max(2, Math.min(4, availableParallelism()));
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

/**
 * Start writing the complete new content of the output dir (steps 1–2 of the protocol): refuses
 * (with diagnostics, writing nothing) when the target or anything in the old tree is a symlink.
 */
export function openTreeWriter(
  target: OutputTarget,
  options: WriterOptions = {},
): DiagnosticResult<TreeWriter | undefined> {
  const fsync = options.fsync === true;
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
  const paths = new Set<string>();
  const hashes = new Map<string, string>();
  let manifest: string | undefined;
  const written: string[] = [];
  const made = new Set<string>();
  // Unchanged files seen before the temp tree exists (their text, in case linking fails).
  let pending: [string, Uint8Array, number][] = [];
  let tmp: string | undefined;
  let failure: unknown;
  let placer: Placer | undefined;

  const place = (dir: string, rel: string, bytes: Uint8Array, mode: number, same: boolean) => {
    const killAfter = options.faults?.killAfterFiles ?? Number.NaN;
    placer ??=
      options.worker === true
        ? workerPlacer(fsync, ioLanes(), killAfter)
        : options.worker === "pool"
          ? poolPlacer(fsync, killAfter)
          : syncPlacer(fsync, killAfter);
    const segs = rel.split("/");
    // Entries below a top-level directory are grouped by their first two segments
    // (`slices/<slice>`, `docs/diagrams`); a worker placer spreads groups over its lanes, so the
    // top-level directories every group needs are created here first.
    const group = segs.length > 2 ? `${segs[0]}/${segs[1]}` : (segs[0] as string);
    for (let i = 1; i < segs.length; i++) {
      const d = segs.slice(0, i).join("/");
      if (made.has(d)) continue;
      if (i === 1 && options.worker === true) makeDir(join(dir, d));
      else placer.dir(join(dir, d), group);
      made.add(d);
    }
    placer.file(join(dir, rel), bytes, mode, same ? old?.get(rel) : undefined, group);
  };
  const openTmp = (): string => {
    if (tmp !== undefined) return tmp;
    const dir = tempName(target, "tmp");
    mkdirSync(target.parent, { recursive: true });
    mkdirSync(dir, { mode: 0o700 });
    tmp = dir;
    const waiting = pending;
    pending = [];
    for (const [rel, bytes, mode] of waiting) place(dir, rel, bytes, mode, true);
    return dir;
  };
  const stopPlacer = async () => {
    const p = placer;
    placer = undefined;
    await p?.stop();
  };
  const abort = () => {
    // A worker may still be placing files: it is stopped first (abortAsync waits for that).
    void placer?.stop();
    placer = undefined;
    if (tmp !== undefined) removeTree(tmp);
    tmp = undefined;
    pending = [];
  };
  const abortAsync = async () => {
    await stopPlacer();
    abort();
  };

  /** Steps before the flush: the result when the write ends here, or what the swap needs. */
  type Prepared =
    | { readonly end: DiagnosticResult<WriteSummary | undefined> }
    | {
        readonly end?: undefined;
        readonly dirs: readonly string[];
        readonly summary: WriteSummary;
        readonly wantManifest: string;
      };
  /**
   * `end` is called where the write ends in failure: `abort` for a synchronous finish; an async
   * finish waits for the placer to stop before the temp tree is removed (files may be in flight).
   */
  const prepare = (end: () => void = abort): Prepared => {
    const pathDiags = validateEmittedPaths([...paths].sort(), target.outRel);
    if (pathDiags.length > 0 || failure !== undefined) {
      end();
      return { end: [undefined, pathDiags.length > 0 ? pathDiags : writeFailed(target, failure)] };
    }
    // Emission ran since open: re-check the target (F01) right before the swap.
    const [again, againDiags] = resolveOutputTarget(target.root, target.outRel);
    if (!again) {
      end();
      return { end: [undefined, againDiags] };
    }
    const sortedWritten = written.sort();
    const dirs = neededDirs(paths);
    const removed = old
      ? [...old].filter(([rel, e]) => e.kind !== "dir" && !paths.has(rel)).map(([rel]) => rel)
      : [];
    const unchanged = paths.size - sortedWritten.length;
    // The manifest of the tree about to be in place (write/tree.ts treeManifest, same lines).
    for (const d of dirs) hashes.set(d, `${DIR_MODE.toString(8)} dir - ${d}`);
    const lines = [...hashes.keys()]
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
      .map((k) => hashes.get(k) as string);
    const wantManifest = sha256Hex(lines.join("\n") + "\n");
    if (
      old &&
      tmp === undefined &&
      sortedWritten.length === 0 &&
      removed.length === 0 &&
      treeShapeMatches(target, old, dirs)
    ) {
      pending = [];
      manifest = wantManifest;
      return { end: [{ written: [], unchanged, removed: [], swapped: false }, []] };
    }
    try {
      openTmp();
    } catch (e) {
      end();
      return { end: [undefined, writeFailed(target, e)] };
    }
    return {
      dirs,
      summary: { written: sortedWritten, unchanged, removed, swapped: true },
      wantManifest,
    };
  };
  /** Steps 3–5 once every entry is durable. */
  const swap = (
    ready: Exclude<Prepared, { end: unknown }>,
  ): DiagnosticResult<WriteSummary | undefined> => {
    const dir = tmp as string;
    try {
      chmodSync(dir, DIR_MODE);
      fsyncDir(dir);
      swapIn(target, dir, old !== undefined, options.faults);
      tmp = undefined; // it is the output dir now: abort must not touch it
    } catch (e) {
      abort();
      return [undefined, writeFailed(target, e)];
    }
    manifest = ready.wantManifest;
    return [ready.summary, []];
  };
  const dirsToFlush = (ready: Exclude<Prepared, { end: unknown }>) =>
    ready.dirs.map((d) => join(tmp as string, d));

  const writer: TreeWriter = {
    add(rel, contents) {
      compilerAssert(!paths.has(rel), `the writer was given '${rel}' twice`);
      paths.add(rel);
      // Unsafe paths are only recorded (finish reports them); after an I/O error, nothing more is placed.
      if (failure !== undefined || unsafePathReason(rel) !== undefined) return;
      const mode = fileModeFor(contents);
      const bytes = utf8.encode(contents);
      hashes.set(rel, `${mode.toString(8)} file ${sha256Hex(bytes)} ${rel}`);
      try {
        const same = sameFile(old?.get(rel), bytes, mode);
        if (!same) written.push(rel);
        if (same && tmp === undefined) pending.push([rel, bytes, mode]);
        else place(openTmp(), rel, bytes, mode, same);
      } catch (e) {
        failure = e;
      }
    },
    finish() {
      compilerAssert(!options.worker, "finish() on a worker writer; use finishAsync()");
      const ready = prepare();
      if (ready.end) return ready.end;
      try {
        // Without a worker, every entry is in place already; flush on this thread.
        ((placer ?? syncPlacer(fsync)) as SyncPlacer).flushSync(dirsToFlush(ready));
      } catch (e) {
        abort();
        return [undefined, writeFailed(target, e)];
      }
      return swap(ready);
    },
    async finishAsync() {
      let failed = false;
      const ready = prepare(() => {
        failed = true;
      });
      if (ready.end) {
        await (failed ? abortAsync() : stopPlacer());
        return ready.end;
      }
      try {
        await (placer ?? syncPlacer(fsync)).flush(dirsToFlush(ready));
      } catch (e) {
        await abortAsync();
        return [undefined, writeFailed(target, e)];
      }
      await stopPlacer();
      return swap(ready);
    },
    abortAsync,
    abort,
    manifestHash() {
      compilerAssert(manifest !== undefined, "manifestHash() before a successful finish()");
      return manifest;
    },
  };
  return [writer, []];
}
