import { describe, expect, it } from "vitest";
// @ts-expect-error -- plain ESM benchmark script without type declarations
import { generateCorpus } from "../../bench/corpus.mjs";
import { createMemoryHost } from "../../compiler/host.js";
import { compile } from "../../compiler/program.js";

type Corpus = { files: Map<string, string>; tsp: string; stats: Record<string, number> };
const gen = generateCorpus as (o: {
  entities: number;
  seed?: number;
  perDomain?: number;
}) => Corpus;

describe("bench corpus", () => {
  it("is deterministic for a seed and differs across seeds", () => {
    const a = gen({ entities: 100, seed: 7 });
    const b = gen({ entities: 100, seed: 7 });
    const c = gen({ entities: 100, seed: 8 });
    expect([...a.files]).toEqual([...b.files]);
    expect(a.tsp).toBe(b.tsp);
    expect([...a.files]).not.toEqual([...c.files]);
  });

  it.each([100])("generates %i valid entities that compile without diagnostics", (entities) => {
    const corpus = gen({ entities });
    expect(corpus.stats.entities).toBe(entities);
    expect(corpus.files.size).toBe(Math.ceil(entities / 20) + 1);
    const result = compile(createMemoryHost(Object.fromEntries(corpus.files)), { dir: "intent" });
    expect(
      result.diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.code} ${d.message}`),
    ).toEqual([]);
    expect(result.program?.domains.length).toBe(Math.ceil(entities / 20));
  });
});
