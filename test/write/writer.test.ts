import { afterEach, describe, expect, it } from "vitest";
import {
  chmodSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { execFileSync } from "node:child_process";
import { checkTree, recoverOutput, writeTree } from "../../compiler/write.js";
import { resolveOutputTarget, type OutputTarget } from "../../compiler/write/paths.js";
import { litter, manifest, syntheticFiles, tempRoot } from "./helpers.js";

const roots: string[] = [];
afterEach(() => {
  for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
});

function setup(out = "generated"): { root: string; target: OutputTarget } {
  const root = tempRoot();
  roots.push(root);
  const [target, diags] = resolveOutputTarget(root, out);
  expect(diags).toEqual([]);
  return { root, target: target! };
}

function codes(diags: readonly { code: string; file: string }[]): string[] {
  return diags.map((d) => `${d.code} ${d.file}`);
}

describe("writeTree", () => {
  it("writes the full tree with fixed modes (0644 files, 0755 dirs and scripts) and no litter", () => {
    const { root, target } = setup();
    const files = new Map([
      ["a.json", "{}\n"],
      ["bin/run.sh", "#!/bin/sh\necho hi\n"],
      ["x/y/z.ts", "export {};\n"],
    ]);
    const [summary, diags] = writeTree(target, files);
    expect(diags).toEqual([]);
    expect(summary).toEqual({
      written: ["a.json", "bin/run.sh", "x/y/z.ts"],
      unchanged: 0,
      removed: [],
      swapped: true,
    });
    expect(
      manifest(target.outAbs)!
        .split("\n")
        .map((l) => l.replace(/ [0-9a-f]{64} /, " H "))
        .sort(),
    ).toEqual([
      "dir 755 bin",
      "dir 755 x",
      "dir 755 x/y",
      "file 644 H a.json",
      "file 644 H x/y/z.ts",
      "file 755 H bin/run.sh",
    ]);
    expect((statSync(target.outAbs).mode & 0o777).toString(8)).toBe("755");
    expect(readFileSync(join(target.outAbs, "x/y/z.ts"), "utf8")).toBe("export {};\n");
    expect(litter(root)).toEqual([]);
  });

  it("creates missing parents of a nested output dir", () => {
    const { root, target } = setup("build/out/generated");
    const [summary] = writeTree(target, new Map([["a.ts", "a\n"]]));
    expect(summary?.written).toEqual(["a.ts"]);
    expect(readFileSync(join(root, "build/out/generated/a.ts"), "utf8")).toBe("a\n");
    expect(litter(join(root, "build/out"))).toEqual([]);
  });

  it("ignores the umask: modes are the same under umask 077", () => {
    const a = setup();
    const b = setup();
    const files = syntheticFiles(7, "v1");
    writeTree(a.target, files);
    const prev = process.umask(0o077);
    try {
      writeTree(b.target, files);
    } finally {
      process.umask(prev);
    }
    expect(manifest(b.target.outAbs)).toBe(manifest(a.target.outAbs));
  });

  it("skips an identical tree entirely and keeps inodes and mtimes", () => {
    const { target } = setup();
    const files = syntheticFiles(6, "v1");
    writeTree(target, files);
    const before = lstatSync(join(target.outAbs, "d0/sub0/file-000.ts"));
    const dirIno = lstatSync(target.outAbs).ino;
    const [summary] = writeTree(target, new Map(files));
    expect(summary).toEqual({ written: [], unchanged: 6, removed: [], swapped: false });
    const after = lstatSync(join(target.outAbs, "d0/sub0/file-000.ts"));
    expect([after.ino, after.mtimeMs]).toEqual([before.ino, before.mtimeMs]);
    expect(lstatSync(target.outAbs).ino).toBe(dirIno);
  });

  it("rewrites only changed files, removes stale files and empty dirs, and links unchanged ones", () => {
    const { root, target } = setup();
    const files = syntheticFiles(6, "v1");
    files.set("stale/only.ts", "old\n");
    writeTree(target, files);
    mkdirSync(join(target.outAbs, "empty-dir"));
    writeFileSync(join(target.outAbs, "hand-made.txt"), "x");
    const keep = lstatSync(join(target.outAbs, "d1/sub1/file-001.ts"));
    const next = syntheticFiles(6, "v1");
    next.set("d0/sub0/file-000.ts", "changed\n");
    next.set("new/file.ts", "new\n");
    const [summary, diags] = writeTree(target, next);
    expect(diags).toEqual([]);
    expect(summary).toEqual({
      written: ["d0/sub0/file-000.ts", "new/file.ts"],
      unchanged: 5,
      removed: ["hand-made.txt", "stale/only.ts"],
      swapped: true,
    });
    const kept = lstatSync(join(target.outAbs, "d1/sub1/file-001.ts"));
    expect([kept.ino, kept.mtimeMs]).toEqual([keep.ino, keep.mtimeMs]);
    expect(manifest(target.outAbs)).not.toMatch(/empty-dir|stale|hand-made/);
    expect(readFileSync(join(target.outAbs, "d0/sub0/file-000.ts"), "utf8")).toBe("changed\n");
    expect(litter(root)).toEqual([]);
  });

  it("rewrites a file whose mode drifted even when its bytes match", () => {
    const { target } = setup();
    const files = new Map([["a.ts", "x\n"]]);
    writeTree(target, files);
    chmodSync(join(target.outAbs, "a.ts"), 0o600);
    const [summary] = writeTree(target, files);
    expect(summary?.written).toEqual(["a.ts"]);
    expect(statSync(join(target.outAbs, "a.ts")).mode & 0o777).toBe(0o644);
  });
});

describe("writeTree refuses symlinks (F01)", () => {
  it("reports IC5501 for a symlinked output dir and writes nothing through it", () => {
    const { root } = setup();
    const outside = tempRoot("intentc-outside-");
    roots.push(outside);
    writeFileSync(join(outside, "keep.txt"), "mine");
    symlinkSync(outside, join(root, "generated"));
    const [target, diags] = resolveOutputTarget(root, "generated");
    expect(target).toBeUndefined();
    expect(codes(diags)).toEqual(["IC5501 generated"]);
    expect(diags[0].message).toBe(
      "Output path 'generated' is a symbolic link; intentc never writes through links.",
    );
    expect(manifest(outside)).toMatch(/^file 644 [0-9a-f]{64} keep.txt$/);
    expect(litter(root)).toEqual([]);
  });

  it("reports IC5501 for a symlinked parent component of the output dir", () => {
    const { root } = setup();
    const outside = tempRoot("intentc-outside-");
    roots.push(outside);
    symlinkSync(outside, join(root, "build"));
    const [, diags] = resolveOutputTarget(root, "build/generated");
    expect(codes(diags)).toEqual(["IC5501 build"]);
  });

  it("reports IC5501 for every symlink inside the output tree and leaves the tree as it was", () => {
    const { root, target } = setup();
    writeTree(target, syntheticFiles(4, "v1"));
    symlinkSync("/etc/passwd", join(target.outAbs, "d0/sub0/file-000.ts.lnk"));
    symlinkSync("/tmp", join(target.outAbs, "zz"));
    const before = manifest(target.outAbs);
    const [summary, diags] = writeTree(target, syntheticFiles(4, "v2"));
    expect(summary).toBeUndefined();
    expect(codes(diags)).toEqual([
      "IC5501 generated/d0/sub0/file-000.ts.lnk",
      "IC5501 generated/zz",
    ]);
    expect(manifest(target.outAbs)).toBe(before);
    expect(litter(root)).toEqual([]);
  });
});

describe("output paths", () => {
  it("reports IC5502 for an output dir outside the root and IC5503 for the root itself", () => {
    const { root } = setup();
    expect(codes(resolveOutputTarget(root, "../elsewhere")[1])).toEqual(["IC5502 ../elsewhere"]);
    expect(codes(resolveOutputTarget(root, "/tmp/x")[1])).toEqual(["IC5502 /tmp/x"]);
    expect(codes(resolveOutputTarget(root, ".")[1])).toEqual(["IC5503 ."]);
    expect(codes(resolveOutputTarget(root, "gen/../..")[1])).toEqual(["IC5502 gen/../.."]);
  });

  it("reports IC5504 when the output path is a file", () => {
    const { root } = setup();
    writeFileSync(join(root, "generated"), "");
    expect(codes(resolveOutputTarget(root, "generated")[1])).toEqual(["IC5504 generated"]);
  });

  it("reports IC5503 for every unsafe emitted path and writes nothing", () => {
    const { root, target } = setup();
    const bad = new Map([
      ["../escape.ts", ""],
      ["/abs.ts", ""],
      ["a/./b.ts", ""],
      ["a\\b.ts", ""],
      ["ok/Readme.md", ""],
      ["ok/README.md", ""],
      ["x", ""],
      ["x/y.ts", ""],
      ["", ""],
    ]);
    const [summary, diags] = writeTree(target, bad);
    expect(summary).toBeUndefined();
    expect(diags.map((d) => d.message)).toEqual([
      "Refusing to write 'generated/../escape.ts': the path has a '..' segment.",
      "Refusing to write 'generated//abs.ts': the path is absolute.",
      "Refusing to write 'generated/a/./b.ts': the path has a '.' segment.",
      "Refusing to write 'generated/a\\b.ts': the path contains a backslash.",
      "Refusing to write 'generated/ok/README.md': it differs from 'ok/Readme.md' only in case, so they collide on case-insensitive file systems.",
      "Refusing to write 'generated/': the path is empty.",
      "Refusing to write 'generated/x/y.ts': 'x' is also emitted as a file.",
    ]);
    expect(diags.every((d) => d.code === "IC5503")).toBe(true);
    expect(manifest(target.outAbs)).toBeUndefined();
    expect(litter(root)).toEqual([]);
  });
});

describe("non-regular entries in the old tree", () => {
  it("never opens a FIFO: check reports it, build replaces it, neither hangs", () => {
    const { root, target } = setup();
    const files = new Map([
      ["a.ts", "a\n"],
      ["dir/b.ts", "b\n"],
    ]);
    writeTree(target, files);
    rmSync(join(target.outAbs, "a.ts"));
    execFileSync("mkfifo", [join(target.outAbs, "a.ts")]);
    execFileSync("mkfifo", [join(target.outAbs, "pipe")]);
    rmSync(join(target.outAbs, "dir/b.ts"));
    mkdirSync(join(target.outAbs, "dir/b.ts"));
    expect(codes(checkTree(target, files))).toEqual([
      "IC5507 generated/a.ts",
      "IC5507 generated/dir/b.ts",
      "IC5509 generated/pipe",
    ]);
    const [summary] = writeTree(target, files);
    expect(summary).toEqual({
      written: ["a.ts", "dir/b.ts"],
      unchanged: 0,
      removed: ["pipe"],
      swapped: true,
    });
    expect(checkTree(target, files)).toEqual([]);
    expect(litter(root)).toEqual([]);
  });

  it("replaces a tree holding read-only directories", () => {
    const { root, target } = setup();
    writeTree(target, new Map([["ro/a.ts", "a\n"]]));
    chmodSync(join(target.outAbs, "ro"), 0o555);
    const [summary] = writeTree(target, new Map([["rw/b.ts", "b\n"]]));
    expect(summary?.removed).toEqual(["ro/a.ts"]);
    expect(manifest(target.outAbs)).toMatch(/^dir 755 rw\nfile 644 [0-9a-f]{64} rw\/b\.ts$/);
    expect(litter(root)).toEqual([]);
  });
});

describe("checkTree (--check)", () => {
  it("lists every drifted, missing, extra and symlinked file, sorted, and writes nothing", () => {
    const { root, target } = setup();
    const files = syntheticFiles(5, "v1");
    writeTree(target, files);
    writeFileSync(join(target.outAbs, "d1/sub1/file-001.ts"), "hand edit\n");
    rmSync(join(target.outAbs, "d2/sub0/file-002.ts"));
    writeFileSync(join(target.outAbs, "extra.txt"), "x");
    symlinkSync("/etc/passwd", join(target.outAbs, "d0/link"));
    const before = manifest(target.outAbs);
    expect(codes(checkTree(target, files))).toEqual([
      "IC5501 generated/d0/link",
      "IC5507 generated/d1/sub1/file-001.ts",
      "IC5508 generated/d2/sub0/file-002.ts",
      "IC5509 generated/extra.txt",
    ]);
    expect(manifest(target.outAbs)).toBe(before);
    expect(litter(root)).toEqual([]);
  });

  it("is empty for a matching tree and reports every file missing when there is no tree", () => {
    const { target } = setup();
    const files = new Map([
      ["a.ts", "a\n"],
      ["b/c.ts", "c\n"],
    ]);
    expect(codes(checkTree(target, files))).toEqual([
      "IC5508 generated/a.ts",
      "IC5508 generated/b/c.ts",
    ]);
    writeTree(target, files);
    expect(checkTree(target, files)).toEqual([]);
  });
});

describe("recoverOutput", () => {
  it("restores the output from the backup a kill between the two renames left, and removes temp trees", () => {
    const { root, target } = setup();
    writeTree(target, syntheticFiles(3, "v1"));
    const before = manifest(target.outAbs);
    renameSync(target.outAbs, join(root, ".intentc-old-generated-0123456789ab"));
    mkdirSync(join(root, ".intentc-tmp-generated-ba9876543210/half"), { recursive: true });
    // A sibling output dir's litter is not ours to touch.
    mkdirSync(join(root, ".intentc-old-generated-x-0123456789ab"));
    const r = recoverOutput(target);
    expect(r).toEqual({
      restored: ".intentc-old-generated-0123456789ab",
      removed: [".intentc-tmp-generated-ba9876543210"],
    });
    expect(manifest(target.outAbs)).toBe(before);
    expect(litter(root)).toEqual([".intentc-old-generated-x-0123456789ab"]);
  });

  it("removes a leftover backup when the output dir is complete", () => {
    const { root, target } = setup();
    writeTree(target, syntheticFiles(3, "v2"));
    const before = manifest(target.outAbs);
    mkdirSync(join(root, ".intentc-old-generated-aaaaaaaaaaaa"));
    expect(recoverOutput(target)).toEqual({
      restored: undefined,
      removed: [".intentc-old-generated-aaaaaaaaaaaa"],
    });
    expect(manifest(target.outAbs)).toBe(before);
    expect(litter(root)).toEqual([]);
  });

  it("never restores a symlink posing as a backup", () => {
    const { root, target } = setup();
    symlinkSync("/etc", join(root, ".intentc-old-generated-aaaaaaaaaaaa"));
    expect(recoverOutput(target).restored).toBeUndefined();
    expect(manifest(target.outAbs)).toBeUndefined();
    expect(litter(root)).toEqual([]);
  });
});
