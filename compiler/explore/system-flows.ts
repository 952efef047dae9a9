/**
 * Which flows are explored as systems (explore/system.ts): a small module of its own, so that
 * `intentc explore` loads the system explorer only when there is a flow to explore.
 */
import type { Flow, Program } from "../ir/types.js";

/** The flows explored as systems, in program order; optionally only the one named `only` (`name` or `domain.name`). */
export function systemFlows(program: Program, only?: string): Flow[] {
  return program.domains
    .flatMap((d) => d.flows)
    .filter(
      (f) =>
        f.steps.some((s) => s.triggers !== undefined) ||
        (f.invariants ?? []).length > 0 ||
        (f.holders ?? []).length > 0,
    )
    .filter((f) => only === undefined || f.name === only || `${f.domain}.${f.name}` === only);
}
