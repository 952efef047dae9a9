/**
 * Where the CLI keeps the expression cache (expr/expr-cache.ts) between runs:
 * `<root>/node_modules/.cache/intentc/expr.json`, only when node_modules is a real directory,
 * never through links. The file is tied to intentc's code hash ({@link compilerFingerprint}), so
 * a new or rebuilt intentc ignores it. A cache that cannot be read or written only costs speed.
 */
import { randomBytes } from "node:crypto";
import { mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { takeExprCacheChanges, useExprCache } from "../expr/expr-cache.js";
import { cacheDir, compilerFingerprint } from "../write/cache.js";
import { readRegularFile } from "../write/tree.js";

const FILE = "expr.json";
const MAX_BYTES = 64 * 1024 * 1024;

let target: { readonly dir: string | undefined; readonly compiler: string } | undefined;

/** Turn the expression cache on with what the project at `root` stored. */
export function enableExprCache(root: string): void {
  const dir = cacheDir(root);
  const compiler = compilerFingerprint();
  target = { dir, compiler };
  useExprCache(readEntries(dir, compiler));
}

/** Store what was computed since the cache was enabled or last flushed (atomically; best effort). */
export function flushExprCache(): void {
  const entries = takeExprCacheChanges();
  if (entries === undefined || target?.dir === undefined) return;
  const tmp = join(target.dir, `.${FILE}.${randomBytes(6).toString("hex")}.tmp`);
  try {
    mkdirSync(target.dir, { recursive: true });
    writeFileSync(tmp, JSON.stringify({ cacheVersion: 1, compiler: target.compiler, entries }), { flag: "wx" });
    renameSync(tmp, join(target.dir, FILE));
  } catch {
    rmSync(tmp, { force: true });
  }
}

function readEntries(dir: string | undefined, compiler: string): [string, unknown][] {
  if (dir === undefined) return [];
  const text = readRegularFile(dir, FILE, MAX_BYTES);
  if (text === undefined) return [];
  try {
    const v = JSON.parse(text) as { cacheVersion?: unknown; compiler?: unknown; entries?: unknown };
    if (v.cacheVersion !== 1 || v.compiler !== compiler || !Array.isArray(v.entries)) return [];
    return (v.entries as unknown[]).filter(
      (e): e is [string, unknown] => Array.isArray(e) && e.length === 2 && typeof e[0] === "string" && e[1] !== null && typeof e[1] === "object",
    );
  } catch {
    return [];
  }
}

