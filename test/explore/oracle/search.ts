/**
 * Test oracle: the straightforward search the optimized compiler/explore/search.ts replaced
 * (string keys, an object per configuration, every invariant on every step). Kept verbatim apart
 * from imports so that tests can check the optimized search returns exactly what it returned.
 */
import type {
  Config,
  CompiledTransition,
  MachineModel,
  ModelEvent,
} from "../../../compiler/explore/model.js";
import { createPayloads, initialConfigs } from "./payloads.js";
import { sampledFields } from "../../../compiler/explore/payloads.js";
import { sampledPayloadsOf } from "../../../compiler/explore/search.js";
import { simulate } from "../../../compiler/explore/simulate.js";
import type {
  ExploreFinding,
  ExploreResult,
  Trace,
  TraceStep,
} from "../../../compiler/explore/trace.js";
import { canonical } from "../../../compiler/explore/values.js";

/** Options of one exploration. */
export interface SearchOptions {
  /**
   * Most distinct states before falling back to simulation.
   * @default 200000
   */
  readonly budget?: number;
  /**
   * Deepest level expanded.
   * @default 50
   */
  readonly depth?: number;
  /**
   * Seed of the random simulation past the budget.
   * @default 1
   */
  readonly seed?: number;
  /**
   * Most initial configurations.
   * @default 4096
   */
  readonly initialCap?: number;
  /**
   * Fall back to random simulation past the budget or depth.
   * @default true
   */
  readonly simulate?: boolean;
  /** Clock for states-per-second statistics (injected so the core stays deterministic). */
  readonly now?: () => number;
  /**
   * Also compute the coverage a search with this smaller budget and depth (same seed and initial
   * cap, no simulation) would return, as `prefixCoverage`: breadth-first search makes that search
   * a prefix of this one, so one exploration serves both build diagnostics and test seeds.
   */
  readonly prefix?: { readonly budget: number; readonly depth: number };
}

/** A successor of a configuration: the transition taken and the step's outcome. */
export interface Move {
  readonly event: ModelEvent;
  readonly transition: CompiledTransition;
  readonly next: Config;
}

/** Enabled transitions of a config for one payload, in declaration order (guards that throw count as an error). */
export function enabledFor(
  model: MachineModel,
  c: Config,
  event: ModelEvent,
): CompiledTransition[] {
  return model
    .transitionsFor(c.state, event.type)
    .filter((t) => t.guard === undefined || t.guard(c.fields, event) === true);
}

