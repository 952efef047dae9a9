/**
 * Golden trees: every fixture's intent compiled by all emitters must equal its expected/ tree
 * byte for byte; missing and extra files fail. `UPDATE=1 npx vitest run test/golden` rewrites.
 */
import { describe, expect, it } from "vitest";
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { dirname, join, relative } from "node:path";
import { createNodeHost } from "../../compiler/host.js";
import { compile, emitProgram } from "../../compiler/program.js";

const ROOT = "test/fixtures/golden";

function listTree(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(relative(dir, p).split("\\").join("/"));
    }
  };
  walk(dir);
  return out;
}

describe("golden trees", () => {
  for (const name of readdirSync(ROOT).sort()) {
    it(`emits exactly the expected tree for '${name}'`, () => {
      const caseDir = join(ROOT, name);
      const result = compile(createNodeHost(caseDir), { dir: "intent" });
      expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
      const { files } = emitProgram(result.program!);
      const expectedDir = join(caseDir, "expected");
      if (process.env.UPDATE === "1") {
        rmSync(expectedDir, { recursive: true, force: true });
        for (const [path, text] of files) {
          const abs = join(expectedDir, path);
          mkdirSync(dirname(abs), { recursive: true });
          writeFileSync(abs, text);
        }
      }
      const onDisk = listTree(expectedDir);
      const emitted = [...files.keys()].sort();
      expect({
        missing: emitted.filter((p) => !onDisk.includes(p)),
        extra: onDisk.filter((p) => !files.has(p)),
      }).toEqual({
        missing: [],
        extra: [],
      });
      for (const path of emitted) {
        expect(files.get(path), path).toBe(readFileSync(join(expectedDir, path), "utf8"));
      }
    });
  }
});
