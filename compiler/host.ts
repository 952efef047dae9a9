/**
 * The compiler host: the only module that reads the disk. Tests use an in-memory host.
 *
 * What the node host reads (issue 18, class 5), in one place, {@link scanIntentDir}:
 * - The intent directory may itself be a symlink (or sit below one) only when its real path
 *   stays inside the project root; otherwise nothing is listed and the scan says so
 *   (`intent-dir-outside`, IC1050). A directory the caller names outside the project on purpose
 *   (an absolute `--dir`; the CLI decides whether a command allows that) is read as named.
 * - Under it, only regular files named `*.intent.yaml` are intent. Every other entry with that
 *   name — a FIFO, socket or device (IC1051), a symbolic link of any kind (IC1052 when it
 *   resolves outside the intent directory or nowhere, IC1053 when it resolves inside) — and
 *   every symlinked directory is reported, never followed and never opened. A link inside the
 *   intent directory to another intent file is refused too: the target is compiled on its own,
 *   so the link would only compile it twice under a second name; intent files are regular files.
 * - Files are opened with O_NOFOLLOW | O_NONBLOCK and read only when fstat says regular file, so
 *   an entry swapped for a link or a FIFO after the listing is neither followed nor blocks.
 * Dot entries and `node_modules` are not intent and are not looked at.
 */
import {
  closeSync,
  constants,
  existsSync,
  fstatSync,
  lstatSync,
  openSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  statSync,
  type Stats,
} from "node:fs";
import { isAbsolute, join, relative, resolve, sep } from "node:path";
import { decodeUtf8 } from "./shared/utf8.js";

/** An entry under the intent directory that is not read, and why (the data of its diagnostic). */
export interface SkippedEntry {
  /** Repo-relative POSIX path of the entry (for `dir-outside`: the intent directory). */
  readonly path: string;
  readonly kind: "dir-outside" | "special-file" | "link-outside" | "link-inside";
  /** What the entry is (`a FIFO`, `a symbolic link to a directory` …). */
  readonly what: string;
  /** Where a link points (as the link says), when it is one. */
  readonly target?: string;
  /** For a link: `leads outside the intent directory` or `leads nowhere`. */
  readonly where?: string;
}

/** What the compiler needs from the outside world to read intent. */
export interface CompilerHost {
  /** Repo-relative POSIX paths of every `*.intent.yaml` under `dir`, sorted. */
  listIntentFiles(dir: string): string[];
  /** Entries under `dir` that look like intent but are not read (hosts without a disk: none). */
  listSkipped?(dir: string): readonly SkippedEntry[];
  /** Read a file as UTF-8, or undefined when it does not exist. */
  readFile(path: string): string | undefined;
  /** Size of a file in bytes (checked before reading so huge files are never loaded). */
  fileSize(path: string): number;
}

/** Longest allowed intent file, in bytes. */
export const MAX_FILE_BYTES = 2 * 1024 * 1024;

/** Deepest directory level below the intent directory that is listed. */
const MAX_DEPTH = 16;

/** Normalize a path to POSIX separators. */
export function toPosix(path: string): string {
  return sep === "/" ? path : path.split(sep).join("/");
}

const isIntentName = (name: string) => name.endsWith(".intent.yaml");

/** True when `inner` is `outer` or below it (both real, absolute paths). */
function within(outer: string, inner: string): boolean {
  const rel = relative(outer, inner);
  return rel === "" || (!rel.startsWith("..") && !isAbsolute(rel));
}

function realOrUndefined(path: string): string | undefined {
  try {
    return realpathSync(path);
  } catch {
    return undefined;
  }
}

/** `a FIFO`, `a socket`, `a character device` … for a non-regular, non-directory entry. */
function specialKind(st: Stats): string {
  if (st.isFIFO()) return "a FIFO (named pipe)";
  if (st.isSocket()) return "a socket";
  if (st.isCharacterDevice()) return "a character device";
  if (st.isBlockDevice()) return "a block device";
  return "not a regular file";
}

/**
 * List the intent under `root/dir` without following a link or opening anything: regular
 * `*.intent.yaml` files, and every entry that is refused (see the module comment).
 */
