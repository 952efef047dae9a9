/**
 * The incremental-build cache. generated/ must stay deterministic, so the cache lives outside it,
 * in `<root>/node_modules/.cache/intentc/build-<hash of out dir>.json` (only when `node_modules`
 * exists; otherwise every build runs in full). It records the key of the last successful build
 * (intentc version + a fingerprint of the running compiler code + options + a sha256 per intent
 * file) and the manifest hash of the tree it wrote. A build whose key matches and whose output
 * tree still has that manifest is a no-op: it reads and hashes, and stops before compiling.
 * Next to it, `memo-<hash of out dir>.json` keeps the content-keyed results of the last build
 * (explorations, model-based suites, validators), so a build after a change recomputes only
 * what the change reaches.
 */
import {
  readdirSync,
  readFileSync,
  lstatSync,
  mkdirSync,
  renameSync,
  rmSync,
  openSync,
  writeSync,
  closeSync,
} from "node:fs";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { randomBytes } from "node:crypto";
import type { Diagnostic } from "../diagnostic.js";
import { readRegularFile, sha256Hex } from "./tree.js";
import type { OutputTarget } from "./paths.js";
import { packageRoot } from "../version.js";

/** What the cache remembers about the last successful build of one output dir. */
export interface BuildCacheEntry {
  readonly cacheVersion: 1;
  readonly key: string;
  readonly manifest: string;
  /** {@link treeStamp} of the output dir when its manifest was last verified (a cheaper check). */
  readonly stamp?: string;
  /** Warnings of that build, printed again on a no-op build. */
  readonly warnings: readonly Diagnostic[];
}

/** Everything that can change the output, hashed into the cache key. */
export interface BuildKeyParts {
  readonly intentDir: string;
  readonly outDir: string;
  readonly options: Readonly<Record<string, string | number | boolean>>;
  /** Intent file path → its bytes (or text). */
  readonly files: ReadonlyMap<string, Uint8Array | string>;
}

// Process-wide lazy load of a constant: the running compiler's fingerprint (see below).
let fingerprint: string | undefined;

/**
 * sha256 over intentc's package.json and the identity of every file of the running compiler
 * (its own directory tree): path, size, inode, change and modification times. Any rebuilt,
 * edited or reinstalled file of the compiler changes it and invalidates the cache (a rebuild
 * that leaves a file's bytes alone does too, which is only a cache miss); cheaper than hashing
 * every file (bench/RESULTS.md, "Incremental builds"). Computed once per process.
 */
export function compilerFingerprint(): string {
  if (fingerprint !== undefined) return fingerprint;
  // The bundled CLI (dist/bundle/) holds all the code it runs; the unbundled compiler also runs
  // dist/runtime/, so from dist/compiler/write/ the whole of dist/ is taken.
  const here = dirname(fileURLToPath(import.meta.url));
  const compilerDir = basename(here) === "bundle" ? here : dirname(dirname(here));
  const parts: string[] = [];
  const walk = (abs: string, rel: string) => {
    for (const name of readdirSync(abs).sort()) {
      const p = join(abs, name);
      const st = lstatSync(p, { bigint: true });
      if (st.isDirectory()) walk(p, `${rel}${name}/`);
      else if (st.isFile())
        parts.push(`${rel}${name} ${st.size} ${st.ino} ${st.ctimeNs} ${st.mtimeNs}`);
    }
  };
  walk(compilerDir, "");
  try {
    parts.push(`package.json ${sha256Hex(readFileSync(join(packageRoot(), "package.json")))}`);
  } catch {
    // unusual layout: the code hash alone still invalidates
  }
  fingerprint = sha256Hex(parts.join("\n"));
  return fingerprint;
}

/** The cache key of a build. */
export function buildCacheKey(parts: BuildKeyParts): string {
  const files = [...parts.files.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([p, t]) => [p, sha256Hex(t)]);
  const options = Object.entries(parts.options).sort(([a], [b]) => (a < b ? -1 : 1));
  return sha256Hex(
    JSON.stringify({
      compiler: compilerFingerprint(),
      intentDir: parts.intentDir,
      outDir: parts.outDir,
      options,
      files,
    }),
  );
}

/** `<root>/node_modules/.cache/intentc` when node_modules is a real directory (never through links). */
export function cacheDir(root: string): string | undefined {
  const segs = ["node_modules", ".cache", "intentc"];
  let cur = root;
  for (let i = 0; i < segs.length; i++) {
    cur = join(cur, segs[i]);
    try {
      const st = lstatSync(cur);
      if (!st.isDirectory()) return undefined;
    } catch {
      if (i === 0) return undefined;
    }
  }
  return cur;
}

function cacheFile(target: OutputTarget): string {
  return `build-${sha256Hex(target.outRel).slice(0, 16)}.json`;
}

