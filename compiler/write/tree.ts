/**
 * Reading the output tree without ever following a link: an lstat walk, a content manifest
 * (for the no-op check and tests) and a guarded single-file read (for the previous lock).
 */
import {
  closeSync,
  constants,
  lstatSync,
  openSync,
  readFileSync,
  readdirSync,
  type Stats,
} from "node:fs";
import { join } from "node:path";
import { sha256Hex } from "../shared/hash.js";

/** What the walk found at one path. */
export interface TreeEntry {
  readonly kind: "file" | "dir" | "symlink" | "other";
  /** Permission bits (`mode & 0o777`). */
  readonly mode: number;
  readonly abs: string;
  readonly size: number;
}

/** Every entry under a directory, keyed by POSIX path relative to it, in sorted order. */
export type ScannedTree = ReadonlyMap<string, TreeEntry>;

/** Deepest directory nesting the walk descends into. */
const MAX_DEPTH = 64;

function kindOf(st: Stats): TreeEntry["kind"] {
  if (st.isSymbolicLink()) return "symlink";
  if (st.isDirectory()) return "dir";
  if (st.isFile()) return "file";
  return "other";
}

/**
 * Walk `dirAbs` with lstat (links are reported, never followed). Undefined when `dirAbs` does
 * not exist. Entries come out sorted by path (code-unit order), independent of readdir order.
 */
export function scanTree(dirAbs: string): ScannedTree | undefined {
  try {
    if (!lstatSync(dirAbs).isDirectory()) return undefined;
  } catch {
    return undefined;
  }
  const out = new Map<string, TreeEntry>();
  const walk = (abs: string, rel: string, depth: number) => {
    for (const name of readdirSync(abs).sort()) {
      const childAbs = join(abs, name);
      const childRel = rel === "" ? name : `${rel}/${name}`;
      const st = lstatSync(childAbs);
      const entry: TreeEntry = {
        kind: kindOf(st),
        mode: st.mode & 0o777,
        abs: childAbs,
        size: st.size,
      };
      out.set(childRel, entry);
      if (entry.kind === "dir" && depth < MAX_DEPTH) walk(childAbs, childRel, depth + 1);
    }
  };
  walk(dirAbs, "", 0);
  return new Map([...out.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * A cheap fingerprint of the tree from `lstat` alone: per entry its path, kind, mode, size, inode
 * and change/modify times (ns). Any write, chmod, rename or replacement of an entry changes its
 * ctime or inode (ctime is set by the kernel and cannot be set back), so an equal stamp means the
 * tree was not touched since the stamp was taken; a different one only means "hash the contents".
 * Undefined when the dir does not exist.
 */
export function treeStamp(dirAbs: string): string | undefined {
  // Each entry's path, and its mode, size, inode and change and modification times (ms with
  // their fraction: sub-microsecond resolution for today's dates) as binary doubles, hashed
  // once: no string per entry, no BigInt stats.
  const names: string[] = [];
  let nums = new Float64Array(5 * 1024);
  let n = 0;
  try {
    if (!lstatSync(dirAbs).isDirectory()) return undefined;
    const walk = (abs: string, rel: string, depth: number) => {
      for (const name of readdirSync(abs).sort()) {
        // Plain concatenation: `abs` is normalized and `name` a single segment.
        const childAbs = `${abs}/${name}`;
        const childRel = rel === "" ? name : `${rel}/${name}`;
        const st = lstatSync(childAbs);
        names.push(childRel);
        if (n + 5 > nums.length) {
          const grown = new Float64Array(nums.length * 2);
          grown.set(nums);
          nums = grown;
        }
        nums[n++] = st.mode;
        nums[n++] = st.size;
        nums[n++] = st.ino;
        nums[n++] = st.ctimeMs;
        nums[n++] = st.mtimeMs;
        if (st.isDirectory() && depth < MAX_DEPTH) walk(childAbs, childRel, depth + 1);
      }
    };
    walk(dirAbs, "", 0);
  } catch {
    return undefined;
  }
  return sha256Hex(names.join("\0"), new Uint8Array(nums.buffer, 0, n * 8));
}

/** sha256 hex of a string or buffer (compiler/shared/hash.ts). */
export { sha256Hex };

/**
 * A manifest of the tree: one line per entry, `mode kind sha256 path`, sorted. Two trees are
 * byte-identical (contents, modes, shape) exactly when their manifests are equal.
 */
export function treeManifest(dirAbs: string): string | undefined {
  const tree = scanTree(dirAbs);
  if (!tree) return undefined;
  const lines: string[] = [];
  for (const [rel, e] of tree) {
    const hash = e.kind === "file" ? sha256Hex(readFileSync(e.abs)) : "-";
    lines.push(`${e.mode.toString(8)} ${e.kind} ${hash} ${rel}`);
  }
  return lines.join("\n") + "\n";
}

/** sha256 of {@link treeManifest}, or undefined when the dir does not exist. */
export function treeManifestHash(dirAbs: string): string | undefined {
  const m = treeManifest(dirAbs);
  return m === undefined ? undefined : sha256Hex(m);
}

/**
 * Read `rel` under `dirAbs` only when every component is a real directory and the file itself is
 * a regular file no larger than `maxBytes`; otherwise undefined. Links are never followed.
 */
export function readRegularFile(
  dirAbs: string,
  rel: string,
  maxBytes = 64 * 1024 * 1024,
): string | undefined {
  let cur = dirAbs;
  const segs = rel.split("/");
  try {
    if (!lstatSync(cur).isDirectory()) return undefined;
    for (let i = 0; i < segs.length; i++) {
      cur = join(cur, segs[i]);
      const st = lstatSync(cur);
      const last = i === segs.length - 1;
      if (last ? !st.isFile() || st.size > maxBytes : !st.isDirectory()) return undefined;
    }
    // O_NOFOLLOW closes the gap between the lstat above and the open.
    const fd = openSync(cur, constants.O_RDONLY | constants.O_NOFOLLOW);
    try {
      return readFileSync(fd, "utf8");
    } finally {
      closeSync(fd);
    }
  } catch {
    return undefined;
  }
}
