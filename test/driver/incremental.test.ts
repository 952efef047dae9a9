/**
 * Incremental builds through the real CLI (dist/, every emitter): the content-keyed memo in
 * node_modules/.cache/intentc and the build's worker threads (file I/O, exploration) must never
 * change a byte. A synthetic corpus (bench/corpus.mjs) of 12 domains exercises them: its intent
 * files (≈ 134 KB) are above the size from which a build writes through I/O lanes (128 KiB).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { compile, emitProgram } from "../../compiler/program.js";
import { createNodeHost } from "../../compiler/host.js";
import { ensureDist, REPO } from "./dist.js";
import { manifest, tempRoot } from "../write/helpers.js";

const BIN = join(REPO, "bin/intentc.js");
const tmp: string[] = [];
type Corpus = { files: Map<string, string> };

let corpus: Corpus;
beforeAll(async () => {
  ensureDist("dist/compiler/write/io-worker.js");
  const mod = (await import(pathToFileURL(join(REPO, "bench/corpus.mjs")).href)) as {
    generateCorpus(o: { entities: number; perDomain: number; seed: number }): Corpus;
  };
  corpus = mod.generateCorpus({ entities: 240, perDomain: 20, seed: 3 });
});
afterAll(() => {
  for (const d of tmp) rmSync(d, { recursive: true, force: true });
});

function project(files: ReadonlyMap<string, string>, cache: boolean): string {
  const root = tempRoot("intentc-incr-");
  tmp.push(root);
  for (const [path, text] of files) {
    mkdirSync(join(root, path, ".."), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  if (cache) mkdirSync(join(root, "node_modules"));
  return root;
}

function build(root: string): void {
  const r = spawnSync(process.execPath, [BIN, "build"], { cwd: root, encoding: "utf8" });
  expect(r.stdout + r.stderr).toMatch(/built generated\//);
  expect(r.status).toBe(0);
}

/** A summary edit, a changed guard (d0000) and a changed shared type (d0003). */
function edit(files: ReadonlyMap<string, string>): Map<string, string> {
  const out = new Map(files);
  const d0 = files.get("intent/d0000.intent.yaml")!;
  const d3 = files.get("intent/d0003.intent.yaml")!;
  // Both changes break the contract, so the domains move to a new major version.
  const major = (t: string) => t.replace(/^version: .*$/m, "version: 9.0.0");
  const d0Next = major(
    d0
      .replace(/^summary: .*$/m, "summary: Edited for the test.")
      .replace('guard: "count > 0"', 'guard: "count > 1"'),
  );
  const d3Next = major(
    d3.replace(
      "Qty: { type: integer, minimum: 1, maximum: 100 }",
      "Qty: { type: integer, minimum: 1, maximum: 50 }",
    ),
  );
  expect(d0Next).not.toBe(d0);
  expect(d3Next).not.toBe(d3);
  out.set("intent/d0000.intent.yaml", d0Next);
  out.set("intent/d0003.intent.yaml", d3Next);
  return out;
}

describe("incremental build", () => {
  it("writes what an in-process emit without memo or worker produces", () => {
    const root = project(corpus.files, true);
    build(root);
    const c = compile(createNodeHost(root), { dir: "intent" });
    const { files } = emitProgram(c.program!);
    const written = readdirSync(join(root, "generated"), { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => join(e.parentPath, e.name).slice(join(root, "generated").length + 1))
      .sort();
    expect(written).toEqual([...files.keys()]);
    for (const path of written)
      expect(readFileSync(join(root, "generated", path), "utf8"), path).toBe(files.get(path));
  }, 120_000);

  it("after a change, reuses the memo and writes exactly the tree of a cold build", () => {
    const warm = project(corpus.files, true);
    build(warm);
    const memoDir = join(warm, "node_modules/.cache/intentc");
    const memoFile = readdirSync(memoDir).find((n) => n.startsWith("memo-"))!;
    const kinds = (text: string) => new Set([...text.matchAll(/^,?\["(\S+) /gm)].map((m) => m[1]));
    expect(kinds(readFileSync(join(memoDir, memoFile), "utf8"))).toEqual(
      new Set(["explore", "model-suite", "validators"]),
    );
    const edited = edit(corpus.files);
    for (const [path, text] of edited) writeFileSync(join(warm, path), text);
    build(warm);
    // The same two builds without node_modules (no cache, no memo): the second one also diffs
    // against the first one's lock, so both trees must match byte for byte.
    const cold = project(corpus.files, false);
    build(cold);
    for (const [path, text] of edited) writeFileSync(join(cold, path), text);
    build(cold);
    expect(manifest(join(warm, "generated"))).toBe(manifest(join(cold, "generated")));
    // The memo now holds the second build's entries only; rebuilding from a copy of it matches too.
    const again = project(corpus.files, false);
    build(again);
    for (const [path, text] of edited) writeFileSync(join(again, path), text);
    cpSync(join(warm, "node_modules"), join(again, "node_modules"), { recursive: true });
    rmSync(
      join(
        again,
        "node_modules/.cache/intentc",
        readdirSync(memoDir).find((n) => n.startsWith("build-"))!,
      ),
    );
    build(again);
    expect(manifest(join(again, "generated"))).toBe(manifest(join(cold, "generated")));
  }, 180_000);
});
