/**
 * The streaming writer (compiler/write/session.ts): files land in the temp tree as they are
 * added, the output dir changes only at `finish`, and abort / unsafe paths leave no trace.
 */
import { afterEach, describe, expect, it } from "vitest";
import {
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { pathToFileURL } from "node:url";
import { REPO, ensureDist } from "../driver/dist.js";
import { join } from "node:path";
import {
  openTreeWriter,
  writeTree,
  type TreeWriter,
  type WriterOptions,
} from "../../compiler/write.js";
import { resolveOutputTarget, type OutputTarget } from "../../compiler/write/paths.js";
import { treeManifestHash } from "../../compiler/write/tree.js";
import { emitProgram } from "../../compiler/program.js";
import { shopProgram } from "../emit/contracts/fixture.js";
import { litter, manifest, syntheticFiles, tempRoot } from "./helpers.js";

const roots: string[] = [];
afterEach(() => {
  for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
});

function setup(): OutputTarget {
  const root = tempRoot();
  roots.push(root);
  const [target] = resolveOutputTarget(root, "generated");
  return target!;
}

function tmpDirs(target: OutputTarget): string[] {
  return readdirSync(target.parent).filter((n) => n.startsWith(".intentc-tmp-generated-"));
}

describe("openTreeWriter", () => {
  it("places each changed file in the temp tree when it is added and swaps only at finish", () => {
    const target = setup();
    writeTree(
      target,
      new Map([
        ["a.ts", "A\n"],
        ["b/c.ts", "C\n"],
        ["gone.ts", "G\n"],
      ]),
    );
    const before = manifest(target.outAbs);
    const [w, diags] = openTreeWriter(target);
    expect(diags).toEqual([]);
    w!.add("a.ts", "A\n"); // unchanged: no temp tree yet
    expect(tmpDirs(target)).toEqual([]);
    w!.add("sub/new.ts", "export const n = 1;\n");
    const [tmp] = tmpDirs(target);
    expect(readFileSync(join(target.parent, tmp, "sub/new.ts"), "utf8")).toBe(
      "export const n = 1;\n",
    );
    // the unchanged file seen before the temp tree existed was linked into it
    expect(readdirSync(join(target.parent, tmp)).sort()).toEqual(["a.ts", "sub"]);
    w!.add("b/c.ts", "C\n");
    w!.add("bin/run.sh", "#!/bin/sh\necho hi\n");
    expect(manifest(target.outAbs)).toBe(before);
    const [summary, finishDiags] = w!.finish();
    expect(finishDiags).toEqual([]);
    expect(summary).toEqual({
      written: ["bin/run.sh", "sub/new.ts"],
      unchanged: 2,
      removed: ["gone.ts"],
      swapped: true,
    });
    expect(readdirSync(target.outAbs).sort()).toEqual(["a.ts", "b", "bin", "sub"]);
    expect(readFileSync(join(target.outAbs, "b/c.ts"), "utf8")).toBe("C\n");
    expect(w!.manifestHash()).toBe(treeManifestHash(target.outAbs));
    expect(litter(target.parent)).toEqual([]);
  });

  it("never creates a temp tree when every file is unchanged", () => {
    const target = setup();
    const files = syntheticFiles(4, "v1");
    writeTree(target, files);
    const [w] = openTreeWriter(target);
    for (const [p, t] of files) {
      w!.add(p, t);
      expect(tmpDirs(target)).toEqual([]);
    }
    expect(w!.finish()).toEqual([{ written: [], unchanged: 4, removed: [], swapped: false }, []]);
    expect(w!.manifestHash()).toBe(treeManifestHash(target.outAbs));
  });

  it("abort removes the temp tree and leaves the output as it was", () => {
    const target = setup();
    writeTree(target, syntheticFiles(2, "v1"));
    const before = manifest(target.outAbs);
    const [w] = openTreeWriter(target);
    w!.add([...syntheticFiles(2, "v1").keys()][0], "changed\n");
    expect(tmpDirs(target)).toHaveLength(1);
    w!.abort();
    expect(tmpDirs(target)).toEqual([]);
    expect(manifest(target.outAbs)).toBe(before);
  });

  it("refuses at finish when an added path is unsafe or collides, writing nothing outside the temp tree", () => {
    const target = setup();
    writeTree(target, syntheticFiles(2, "v1"));
    const before = manifest(target.outAbs);
    const [w] = openTreeWriter(target);
    w!.add("ok.ts", "x\n");
    w!.add("../escape.ts", "y\n");
    w!.add("OK.ts", "z\n");
    const [summary, diags] = w!.finish();
    expect(summary).toBeUndefined();
    expect(diags.map((d) => `${d.code} ${d.file}`)).toEqual([
      "IC5503 generated/../escape.ts",
      "IC5503 generated/ok.ts",
    ]);
    expect(readdirSync(target.parent).sort()).toEqual(["generated"]);
    expect(manifest(target.outAbs)).toBe(before);
  });

  it("re-checks the output dir at finish: one replaced by a symlink meanwhile is refused (F01)", () => {
    const target = setup();
    writeTree(target, syntheticFiles(2, "v1"));
    const [w] = openTreeWriter(target);
    w!.add("x.ts", "x\n");
    const outside = join(target.parent, "outside");
    mkdirSync(outside);
    renameSync(target.outAbs, join(target.parent, "moved"));
    symlinkSync(outside, target.outAbs);
    const [summary, diags] = w!.finish();
    expect(summary).toBeUndefined();
    expect(diags.map((d) => `${d.code} ${d.file}`)).toEqual(["IC5501 generated"]);
    expect(readdirSync(outside)).toEqual([]);
    expect(tmpDirs(target)).toEqual([]);
  });
});

describe("the emit phase with a sink (the build's path)", () => {
  it("streams exactly the files emitProgram returns, each once, and keeps none", () => {
    const program = shopProgram();
    const all = emitProgram(program);
    const seen = new Map<string, string>();
    const streamed = emitProgram(program, {
      sink: (p, t) => {
        expect(seen.has(p)).toBe(false);
        seen.set(p, t);
      },
    });
    expect(streamed.files.size).toBe(0);
    expect(streamed.diagnostics).toEqual(all.diagnostics);
    expect([...seen.keys()].sort()).toEqual([...all.files.keys()]);
    for (const [p, t] of all.files) expect(seen.get(p)).toBe(t);
  });
});

/**
 * A write, then a rewrite with one file changed, through `open` with `options`: the same trees,
 * modes and manifests as the synchronous writer's, and unchanged files hard-linked (same inode).
 */
async function writesLikeSync(open: typeof openTreeWriter, options: WriterOptions): Promise<void> {
  const files = syntheticFiles(60, "v1");
  files.set("bin/run.sh", "#!/bin/sh\necho hi\n");
  const a = setup();
  const b = setup();
  writeTree(a, files);
  const [writer, diags] = open(b, options);
  expect(diags).toEqual([]);
  for (const [rel, text] of [...files].sort()) writer!.add(rel, text);
  expect(() => writer!.finish()).toThrow(/finishAsync/);
  const [summary, finishDiags] = await writer!.finishAsync();
  expect(finishDiags).toEqual([]);
  expect(summary?.written).toHaveLength(files.size);
  expect(manifest(b.outAbs)).toBe(manifest(a.outAbs));
  expect(writer!.manifestHash()).toBe(treeManifestHash(b.outAbs));
  expect(litter(b.parent)).toEqual([]);

  const next = new Map(files);
  next.set("d0/sub0/file-000.ts", "changed\n");
  const inode = (t: OutputTarget, rel: string) => statSync(join(t.outAbs, rel)).ino;
  const kept = inode(b, "d1/sub1/file-001.ts");
  const [again] = open(b, options);
  for (const [rel, text] of [...next].sort()) again!.add(rel, text);
  const [s2] = await again!.finishAsync();
  writeTree(a, next);
  expect(s2).toEqual({
    written: ["d0/sub0/file-000.ts"],
    unchanged: files.size - 1,
    removed: [],
    swapped: true,
  });
  expect(manifest(b.outAbs)).toBe(manifest(a.outAbs));
  expect(inode(b, "d1/sub1/file-001.ts")).toBe(kept);
}

/** A write with fsync through `open` with `options` gives the synchronous writer's tree. */
async function fsyncWritesLikeSync(
  open: typeof openTreeWriter,
  options: WriterOptions,
): Promise<void> {
  const files = syntheticFiles(40, "v1");
  const a = setup();
  const b = setup();
  writeTree(a, files);
  const [writer] = open(b, options);
  for (const [rel, text] of [...files].sort()) writer!.add(rel, text);
  const [summary, diags] = await writer!.finishAsync();
  expect(diags).toEqual([]);
  expect(summary?.written).toHaveLength(files.size);
  expect(manifest(b.outAbs)).toBe(manifest(a.outAbs));
  expect(litter(b.parent)).toEqual([]);
}

/** The write fails with one IC5506 (EEXIST), the old tree (`before`) stays, no temp tree is left. */
async function expectEexist(writer: TreeWriter, target: OutputTarget, before: string | undefined) {
  const [summary, diags] = await writer.finishAsync();
  expect(summary).toBeUndefined();
  expect(diags.map((d) => d.code)).toEqual(["IC5506"]);
  expect(diags[0].message).toMatch(/EEXIST/);
  expect(manifest(target.outAbs)).toBe(before);
  expect(tmpDirs(target)).toEqual([]);
}

describe("openTreeWriter with an I/O worker (the build's writer)", () => {
  // The worker only exists compiled: load the writer from dist/ like the CLI does.
  const load = async () => {
    const dist = ensureDist("dist/compiler/write/io-worker.js");
    expect(dist).toContain("io-worker.js");
    return (await import(
      pathToFileURL(join(REPO, "dist/compiler/write.js")).href
    )) as typeof import("../../compiler/write.js");
  };

  it("writes the same tree, modes and manifest as the synchronous writer", async () => {
    const w = await load();
    await writesLikeSync(w.openTreeWriter, { worker: true });
  });

  // A plain file where the temp tree needs a directory makes that mkdir fail: a top-level one is
  // made on this thread, a nested one (group "x/q") on the second I/O lane ("x" is the first).
  it.each([
    ["a top-level directory (this thread)", "y", "y/b.ts"],
    ["a nested directory (the second I/O lane)", "x/q", "x/q/b.ts"],
  ])(
    "reports an I/O failure making %s as IC5506 and leaves the old tree",
    async (_what, blocked, rel) => {
      const w = await load();
      const target = setup();
      writeTree(target, syntheticFiles(3, "v1"));
      const before = manifest(target.outAbs);
      const [writer] = w.openTreeWriter(target, { worker: true });
      writer!.add("x/a.ts", "A\n");
      const [tmp] = tmpDirs(target);
      await new Promise((r) => setTimeout(r, 50));
      writeFileSync(join(target.parent, tmp, blocked), "in the way\n");
      writer!.add(rel, "B\n");
      for (const [path, text] of syntheticFiles(20, "v2")) writer!.add(path, text);
      await expectEexist(writer!, target, before);
    },
  );

  it("with fsync writes the same tree", async () => {
    const w = await load();
    await fsyncWritesLikeSync(w.openTreeWriter, { worker: true, fsync: true });
  });

  it("abortAsync stops the worker before removing the temp tree", async () => {
    const w = await load();
    const target = setup();
    const [writer] = w.openTreeWriter(target, { worker: true });
    for (const [rel, text] of syntheticFiles(200, "v1")) writer!.add(rel, text);
    await writer!.abortAsync();
    await new Promise((r) => setTimeout(r, 50));
    expect(tmpDirs(target)).toEqual([]);
    expect(litter(target.parent)).toEqual([]);
  });
});

describe("openTreeWriter on libuv's thread pool (a small build's writer)", () => {
  it("writes the same tree, modes and manifest as the synchronous writer, and links unchanged files", async () => {
    await writesLikeSync(openTreeWriter, { worker: "pool" });
  });

  it("reports a file it could not create as IC5506 and leaves the old tree", async () => {
    const target = setup();
    writeTree(target, syntheticFiles(3, "v1"));
    const before = manifest(target.outAbs);
    const [writer] = openTreeWriter(target, { worker: "pool" });
    writer!.add("x/a.ts", "A\n");
    const [tmp] = tmpDirs(target);
    // Already there: the pool's exclusive open of x/b.ts fails.
    writeFileSync(join(target.parent, tmp, "x/b.ts"), "in the way\n");
    writer!.add("x/b.ts", "B\n");
    for (const [path, text] of syntheticFiles(20, "v2")) writer!.add(path, text);
    await expectEexist(writer!, target, before);
  });

  it("after a directory it could not make, removes the temp tree only once every file in flight is done", async () => {
    for (let round = 0; round < 5; round++) {
      const target = setup();
      writeTree(target, syntheticFiles(3, "v1"));
      const before = manifest(target.outAbs);
      const [writer] = openTreeWriter(target, { worker: "pool" });
      for (const [path, text] of syntheticFiles(200, "v2")) writer!.add(`a/${path}`, text);
      const [tmp] = tmpDirs(target);
      // A plain file where the next directory must go: making it fails on this thread.
      writeFileSync(join(target.parent, tmp, "b"), "in the way\n");
      writer!.add("b/c.ts", "C\n");
      await expectEexist(writer!, target, before);
      expect(litter(target.parent)).toEqual([]);
    }
  });

  it("with fsync writes the same tree", async () => {
    await fsyncWritesLikeSync(openTreeWriter, { worker: "pool", fsync: true });
  });

  it("abortAsync waits for the files in flight before removing the temp tree", async () => {
    const target = setup();
    const [writer] = openTreeWriter(target, { worker: "pool" });
    for (const [rel, text] of syntheticFiles(200, "v1")) writer!.add(rel, text);
    await writer!.abortAsync();
    expect(tmpDirs(target)).toEqual([]);
    expect(litter(target.parent)).toEqual([]);
  });
});