export function scanIntentDir(
  root: string,
  dir: string,
): { files: string[]; skipped: SkippedEntry[] } {
  const files: string[] = [];
  const skipped: SkippedEntry[] = [];
  const base = join(root, dir);
  if (!existsSync(base)) return { files, skipped };
  const realRoot = realOrUndefined(root) ?? root;
  const realBase = realOrUndefined(base);
  if (realBase === undefined) return { files, skipped };
  // A dir the caller names outside the project (an absolute `--dir`) is read as asked; one that
  // is inside by its name but outside by its real path went through a link: refused.
  if (within(resolve(root), resolve(base)) && !within(realRoot, realBase)) {
    skipped.push({
      path: toPosix(relative(root, base)) || ".",
      kind: "dir-outside",
      what: "the intent directory",
      target: realBase,
    });
    return { files, skipped };
  }
  const rel = (p: string) => toPosix(relative(root, p));
  const walk = (abs: string, depth: number) => {
    if (depth > MAX_DEPTH) return;
    let entries: string[];
    try {
      entries = readdirSync(abs);
    } catch {
      return;
    }
    for (const name of entries.sort()) {
      if (name === "node_modules" || name.startsWith(".")) continue;
      const p = join(abs, name);
      let st: Stats;
      try {
        st = lstatSync(p);
      } catch {
        continue; // gone since the listing
      }
      if (st.isDirectory()) walk(p, depth + 1);
      else if (st.isFile()) {
        if (isIntentName(name)) files.push(rel(p));
      } else if (st.isSymbolicLink()) {
        const link = linkInfo(p, realBase);
        if (isIntentName(name) || link.isDir) skipped.push({ path: rel(p), ...link.entry });
      } else if (isIntentName(name)) {
        skipped.push({ path: rel(p), kind: "special-file", what: specialKind(st) });
      }
    }
  };
  walk(base, 0);
  return {
    files: files.sort(),
    skipped: skipped.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
  };
}

/** Where a link leads, decided with realpath/stat only (neither opens the target). */
function linkInfo(
  p: string,
  realBase: string,
): { isDir: boolean; entry: Omit<SkippedEntry, "path"> } {
  let target = "";
  try {
    target = readlinkSync(p, "utf8");
  } catch {
    /* unreadable link: reported with an empty target */
  }
  const real = realOrUndefined(p);
  let isDir = false;
  let what = "a symbolic link";
  if (real !== undefined) {
    try {
      const st = statSync(real);
      isDir = st.isDirectory();
      what = isDir
        ? "a symbolic link to a directory"
        : st.isFile()
          ? "a symbolic link to a file"
          : `a symbolic link to ${specialKind(st)}`;
    } catch {
      /* vanished */
    }
  }
  const inside = real !== undefined && within(realBase, real);
  const where = real === undefined ? "leads nowhere" : "leads outside the intent directory";
  return {
    isDir,
    entry: {
      kind: inside ? "link-inside" : "link-outside",
      what,
      target,
      ...(inside ? {} : { where }),
    },
  };
}

/** Read `abs` only when it is a regular file reached without a link; never blocks on a FIFO. */
export function readRegularFile(abs: string): Buffer | undefined {
  let fd: number;
  try {
    fd = openSync(
      abs,
      constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0),
    );
  } catch {
    return undefined;
  }
  try {
    if (!fstatSync(fd).isFile()) return undefined;
    return readFileSync(fd);
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

/** A host over the real file system; paths are relative to `root`. Links are never followed. */
export function createNodeHost(root: string): CompilerHost {
  return {
    listIntentFiles: (dir) => scanIntentDir(root, dir).files,
    listSkipped: (dir) => scanIntentDir(root, dir).skipped,
    readFile(path) {
      const bytes = readRegularFile(join(root, path));
      return bytes === undefined ? undefined : decodeUtf8(bytes);
    },
    fileSize(path) {
      try {
        return lstatSync(join(root, path)).size;
      } catch {
        return 0;
      }
    },
  };
}

/** An in-memory host for tests: `{ "intent/orders.intent.yaml": "…" }`. */
export function createMemoryHost(files: Readonly<Record<string, string>>): CompilerHost {
  return {
    listIntentFiles(dir) {
      const prefix = dir === "." || dir === "" ? "" : dir.replace(/\/$/, "") + "/";
      return Object.keys(files)
        .filter((p) => p.startsWith(prefix) && p.endsWith(".intent.yaml"))
        .sort();
    },
    readFile(path) {
      return Object.prototype.hasOwnProperty.call(files, path) ? files[path] : undefined;
    },
    fileSize(path) {
      return Buffer.byteLength(files[path] ?? "", "utf8");
    },
  };
}
