/** One shard of the large front-end fuzz: `FUZZ_RUNS` inputs split over the shard files. */
import { it } from "vitest";
import fc from "fast-check";
import { checkFrontEnd, exampleFiles, frontEndInputArb } from "./arbitraries.js";

/** Number of shard files (each runs in its own worker). */
export const SHARDS = 2;

/** Register the fuzz test for shard `index` (0-based). */
export function fuzzShard(index: number): void {
  const total = Number(process.env.FUZZ_RUNS ?? 2000);
  const runs = Math.ceil(total / SHARDS);
  const seed = Number(process.env.FUZZ_SEED ?? 424242) + index;
  it(`front end: ${runs} generated inputs (seed ${seed}) give diagnostics, never an exception`, () => {
    fc.assert(
      fc.property(frontEndInputArb(exampleFiles()), (input) => checkFrontEnd(input)),
      { numRuns: runs, seed },
    );
  });
}
