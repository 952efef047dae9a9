/**
 * Breadth-first search over (machine state, entity fields), like TLC: the first violation of an
 * invariant found is reached by a shortest trace. Past the state budget or the depth bound it
 * falls back to seeded random simulation (simulate.ts), and shrinks what it finds.
 *
 * The parts: the visited set and its keys (states.ts, interner.ts), keys back into fields
 * (fields.ts), what is precomputed per state and transition (plan.ts), findings and claims of
 * absence (findings.ts), traces and coverage out of the visited set (paths.ts), remembered
 * outcomes of guards and effects (memo.ts), the search loop (breadth-first.ts). This file runs
 * it, falls back to simulation and assembles the result.
 */
import type { Config, CompiledTransition, MachineModel, ModelEvent } from "./model.js";
import { simulatePastBudget } from "./simulate.js";
import type { ExploreResult, Trace } from "./trace.js";
import { prefixEnd } from "./paths.js";
import { collisionBound } from "./states.js";
import { addAbsences } from "./findings.js";
import { BreadthFirst } from "./breadth-first.js";
import type { SearchOptions } from "./options.js";

export { errText, sampledPayloadsOf } from "./findings.js";
export { enabledFor } from "./step.js";
export { EXACT_WIDTH, type SearchOptions } from "./options.js";

/** A successor of a configuration: the transition taken and the step's outcome. */
export interface Move {
  readonly event: ModelEvent;
  readonly transition: CompiledTransition;
  readonly next: Config;
}

/** Explore one machine. */
export function searchMachine(model: MachineModel, opts: SearchOptions = {}): ExploreResult {
  const now = opts.now ?? (() => 0);
  const started = now();
  const search = new BreadthFirst(model, opts);
  search.run();
  const { store, log } = search;
  let simulation: ExploreResult["stats"]["simulation"];
  const stopped = log.stopped;
  // Stopping at the first error keeps the findings up to it (one step's expansion may add more).
  if (stopped) log.list.length = log.firstError + 1;
  const truncated = search.truncated;
  if (truncated && !stopped && store.count > 0 && opts.simulate !== false) {
    const starts: Config[] = [];
    for (let k = 0; k < Math.min(store.count, 4096); k++) starts.push(search.paths.configOf(k));
    const seed = opts.seed ?? 1;
    const sim = simulatePastBudget(
      model,
      starts,
      search.budget,
      search.maxDepth,
      seed,
      search.payloads,
    );
    simulation = { walks: sim.walks, steps: sim.steps, seed };
    for (const s of sim.states) if (!search.firstAt.has(s)) search.firstAt.set(s, -1);
    for (const e of sim.enabledEvents) search.enabledEvents.add(e);
    for (const f of sim.findings) {
      if (f.kind === "invariant-violated") log.add(`inv:${f.invariant.name}`, () => f);
    }
  }
  // Nothing explored (a zero budget): no state or event can be said to be unreachable.
  if (!stopped && (store.count > 0 || !truncated)) {
    const states = new Set(search.firstAt.keys());
    const complete = !truncated && search.sampled.length === 0;
    addAbsences(model, log, {
      states,
      events: search.enabledEvents,
      threw: search.threw,
      complete,
      sampled: search.sampled,
    });
  }

  const elapsedMs = now() - started;
  const names = model.machine.states.map((s) => s.name);
  const taken = search.firstSteps.taken(search.plan.planned);
  const coverage = search.paths.coverage(names, search.firstAt, taken, Infinity, Infinity);
  // The coverage a search with the smaller budget and depth `p` would have returned.
  const p = opts.prefix;
  let prefixCoverage: Trace[] | undefined;
  if (p !== undefined && p.budget <= search.budget && p.depth <= search.maxDepth) {
    const [pushed, last] = prefixEnd(store, search.countAfter, search.initialCount, p);
    prefixCoverage = search.paths.coverage(names, search.firstAt, taken, pushed, last);
  }
  const count = store.count;
  const sampled = search.sampled;
  return {
    machine: model.id,
    findings: log.list,
    coverage,
    ...(prefixCoverage !== undefined ? { prefixCoverage } : {}),
    stats: {
      distinct: count,
      generated: search.generated,
      depth: store.maxDepth,
      complete: !truncated && !stopped && sampled.length === 0,
      completeness: stopped
        ? "stopped"
        : truncated
          ? "budget exhausted"
          : sampled.length > 0
            ? "sampled"
            : "complete",
      sampled,
      elapsedMs,
      statesPerSecond: elapsedMs > 0 ? Math.round((count / elapsedMs) * 1000) : 0,
      ...(simulation !== undefined ? { simulation } : {}),
      ...(store.fingerprinted
        ? { fingerprints: { bits: 64, collisionBound: collisionBound(count) } }
        : {}),
    },
  };
}
