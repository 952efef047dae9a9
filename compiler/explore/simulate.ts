/**
 * Seeded random simulation past the search budget, and shrinking of the traces it finds
 * (drop chunks of steps while the same invariant still fails), so reports stay short.
 */
import type { Invariant } from "../ir/types.js";
import type { Config, HandledEvent, MachineModel, ModelEvent } from "./model.js";
import { step } from "./step.js";
import type { ExploreFinding, Trace, TraceStep } from "./trace.js";

/** Options of a simulation. */
export interface SimulateOptions {
  readonly steps: number;
  readonly depth: number;
  readonly seed: number;
  readonly payloads: (
    event: HandledEvent,
    fields: Readonly<Record<string, unknown>>,
  ) => ModelEvent[];
}

/** What a simulation saw. */
export interface SimulationResult {
  readonly walks: number;
  readonly steps: number;
  readonly states: ReadonlySet<string>;
  readonly enabledEvents: ReadonlySet<string>;
  readonly findings: readonly ExploreFinding[];
}

/** A small deterministic PRNG (mulberry32). */
export function createRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Random walks from the given starts; violations are shrunk before they are returned. */
export function simulate(
  model: MachineModel,
  starts: readonly Config[],
  opts: SimulateOptions,
): SimulationResult {
  const rnd = createRandom(opts.seed);
  const states = new Set<string>();
  const enabledEvents = new Set<string>();
  const found = new Map<string, ExploreFinding>();
  let steps = 0;
  let walks = 0;
  while (steps < opts.steps && starts.length > 0) {
    walks++;
    const first = starts[Math.floor(rnd() * starts.length)];
    let c = first;
    const trail: TraceStep[] = [];
    for (let d = 0; d < opts.depth && steps < opts.steps; d++) {
      const moves: { event: ModelEvent; next: Config; id: string }[] = [];
      for (const ev of model.events) {
        if (model.transitionsFor(c.state, ev.key).length === 0) continue;
        for (const event of opts.payloads(ev, c.fields)) {
          try {
            const taken = step(model, c, event);
            if (taken === undefined) continue;
            moves.push({ event, next: taken.next, id: taken.transition.id });
            enabledEvents.add(ev.key);
          } catch {
            // The search phase reports failing expressions with a trace; walks just skip them.
          }
        }
      }
      if (moves.length === 0) break;
      const m = moves[Math.floor(rnd() * moves.length)];
      steps++;
      trail.push({ event: m.event, transition: m.id, state: m.next.state, fields: m.next.fields });
      states.add(m.next.state);
      const bad = violated(model, c, m.next);
      c = m.next;
      if (bad !== undefined && !found.has(bad.name)) {
        const start = { machine: model.id, initial: first, steps: [...trail] };
        found.set(bad.name, {
          kind: "invariant-violated",
          invariant: bad,
          trace: shrink(model, start, bad),
          foundBy: "simulation",
        });
      }
    }
  }
  return { walks, steps, states, enabledEvents, findings: [...found.values()] };
}

function violated(
  model: MachineModel,
  prev: Config | undefined,
  next: Config,
): Invariant | undefined {
  for (const inv of model.invariants) {
    try {
      if (
        !inv.holds(
          prev?.fields as Record<string, unknown> | undefined,
          next.fields as Record<string, unknown>,
        )
      )
        return inv.decl;
    } catch {
      return inv.decl;
    }
  }
  return undefined;
}

/**
 * Replay events from a configuration; rejected events are skipped. Returns the steps taken up to
 * and including the first violation of `target` (or all steps without a target).
 */
function replay(
  model: MachineModel,
  start: Config,
  events: readonly ModelEvent[],
  target?: Invariant,
): TraceStep[] | undefined {
  let c = start;
  const out: TraceStep[] = [];
  for (const event of events) {
    let taken;
    try {
      taken = step(model, c, event);
    } catch {
      continue;
    }
    if (taken === undefined) continue;
    const next = taken.next;
    out.push({ event, transition: taken.transition.id, state: next.state, fields: next.fields });
    if (target !== undefined && violated(model, c, next)?.name === target.name) return out;
    c = next;
  }
  return target === undefined ? out : undefined;
}

/** Shrink a violating trace: drop chunks of steps (halving the chunk size) while it still fails. */
export function shrink(model: MachineModel, trace: Trace, target: Invariant): Trace {
  let events = (
    replay(
      model,
      trace.initial,
      trace.steps.map((s) => s.event),
      target,
    ) ?? trace.steps
  ).map((s) => s.event);
  let chunk = Math.max(1, Math.floor(events.length / 2));
  while (chunk >= 1) {
    let changed = false;
    for (let i = 0; i + chunk <= events.length;) {
      const candidate = [...events.slice(0, i), ...events.slice(i + chunk)];
      const r = replay(model, trace.initial, candidate, target);
      if (r !== undefined) {
        events = r.map((s) => s.event);
        changed = true;
      } else i++;
    }
    if (!changed) chunk = Math.floor(chunk / 2);
  }
  const steps = replay(model, trace.initial, events, target) ?? trace.steps;
  return { machine: trace.machine, initial: trace.initial, steps };
}

/**
 * The simulation a search falls back to past its budget or depth bound: walks from the first
 * configurations it found (at most 4096), of about half the budget in steps (1000 to 50 000).
 */
export function simulatePastBudget(
  model: MachineModel,
  starts: readonly Config[],
  budget: number,
  depth: number,
  seed: number,
  payloads: SimulateOptions["payloads"],
): SimulationResult {
  const steps = Math.max(1000, Math.min(Math.floor(budget / 2), 50_000));
  return simulate(model, starts, { steps, depth: Math.max(depth, 50), seed, payloads });
}