/** Explore one machine. */
export function searchMachine(model: MachineModel, opts: SearchOptions = {}): ExploreResult {
  const budget = opts.budget ?? 200_000;
  const maxDepth = opts.depth ?? 50;
  const now = opts.now ?? (() => 0);
  const started = now();
  const payloads = createPayloads(model);
  const findings: ExploreFinding[] = [];
  const once = new Set<string>();
  const add = (key: string, f: ExploreFinding) => {
    if (once.has(key)) return;
    once.add(key);
    findings.push(f);
  };

  const configs: Config[] = [];
  const parent: number[] = [];
  const via: { event: ModelEvent; transition: string }[] = [];
  const depthOf: number[] = [];
  const index = new Map<string, number>();
  const seenStates = new Map<string, number>();
  const takenTransitions = new Map<string, { from: number; step: TraceStep }>();
  const enabledEvents = new Set<string>();
  // Events whose guards threw are reported once as failing, not again as never enabled.
  const threw = new Set<string>();
  // Number of configurations after each expansion (or depth skip), for `prefix`.
  const countAfter: number[] = [];
  let initialCount = 0;
  let generated = 0;
  let maxReached = 0;
  let truncated = false;

  // Field order is fixed by the entity, so only nested values need sorting for a canonical key.
  // Fields the machine neither reads nor writes hold one value throughout (see initialConfigs),
  // so they are left out of the key.
  const names = model.fields.filter((f) => model.relevant.has(f.name)).map((f) => f.name);
  const keyOf = (c: Config) => {
    let k = c.state;
    for (const n of names) {
      const v = c.fields[n];
      k +=
        "|" +
        (v === undefined
          ? ""
          : typeof v === "object" && v !== null
            ? canonical(v)
            : JSON.stringify(v));
    }
    return k;
  };
  const traceTo = (i: number, extra?: TraceStep): Trace => {
    const steps: TraceStep[] = [];
    let k = i;
    while (parent[k] >= 0) {
      steps.push({
        event: via[k].event,
        transition: via[k].transition,
        state: configs[k].state,
        fields: configs[k].fields,
      });
      k = parent[k];
    }
    steps.reverse();
    if (extra) steps.push(extra);
    return { machine: model.id, initial: configs[k], steps };
  };
  const checkInvariants = (prev: Config | undefined, next: Config, trace: () => Trace) => {
    for (const inv of model.invariants) {
      let ok: boolean;
      try {
        ok = inv.holds(
          prev?.fields as Record<string, unknown> | undefined,
          next.fields as Record<string, unknown>,
        );
      } catch (e) {
        add(`throw:${inv.decl.name}`, {
          kind: "expression-failed",
          what: `invariant '${inv.decl.name}'`,
          loc: inv.decl.holds.loc,
          error: errText(e),
          trace: trace(),
        });
        continue;
      }
      if (!ok)
        add(`inv:${inv.decl.name}`, {
          kind: "invariant-violated",
          invariant: inv.decl,
          trace: trace(),
          foundBy: "search",
        });
    }
  };
  const push = (
    c: Config,
    from: number,
    step?: { event: ModelEvent; transition: string },
  ): void => {
    const key = keyOf(c);
    if (index.has(key)) return;
    if (configs.length >= budget) {
      truncated = true;
      return;
    }
    const i = configs.length;
    index.set(key, i);
    configs.push(c);
    parent.push(from);
    via.push(step ?? { event: { type: "" }, transition: "" });
    const d = from < 0 ? 0 : depthOf[from] + 1;
    depthOf.push(d);
    if (d > maxReached) maxReached = d;
    if (!seenStates.has(c.state)) seenStates.set(c.state, i);
  };

  for (const c of initialConfigs(model, opts.initialCap ?? 4096, true)) {
    if (configs.length >= budget) break;
    const before = configs.length;
    push(c, -1);
    if (configs.length > before) checkInvariants(undefined, c, () => traceTo(before));
  }
  initialCount = configs.length;

  let head = 0;
  while (head < configs.length) {
    if (configs.length >= budget) {
      truncated = true;
      break;
    }
    const i = head++;
    const c = configs[i];
    if (depthOf[i] >= maxDepth) {
      truncated = true;
      countAfter.push(configs.length);
      continue;
    }
    let any = false;
    for (const ev of model.events) {
      if (model.transitionsFor(c.state, ev.key).length === 0) continue;
      for (const event of payloads(ev, c.fields)) {
        generated++;
        let enabled: CompiledTransition[];
        try {
          enabled = enabledFor(model, c, event);
        } catch (e) {
          const t = model.transitionsFor(c.state, ev.key)[0];
          threw.add(ev.key);
          add(`throw:guard:${c.state}:${ev.key}`, {
            kind: "expression-failed",
            what: `a guard of '${ev.key}' in '${c.state}'`,
            loc: t.decl.guard?.loc ?? t.decl.loc,
            error: errText(e),
            trace: traceTo(i),
          });
          continue;
        }
        if (enabled.length === 0) continue;
        any = true;
        enabledEvents.add(ev.key);
        const t = enabled[0];
        if (enabled.length > 1) {
          add(`overlap:${enabled[0].id}:${enabled[1].id}`, {
            kind: "overlapping-guards",
            first: enabled[0],
            second: enabled[1],
            event,
            trace: traceTo(i),
          });
        }
        let fields: Record<string, unknown>;
        try {
          fields = model.apply(t, c.fields, event);
        } catch (e) {
          add(`throw:set:${t.id}`, {
            kind: "expression-failed",
            what: `an effect of '${t.id}'`,
            loc: t.decl.loc,
            error: errText(e),
            trace: traceTo(i),
          });
          continue;
        }
        const next: Config = { state: t.to, fields };
        const step: TraceStep = { event, transition: t.id, state: t.to, fields };
        if (!takenTransitions.has(t.id)) takenTransitions.set(t.id, { from: i, step });
        for (const s of t.sets) {
          const problem = model.fieldProblem(s.field, fields[s.field.name]);
          if (problem !== undefined)
            add(`type:${t.id}:${s.field.name}`, {
              kind: "effect-breaks-type",
              transition: t,
              field: s.field.name,
              loc: s.loc,
              problem,
              trace: traceTo(i, step),
            });
        }
        const before = configs.length;
        push(next, i, { event, transition: t.id });
        if (configs.length > before) checkInvariants(c, next, () => traceTo(before));
        else checkInvariants(c, next, () => traceTo(i, step));
      }
    }
    if (!any && model.machine.deadlock !== "allowed" && !model.finals.has(c.state))
      add(`deadlock:${c.state}`, {
        kind: "deadlock",
        state: c.state,
        trace: traceTo(i),
        sampled: sampledPayloadsOf(model, sampledFields(model, opts.initialCap ?? 4096), c.state),
      });
    countAfter.push(configs.length);
  }

  let simulation: ExploreResult["stats"]["simulation"];
  if (truncated && configs.length > 0 && opts.simulate !== false) {
    const sim = simulate(model, configs.slice(0, Math.min(configs.length, 4096)), {
      steps: Math.max(1000, Math.min(Math.floor(budget / 2), 50_000)),
      depth: Math.max(maxDepth, 50),
      seed: opts.seed ?? 1,
      payloads,
    });
    simulation = { walks: sim.walks, steps: sim.steps, seed: opts.seed ?? 1 };
    for (const s of sim.states) if (!seenStates.has(s)) seenStates.set(s, -1);
    for (const e of sim.enabledEvents) enabledEvents.add(e);
    for (const f of sim.findings) {
      if (f.kind === "invariant-violated") add(`inv:${f.invariant.name}`, f);
    }
  }

  // What was sampled is the explorer's own computation (compiler/explore/payloads.ts).
  const sampled = sampledFields(model, opts.initialCap ?? 4096);
  const statically = staticallyReachable(model);
  for (const s of model.machine.states) {
    if (!seenStates.has(s.name) && statically.has(s.name))
      add(`unreach:${s.name}`, {
        kind: "unreachable-state",
        state: s.name,
        loc: s.loc,
        complete: !truncated && sampled.length === 0,
        sampled,
      });
  }
  for (const ev of model.events) {
    if (enabledEvents.has(ev.key) || threw.has(ev.key)) continue;
    const ts = model.machine.states.flatMap((s) =>
      s.transitions.filter((t) => eventMatches(model, t.event, ev.key)),
    );
    add(`never:${ev.key}`, {
      kind: "event-never-enabled",
      event: ev.key,
      loc: ts[0].loc,
      complete: !truncated && sampled.length === 0,
      sampled,
    });
  }

  const elapsedMs = now() - started;
  // Shortest paths to every state first pushed below `pushed` and every transition first taken
  // while expanding a configuration up to `expanded`.
  const coverageOf = (pushed: number, expanded: number): Trace[] => {
    const coverage: Trace[] = [];
    for (const s of model.machine.states) {
      const i = seenStates.get(s.name);
      if (i !== undefined && i >= 0 && i < pushed) coverage.push(traceTo(i));
    }
    for (const [, { from, step }] of [...takenTransitions.entries()].sort(([a], [b]) =>
      a < b ? -1 : a > b ? 1 : 0,
    )) {
      if (from <= expanded) coverage.push(traceTo(from, step));
    }
    return dedupeTraces(coverage);
  };
  let prefixCoverage: Trace[] | undefined;
  const p = opts.prefix;
  if (p !== undefined && p.budget <= budget && p.depth <= maxDepth) {
    // The smaller search pushes the same configurations in the same order, stops expanding when
    // it holds p.budget of them or reaches depth p.depth (depths never decrease in BFS order).
    let last = -1;
    for (let i = 0; i < countAfter.length; i++) {
      const before = i === 0 ? initialCount : countAfter[i - 1];
      if (Math.min(before, p.budget) >= p.budget || depthOf[i] >= p.depth) break;
      last = i;
    }
    prefixCoverage = coverageOf(
      Math.min(p.budget, last < 0 ? initialCount : countAfter[last]),
      last,
    );
  }
  return {
    machine: model.id,
    findings,
    coverage: coverageOf(Infinity, Infinity),
    ...(prefixCoverage !== undefined ? { prefixCoverage } : {}),
    stats: {
      distinct: configs.length,
      generated,
      depth: maxReached,
      complete: !truncated && sampled.length === 0,
      completeness: truncated ? "budget exhausted" : sampled.length > 0 ? "sampled" : "complete",
      sampled,
      elapsedMs,
      statesPerSecond: elapsedMs > 0 ? Math.round((configs.length / elapsedMs) * 1000) : 0,
      ...(simulation !== undefined ? { simulation } : {}),
    },
  };
}

/** States reachable from the initial one when every guard is ignored (the checker reports the rest). */
function staticallyReachable(model: MachineModel): Set<string> {
  const seen = new Set([model.machine.initial]);
  const work = [model.machine.initial];
  while (work.length > 0) {
    const s = model.machine.states.find((x) => x.name === work.pop());
    for (const t of s?.transitions ?? []) {
      if (!seen.has(t.to)) {
        seen.add(t.to);
        work.push(t.to);
      }
    }
  }
  return seen;
}

function eventMatches(
  model: MachineModel,
  ref: { domain: string; name: string },
  key: string,
): boolean {
  return (ref.domain === model.machine.domain ? ref.name : `${ref.domain}.${ref.name}`) === key;
}

function dedupeTraces(traces: Trace[]): Trace[] {
  const seen = new Set<string>();
  return traces.filter((t) => {
    const k = canonical(t);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** The message of a thrown value. */
export function errText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
