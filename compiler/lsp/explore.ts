/**
 * Explore on save: the machines of the saved file's domain are explored as `intentc check`
 * explores them (same budget, same findings, at the guard or invariant they concern), one machine
 * at a time, yielding to the event loop between machines so that the next edit cancels the rest.
 */
import type { Diagnostic } from "../diagnostic.js";
import type { Program } from "../ir/types.js";
import { exploreForBuild } from "../explore/build.js";
import { DEFAULT_EXPLORE_BUDGET } from "../driver/analyze.js";

/** The findings of exploring a domain's machines, or undefined when cancelled. */
export async function exploreDomain(
  program: Program,
  domain: string,
  cancelled: () => boolean,
  budget = DEFAULT_EXPLORE_BUDGET,
): Promise<Diagnostic[] | undefined> {
  const out: Diagnostic[] = [];
  for (const m of program.domains.find((d) => d.name === domain)?.machines ?? []) {
    await new Promise((done) => setImmediate(done));
    if (cancelled()) return undefined;
    out.push(
      ...exploreForBuild(program, m, budget).diagnostics.filter((d) => d.severity !== "info"),
    );
  }
  return cancelled() ? undefined : out;
}
