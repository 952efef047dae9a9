import { afterEach, describe, expect, it } from "vitest";
import { existsSync, mkdirSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  buildCacheKey,
  compilerFingerprint,
  jsonFaithful,
  readBuildCache,
  readMemoStore,
  writeBuildCache,
  writeMemoStore,
  type BuildKeyParts,
} from "../../compiler/write/cache.js";
import { resolveOutputTarget, type OutputTarget } from "../../compiler/write/paths.js";
import { tempRoot } from "./helpers.js";

const roots: string[] = [];
afterEach(() => {
  for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
});

function setup(withNodeModules = true): { root: string; target: OutputTarget } {
  const root = tempRoot("intentc-cache-");
  roots.push(root);
  if (withNodeModules) mkdirSync(join(root, "node_modules"));
  return { root, target: resolveOutputTarget(root, "generated")[0]! };
}

const base: BuildKeyParts = {
  intentDir: "intent",
  outDir: "generated",
  options: { exploreBudget: 100 },
  files: new Map([
    ["intent/a.intent.yaml", "a"],
    ["intent/b.intent.yaml", "b"],
  ]),
};

describe("build cache key", () => {
  it("is stable under map order and changes with any input, option or directory", () => {
    const key = buildCacheKey(base);
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(compilerFingerprint()).toMatch(/^[0-9a-f]{64}$/);
    const reordered = new Map([...base.files].reverse());
    expect(buildCacheKey({ ...base, files: reordered })).toBe(key);
    const variants: BuildKeyParts[] = [
      { ...base, files: new Map([...base.files, ["intent/b.intent.yaml", "b2"]]) },
      { ...base, files: new Map([["intent/a.intent.yaml", "a"]]) },
      { ...base, files: new Map([...base.files, ["intent/c.intent.yaml", ""]]) },
      { ...base, options: { exploreBudget: 101 } },
      { ...base, intentDir: "other" },
      { ...base, outDir: "out" },
    ];
    const keys = new Set(variants.map(buildCacheKey));
    expect(keys.size).toBe(variants.length);
    expect(keys.has(key)).toBe(false);
  });
});

describe("build cache store", () => {
  const entry = { cacheVersion: 1 as const, key: "k", manifest: "m", warnings: [] };

  it("round-trips through node_modules/.cache/intentc and leaves no temp files", () => {
    const { root, target } = setup();
    expect(readBuildCache(target)).toBeUndefined();
    writeBuildCache(target, entry);
    expect(readBuildCache(target)).toEqual(entry);
    expect(readdirSync(join(root, "node_modules/.cache/intentc"))).toEqual([
      expect.stringMatching(/^build-[0-9a-f]{16}\.json$/),
    ]);
  });

  it("ignores a corrupt or foreign cache file", () => {
    const { root, target } = setup();
    writeBuildCache(target, entry);
    const dir = join(root, "node_modules/.cache/intentc");
    const file = join(dir, readdirSync(dir)[0]);
    for (const text of ["{", "null", '{"cacheVersion":2,"key":"k","manifest":"m","warnings":[]}']) {
      writeFileSync(file, text);
      expect(readBuildCache(target)).toBeUndefined();
    }
  });

  it("is disabled without node_modules and never written through a symlinked .cache", () => {
    const plain = setup(false);
    writeBuildCache(plain.target, entry);
    expect(existsSync(join(plain.root, "node_modules"))).toBe(false);
    const linked = setup();
    const outside = tempRoot("intentc-outside-");
    roots.push(outside);
    symlinkSync(outside, join(linked.root, "node_modules/.cache"));
    writeBuildCache(linked.target, entry);
    expect(readdirSync(outside)).toEqual([]);
    expect(readBuildCache(linked.target)).toBeUndefined();
  });
});

describe("memo store", () => {
  it("round-trips the entries a build used and drops values JSON would not reproduce", () => {
    const { root, target } = setup();
    expect(readMemoStore(target)).toEqual(new Map());
    const big = "x".repeat(1 << 20) + '\n\u2028"';
    writeMemoStore(target, [
      ["a", { files: [["p", big]], n: 1.5 }],
      ["b", [1, undefined]],
      ["c", NaN],
      ["d", -0],
      ["e", new Map()],
      ["f", { x: undefined }],
      ["g", null],
    ]);
    expect(readMemoStore(target)).toEqual(
      new Map<string, unknown>([
        ["a", { files: [["p", big]], n: 1.5 }],
        ["g", null],
      ]),
    );
    expect(readdirSync(join(root, "node_modules/.cache/intentc"))).toEqual([
      expect.stringMatching(/^memo-[0-9a-f]{16}\.json$/),
    ]);
  });

  it("is ignored when corrupt or written by other compiler code, and disabled without node_modules", () => {
    const { root, target } = setup();
    writeMemoStore(target, [["a", 1]]);
    const dir = join(root, "node_modules/.cache/intentc");
    const file = join(dir, readdirSync(dir)[0]);
    for (const text of ["{", "null", '{"cacheVersion":1,"compiler":"other","entries":[["a",1]]}']) {
      writeFileSync(file, text);
      expect(readMemoStore(target)).toEqual(new Map());
    }
    const plain = setup(false);
    writeMemoStore(plain.target, [["a", 1]]);
    expect(existsSync(join(plain.root, "node_modules"))).toBe(false);
  });

  it("checks JSON faithfulness deeply", () => {
    expect(jsonFaithful({ a: [1, "s", true, null, { b: 2 }] }, 0)).toBe(true);
    for (const v of [
      undefined,
      Infinity,
      -0,
      [undefined],
      { a: { b: undefined } },
      new Date(0),
      () => 1,
      1n,
    ])
      expect(jsonFaithful(v, 0)).toBe(false);
  });
});
