/**
 * Incremental builds: the cache key of a build's inputs, the up-to-date check that lets a no-op
 * build stop after hashing, and storing the cache and memo after a successful write. The cache
 * itself lives in write/cache.ts (outside the output tree).
 */
import type { Diagnostic } from "../diagnostic.js";
import { MAX_FILE_BYTES } from "../host.js";
import type { MemoHost } from "../host/memo-host.js";
import type { OutputTarget } from "../write/paths.js";
import { buildCacheKey, readBuildCache, writeBuildCache, writeMemoStore } from "../write/cache.js";
import { treeManifestHash, treeStamp } from "../write/tree.js";

/** The inputs of a build, read once. */
export interface Inputs {
  /** Cache key; undefined when the inputs cannot be hashed cheaply (the build then runs in full). */
  readonly key: string | undefined;
  readonly files: ReadonlyMap<string, Buffer>;
  /** Total bytes of the intent files. */
  readonly bytes: number;
}

/** Read and hash the intent files under `dir` (none, a missing or an oversized one: no key). */
export function readInputs(
  host: MemoHost,
  dir: string,
  target: OutputTarget,
  options: Readonly<Record<string, number>>,
): Inputs {
  const files = new Map<string, Buffer>();
  let bytes = 0;
  const paths = host.listIntentFiles(dir);
  // A refused entry (link, FIFO …) is not in the key: never call such inputs up to date.
  if (paths.length === 0 || (host.listSkipped?.(dir).length ?? 0) > 0)
    return { key: undefined, files, bytes };
  for (const path of paths) {
    if (host.fileSize(path) > MAX_FILE_BYTES) return { key: undefined, files, bytes };
    const b = host.readBytes(path);
    if (b === undefined) return { key: undefined, files, bytes };
    files.set(path, b);
    bytes += b.length;
  }
  return {
    key: buildCacheKey({ intentDir: dir, outDir: target.outRel, options, files }),
    files,
    bytes,
  };
}

/**
 * The warnings of the last build when the output is up to date with `key`: same key, and a tree
 * that was not touched since (its lstat stamp) or still has the manifest written then.
 */
export function upToDate(target: OutputTarget, key: string): readonly Diagnostic[] | undefined {
  const cached = readBuildCache(target);
  if (cached === undefined || cached.key !== key) return undefined;
  const stamp = treeStamp(target.outAbs);
  if (stamp === undefined) return undefined;
  if (cached.stamp !== stamp && cached.manifest !== treeManifestHash(target.outAbs))
    return undefined;
  if (cached.stamp !== stamp) writeBuildCache(target, { ...cached, stamp });
  return cached.warnings;
}

/** After a successful write: remember the memo and the key of the tree just written. */
export function saveCache(
  target: OutputTarget,
  key: string,
  manifest: string,
  memo: readonly (readonly [string, unknown])[],
  warnings: readonly Diagnostic[],
): void {
  writeMemoStore(target, memo);
  const stamp = treeStamp(target.outAbs);
  writeBuildCache(target, {
    cacheVersion: 1,
    key,
    manifest,
    ...(stamp ? { stamp } : {}),
    warnings: [...warnings],
  });
}
