/**
 * Transition and event coverage of one exploration, for `intentc explore --format json`: which
 * transitions the breadth-first search took and which it never took, and which events were never
 * enabled. Taken transitions are read off the result's coverage traces (every taken transition
 * has one, ending with its first step); random simulation past the budget does not add to them.
 */
import type { MachineModel } from "./model.js";
import type { ExploreResult } from "./trace.js";

/** Coverage of one machine's exploration (ids are `<state>.<event>.<n>`, sorted). */
export interface ExploreCoverage {
  readonly transitions: {
    readonly total: number;
    readonly taken: readonly string[];
    readonly notTaken: readonly string[];
  };
  /** Events no reachable configuration enabled (the IC8004 findings). */
  readonly eventsNeverEnabled: readonly string[];
}

/** The coverage of `result`, an exploration of `model`. */
export function coverageOf(model: MachineModel, result: ExploreResult): ExploreCoverage {
  const all: string[] = [];
  for (const s of model.machine.states)
    for (const e of model.events)
      for (const t of model.transitionsFor(s.name, e.key)) all.push(t.id);
  const seen = new Set<string>();
  for (const trace of result.coverage) for (const step of trace.steps) seen.add(step.transition);
  const sorted = (xs: string[]) => xs.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return {
    transitions: {
      total: all.length,
      taken: sorted(all.filter((id) => seen.has(id))),
      notTaken: sorted(all.filter((id) => !seen.has(id))),
    },
    eventsNeverEnabled: sorted(
      result.findings.flatMap((f) => (f.kind === "event-never-enabled" ? [f.event] : [])),
    ),
  };
}
