/**
 * The pool placer (compiler/write/placer.ts) keeps at most `maxOpen` files in flight: the rest
 * wait their turn and are all placed by `flush`, or dropped by `stop` (an aborted write).
 */
import { afterEach, describe, expect, it } from "vitest";
import { mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { poolPlacer } from "../../compiler/write/placer.js";
import { tempRoot } from "./helpers.js";

const roots: string[] = [];
afterEach(() => {
  for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
});

function place(maxOpen: number, count: number) {
  const root = tempRoot("intentc-placer-");
  roots.push(root);
  const dir = join(root, "tree");
  mkdirSync(dir);
  const placer = poolPlacer(false, Number.NaN, maxOpen);
  placer.dir(join(dir, "d"));
  for (let i = 0; i < count; i++)
    placer.file(
      join(dir, "d", `f${i}.txt`),
      new TextEncoder().encode(`file ${i}\n`),
      0o644,
      undefined,
    );
  return { placer, files: () => readdirSync(join(dir, "d")).sort(), dir };
}

describe("pool placer", () => {
  it("places every file when more are given than may be in flight", async () => {
    const { placer, files, dir } = place(3, 50);
    await placer.flush([]);
    expect(files()).toHaveLength(50);
    for (let i = 0; i < 50; i++)
      expect(readFileSync(join(dir, "d", `f${i}.txt`), "utf8")).toBe(`file ${i}\n`);
    await placer.stop();
  });

  it("stop lets the files in flight finish and drops the ones waiting", async () => {
    const { placer, files } = place(2, 50);
    await placer.stop();
    expect(files()).toEqual(["f0.txt", "f1.txt"]);
  });
});