/** The cache entry for an output dir, or undefined when absent or unreadable. */
export function readBuildCache(target: OutputTarget): BuildCacheEntry | undefined {
  const dir = cacheDir(target.root);
  if (!dir) return undefined;
  const text = readRegularFile(dir, cacheFile(target), 16 * 1024 * 1024);
  if (text === undefined) return undefined;
  try {
    const v = JSON.parse(text) as Partial<BuildCacheEntry>;
    if (
      v.cacheVersion !== 1 ||
      typeof v.key !== "string" ||
      typeof v.manifest !== "string" ||
      (v.stamp !== undefined && typeof v.stamp !== "string") ||
      !Array.isArray(v.warnings)
    )
      return undefined;
    return v as BuildCacheEntry;
  } catch {
    return undefined;
  }
}

/** Store the cache entry (best effort: a cache that cannot be written only costs speed). */
export function writeBuildCache(target: OutputTarget, entry: BuildCacheEntry): void {
  const dir = cacheDir(target.root);
  if (!dir) return;
  const tmp = join(dir, `.tmp-${randomBytes(6).toString("hex")}`);
  try {
    mkdirSync(dir, { recursive: true });
    const fd = openSync(tmp, "wx", 0o644);
    try {
      writeSync(fd, JSON.stringify(entry) + "\n");
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, join(dir, cacheFile(target)));
  } catch {
    rmSync(tmp, { force: true });
  }
}

function memoFile(target: OutputTarget): string {
  return `memo-${sha256Hex(target.outRel).slice(0, 16)}.json`;
}

/** Largest memo file read back (bigger ones are ignored: the build then computes everything). */
const MAX_MEMO_BYTES = 512 * 1024 * 1024;

/**
 * The memo values of the last successful build of an output dir (see `BuildMemo`), or an empty
 * map when absent, unreadable or written by other compiler code.
 */
export function readMemoStore(target: OutputTarget): Map<string, unknown> {
  const dir = cacheDir(target.root);
  if (!dir) return new Map();
  const text = readRegularFile(dir, memoFile(target), MAX_MEMO_BYTES);
  if (text === undefined) return new Map();
  try {
    const v = JSON.parse(text) as { cacheVersion?: unknown; compiler?: unknown; entries?: unknown };
    if (v.cacheVersion !== 1 || v.compiler !== compilerFingerprint() || !Array.isArray(v.entries))
      return new Map();
    const out = new Map<string, unknown>();
    for (const e of v.entries as unknown[]) {
      if (Array.isArray(e) && e.length === 2 && typeof e[0] === "string") out.set(e[0], e[1]);
    }
    return out;
  } catch {
    return new Map();
  }
}

/**
 * Store the memo values a build used (best effort). Values that JSON would not reproduce exactly
 * (undefined, non-finite numbers, -0, class instances) are left out: they are recomputed.
 */
export function writeMemoStore(
  target: OutputTarget,
  entries: readonly (readonly [string, unknown])[],
): void {
  const dir = cacheDir(target.root);
  if (!dir) return;
  const kept = entries.filter(([, v]) => jsonFaithful(v, 0));
  const tmp = join(dir, `.tmp-${randomBytes(6).toString("hex")}`);
  try {
    mkdirSync(dir, { recursive: true });
    const fd = openSync(tmp, "wx", 0o644);
    try {
      // One entry per line keeps every string well below V8's string length limit.
      writeSync(
        fd,
        `{"cacheVersion":1,"compiler":${JSON.stringify(compilerFingerprint())},"entries":[\n`,
      );
      kept.forEach(([k, v], i) => writeSync(fd, `${i > 0 ? ",\n" : ""}${JSON.stringify([k, v])}`));
      writeSync(fd, "\n]}\n");
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, join(dir, memoFile(target)));
  } catch {
    rmSync(tmp, { force: true });
  }
}

/** Whether `JSON.parse(JSON.stringify(v))` is deeply identical to `v`. */
export function jsonFaithful(v: unknown, depth: number): boolean {
  if (depth > 64) return false;
  if (v === null || typeof v === "string" || typeof v === "boolean") return true;
  if (typeof v === "number") return Number.isFinite(v) && !Object.is(v, -0);
  if (typeof v !== "object") return false;
  if (Array.isArray(v)) return v.every((x) => jsonFaithful(x, depth + 1));
  const proto = Object.getPrototypeOf(v) as unknown;
  if (proto !== Object.prototype && proto !== null) return false;
  return Object.keys(v).every(
    (k) => k !== "__proto__" && jsonFaithful((v as Record<string, unknown>)[k], depth + 1),
  );
}

/** Forget the cache entry (after a failed or partial build). */
export function clearBuildCache(target: OutputTarget): void {
  const dir = cacheDir(target.root);
  if (dir) rmSync(join(dir, cacheFile(target)), { force: true });
}
