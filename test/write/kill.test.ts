/**
 * F02: a build killed with SIGKILL part-way leaves the previous tree intact, and the next build
 * cleans up. The writer runs in a child process (compiled dist/) with the writer's `faults`
 * option (SIGKILL after N files, or at a point of the swap).
 */
import { beforeAll, afterEach, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { recoverOutput, writeTree, type WriteFaults } from "../../compiler/write.js";
import { resolveOutputTarget, type OutputTarget } from "../../compiler/write/paths.js";
import { ensureDist } from "../driver/dist.js";
import { litter, manifest, syntheticFiles, tempRoot } from "./helpers.js";

let distWrite: string;
beforeAll(() => {
  distWrite = pathToFileURL(ensureDist("dist/compiler/write.js")).href;
});

const roots: string[] = [];
afterEach(() => {
  for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
});

const CHILD = `
import { readFileSync } from "node:fs";
const [distWrite, root, filesJson, faultsJson] = process.argv.slice(2);
const w = await import(distWrite);
const [target, d] = w.resolveOutputTarget(root, "generated");
if (!target) { process.stderr.write(JSON.stringify(d)); process.exit(3); }
w.recoverOutput(target);
const [summary, diags] = w.writeTree(target, new Map(JSON.parse(readFileSync(filesJson, "utf8"))), { faults: JSON.parse(faultsJson) });
process.stdout.write(JSON.stringify({ summary, diags }));
`;

function setup(): { root: string; target: OutputTarget; script: string; filesJson: string } {
  const root = tempRoot("intentc-kill-");
  roots.push(root);
  const [target] = resolveOutputTarget(root, "generated");
  const script = join(root, "child.mjs");
  writeFileSync(script, CHILD);
  return { root, target: target!, script, filesJson: join(root, "files.json") };
}

function runChild(
  s: ReturnType<typeof setup>,
  files: Map<string, string>,
  faults: WriteFaults,
  prefix: string[] = [],
) {
  writeFileSync(s.filesJson, JSON.stringify([...files]));
  const [cmd, ...args] = [
    ...prefix,
    process.execPath,
    s.script,
    distWrite,
    s.root,
    s.filesJson,
    JSON.stringify(faults),
  ];
  return spawnSync(cmd, args, { encoding: "utf8" });
}

describe("SIGKILL during a build (F02)", () => {
  it("leaves the previous tree byte-identical when killed after N files, and the next build cleans the temp tree", () => {
    const s = setup();
    writeTree(s.target, syntheticFiles(40, "v1"));
    const previous = manifest(s.target.outAbs);
    const next = syntheticFiles(40, "v2");
    for (const n of [1, 17, 40]) {
      const r = runChild(s, next, { killAfterFiles: n });
      expect(r.signal, r.stderr).toBe("SIGKILL");
      expect(manifest(s.target.outAbs)).toBe(previous);
      expect(litter(s.root)).toHaveLength(1);
      expect(litter(s.root)[0]).toMatch(/^\.intentc-tmp-generated-[0-9a-f]{12}$/);
      // The temp tree holds exactly the n files placed before the kill.
      const tmp = join(s.root, litter(s.root)[0]);
      const placed = (manifest(tmp) ?? "").split("\n").filter((l) => l.startsWith("file ")).length;
      expect(placed).toBe(n);
      expect(recoverOutput(s.target).removed).toHaveLength(1);
    }
    const ok = runChild(s, next, {});
    expect(ok.status, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout).summary.written).toHaveLength(40);
    expect(litter(s.root)).toEqual([]);
    expect(readdirSync(s.target.outAbs)).toEqual(["d0", "d1", "d2"]);
  });

  it("restores the previous tree on the next run when killed between the two renames", () => {
    const s = setup();
    writeTree(s.target, syntheticFiles(12, "v1"));
    const previous = manifest(s.target.outAbs);
    const r = runChild(s, syntheticFiles(12, "v2"), { killAt: "mid-swap" });
    expect(r.signal).toBe("SIGKILL");
    // Killed in the two-syscall window: the output dir is gone, its backup is complete.
    expect(manifest(s.target.outAbs)).toBeUndefined();
    const backup = litter(s.root).find((n) => n.startsWith(".intentc-old-"))!;
    expect(manifest(join(s.root, backup))).toBe(previous);
    const rec = recoverOutput(s.target);
    expect(rec.restored).toBe(backup);
    expect(manifest(s.target.outAbs)).toBe(previous);
    expect(litter(s.root)).toEqual([]);
  });

  it("keeps the new tree and drops the backup when killed after the swap", () => {
    const s = setup();
    writeTree(s.target, syntheticFiles(12, "v1"));
    const r = runChild(s, syntheticFiles(12, "v2"), { killAt: "after-swap" });
    expect(r.signal).toBe("SIGKILL");
    const fresh = setup();
    writeTree(fresh.target, syntheticFiles(12, "v2"));
    expect(manifest(s.target.outAbs)).toBe(manifest(fresh.target.outAbs));
    expect(litter(s.root)).toHaveLength(1);
    // The next build (child, no hook) recovers first, then finds nothing to do.
    const ok = runChild(s, syntheticFiles(12, "v2"), {});
    expect(JSON.parse(ok.stdout).summary).toEqual({
      written: [],
      unchanged: 12,
      removed: [],
      swapped: false,
    });
    expect(litter(s.root)).toEqual([]);
  });

  it("reports IC5506 and leaves the previous tree and no temp tree when the disk refuses a write (EFBIG like ENOSPC)", () => {
    const s = setup();
    writeTree(s.target, syntheticFiles(5, "v1"));
    const previous = manifest(s.target.outAbs);
    const next = syntheticFiles(5, "v2");
    next.set("big.bin", "x".repeat(64 * 1024));
    // RLIMIT_FSIZE makes the write fail with EFBIG part-way through the temp tree.
    const r = runChild(s, next, {}, ["prlimit", "--fsize=16384", "--"]);
    expect(r.status, r.stderr).toBe(0);
    const { summary, diags } = JSON.parse(r.stdout);
    expect(summary).toBeUndefined();
    expect(diags.map((d: { code: string; message: string }) => `${d.code} ${d.message}`)).toEqual([
      "IC5506 Could not write the output: EFBIG write. The previous output was left unchanged.",
    ]);
    expect(manifest(s.target.outAbs)).toBe(previous);
    expect(litter(s.root)).toEqual([]);
  });
});
