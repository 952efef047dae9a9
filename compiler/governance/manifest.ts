/**
 * lstat manifests of a tree: every entry's type, mode, size and git blob id, read without ever
 * following a symlink (files are opened with O_NOFOLLOW | O_NONBLOCK, so a FIFO cannot block us).
 * Two manifests are compared to find what a run changed, including what git would not show.
 */
import {
  closeSync,
  constants,
  fstatSync,
  lstatSync,
  openSync,
  readSync,
  readdirSync,
  readlinkSync,
} from "node:fs";
import type { Stats } from "node:fs";
import { join } from "node:path";
import { blobOid } from "./git.js";
import type { ChangeStatus, EntryType } from "./types.js";

/** One entry of a manifest. `mode` holds the permission and special bits (& 0o7777). */
export interface ManifestEntry {
  readonly type: EntryType;
  readonly mode: number;
  readonly size: number;
  /** Git blob id of a file's bytes or a symlink's target text (never followed). */
  readonly oid?: string;
}

/** Repo-relative POSIX path → entry, sorted by path. */
export type Manifest = Map<string, ManifestEntry>;

/** Options for {@link takeManifest}. */
export interface ManifestOptions {
  /** Paths (relative to the root) not to descend into or record, e.g. the root `.git`. */
  readonly skip?: (rel: string) => boolean;
  /** Files larger than this are recorded without reading their content. @default 64 MiB */
  readonly hashLimit?: number;
  readonly objectFormat?: "sha1" | "sha256";
  /** Stop after this many entries (a hostile tree cannot exhaust memory). @default 200000 */
  readonly maxEntries?: number;
}

/** Type of an lstat result. */
export function entryTypeOf(st: Stats): EntryType {
  if (st.isSymbolicLink()) return "symlink";
  if (st.isFile()) return "file";
  if (st.isDirectory()) return "dir";
  if (st.isFIFO()) return "fifo";
  if (st.isSocket()) return "socket";
  if (st.isCharacterDevice()) return "char";
  return "block";
}

/** Read a regular file without following symlinks; undefined when it is not a regular file. */
export function readFileNoFollow(abs: string, maxBytes = 64 << 20): Buffer | undefined {
  let fd: number;
  try {
    fd = openSync(abs, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch {
    return undefined;
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile() || st.size > maxBytes) return undefined;
    const buf = Buffer.alloc(st.size);
    let off = 0;
    while (off < st.size) {
      const n = readSync(fd, buf, off, st.size - off, off);
      if (n === 0) break;
      off += n;
    }
    return off === st.size ? buf : buf.subarray(0, off);
  } finally {
    closeSync(fd);
  }
}

/** lstat one path into a manifest entry (undefined when it does not exist). */
export function statEntry(abs: string, options: ManifestOptions = {}): ManifestEntry | undefined {
  let st: Stats;
  try {
    st = lstatSync(abs);
  } catch {
    return undefined;
  }
  const type = entryTypeOf(st);
  const mode = st.mode & 0o7777;
  const algo = options.objectFormat ?? "sha1";
  if (type === "file") {
    const limit = options.hashLimit ?? 64 << 20;
    const buf = st.size <= limit ? readFileNoFollow(abs, limit) : undefined;
    return { type, mode, size: st.size, ...(buf ? { oid: blobOid(buf, algo) } : {}) };
  }
  if (type === "symlink") {
    const target = readlinkSync(abs, { encoding: "buffer" });
    return { type, mode, size: st.size, oid: blobOid(target, algo) };
  }
  return { type, mode, size: type === "dir" ? 0 : st.size };
}

/** Walk `root` with lstat (symlinks recorded, never followed) and return a sorted manifest. */
export function takeManifest(root: string, options: ManifestOptions = {}): Manifest {
  const out: [string, ManifestEntry][] = [];
  const max = options.maxEntries ?? 200_000;
  const walk = (rel: string, depth: number): void => {
    let names: string[];
    try {
      names = readdirSync(rel === "" ? root : join(root, rel));
    } catch {
      return;
    }
    for (const name of names.sort()) {
      const childRel = rel === "" ? name : `${rel}/${name}`;
      if (options.skip?.(childRel)) continue;
      if (out.length >= max) throw new Error(`tree under '${root}' has more than ${max} entries`);
      const entry = statEntry(join(root, childRel), options);
      if (entry === undefined) continue;
      out.push([childRel, entry]);
      if (entry.type === "dir" && depth < 64) walk(childRel, depth + 1);
    }
  };
  walk("", 0);
  return new Map(out.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** One difference between two manifests. */
export interface ManifestChange {
  readonly path: string;
  readonly status: ChangeStatus;
  readonly before?: ManifestEntry;
  readonly after?: ManifestEntry;
}

/** True when the exec bits differ (git only records 'executable by owner'). */
function execFlip(a: ManifestEntry, b: ManifestEntry): boolean {
  return (a.mode & 0o100) !== (b.mode & 0o100);
}

/**
 * Compare two manifests. Directories only count when they appear in place of something else
 * (their contents are compared entry by entry); special bits and exec bits count as changes.
 */
export function diffManifests(before: Manifest, after: Manifest): ManifestChange[] {
  const paths = [...new Set([...before.keys(), ...after.keys()])].sort();
  const out: ManifestChange[] = [];
  for (const path of paths) {
    const a = before.get(path);
    const b = after.get(path);
    if (a && b) {
      if (a.type !== b.type) out.push({ path, status: "type-changed", before: a, after: b });
      else if (a.type === "dir") {
        if ((a.mode & 0o7000) !== (b.mode & 0o7000))
          out.push({ path, status: "mode-changed", before: a, after: b });
      } else if (a.oid !== b.oid || (a.oid === undefined && a.size !== b.size))
        out.push({ path, status: "modified", before: a, after: b });
      else if (execFlip(a, b) || (a.mode & 0o7000) !== (b.mode & 0o7000))
        out.push({ path, status: "mode-changed", before: a, after: b });
    } else if (b) {
      if (b.type !== "dir" || (b.mode & 0o7000) !== 0 || path.split("/").includes(".git"))
        out.push({ path, status: "added", after: b });
    } else if (a && a.type !== "dir") {
      out.push({ path, status: "deleted", before: a });
    }
  }
  return out;
}

/** sha256-free fingerprint of a manifest (for "byte-identical" checks in tests and evidence). */
export function manifestFingerprint(m: Manifest): string {
  return [...m]
    .map(([p, e]) => `${p}\t${e.type}\t${e.mode.toString(8)}\t${e.size}\t${e.oid ?? ""}`)
    .join("\n");
}
