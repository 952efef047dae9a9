/**
 * Traces out of the visited set: the path to a configuration (following the step that first
 * reached each one, so breadth-first order makes it a shortest one), and the coverage traces —
 * shortest paths to every state reached and every transition taken, told apart by their text.
 * The visited set keeps no fields: a configuration's fields are rebuilt by replaying the steps
 * from its initial configuration (the same pure computation the search made, so the very same
 * values, keys in the same order), remembered for the configurations traces pass through.
 */
import type { CompiledTransition, Config, MachineModel, ModelEvent } from "./model.js";
import type { PlannedTransition, SearchPlan } from "./plan.js";
import type { StateStore } from "./states.js";
import type { Trace, TraceStep } from "./trace.js";
import { canonical } from "./values.js";

/** The first step that took a transition: the configuration it left and the step. */
export interface Taken {
  readonly id: string;
  readonly from: number;
  readonly step: TraceStep;
}

/** Ids of the steps (transition and event) that reached configurations. */
export class StepTable {
  private readonly ids: Map<ModelEvent, number>[] = [];
  /** Per transition, the last event asked for and its id (a transition is mostly taken with one). */
  private readonly lastEvent: (ModelEvent | undefined)[] = [];
  private readonly lastId: number[] = [];
  readonly transitions: number[] = [];
  readonly events: ModelEvent[] = [];

  /** The id of taking transition `tk` (planned index) with `event` (events by identity). */
  id(tk: number, event: ModelEvent): number {
    if (this.lastEvent[tk] === event) return this.lastId[tk];
    const byEvent = (this.ids[tk] ??= new Map());
    let id = byEvent.get(event);
    if (id === undefined) {
      id = this.events.length;
      this.transitions.push(tk);
      this.events.push(event);
      byEvent.set(event, id);
    }
    this.lastEvent[tk] = event;
    this.lastId[tk] = id;
    return id;
  }
}

/** The first step that took each transition (by planned index): from, event, fields after. */
export class FirstSteps {
  private readonly from: number[] = [];
  private readonly events: ModelEvent[] = [];
  private readonly fields: Readonly<Record<string, unknown>>[] = [];

  has(tk: number): boolean {
    return this.from[tk] !== undefined;
  }

  record(tk: number, from: number, event: ModelEvent, fields: Readonly<Record<string, unknown>>) {
    this.from[tk] = from;
    this.events[tk] = event;
    this.fields[tk] = fields;
  }

  /** Taken transitions sorted by id, with the first step that took each. */
  taken(planned: readonly PlannedTransition[]): Taken[] {
    const out: Taken[] = [];
    planned.forEach((p, k) => {
      if (this.from[k] === undefined) return;
      const step: TraceStep = {
        event: this.events[k],
        transition: p.t.id,
        state: p.t.to,
        fields: this.fields[k],
      };
      out.push({ id: p.t.id, from: this.from[k], step });
    });
    return out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }
}

/**
 * Where a search with the smaller budget and depth `p` stops: how many configurations it pushes
 * and the last it expands. It pushes the same configurations in the same order, and stops
 * expanding when it holds p.budget of them or reaches depth p.depth (depths never decrease in
 * breadth-first order); `countAfter` is the count after each expansion, `initialCount` before.
 */
export function prefixEnd(
  store: StateStore,
  countAfter: readonly number[],
  initialCount: number,
  p: { readonly budget: number; readonly depth: number },
): [pushed: number, last: number] {
  let last = -1;
  for (let i = 0; i < countAfter.length; i++) {
    const before = i === 0 ? initialCount : countAfter[i - 1];
    if (Math.min(before, p.budget) >= p.budget || store.depthOf(i) >= p.depth) break;
    last = i;
  }
  return [Math.min(p.budget, last < 0 ? initialCount : countAfter[last]), last];
}

export class Paths {
  /** Fields of the configurations replayed so far. */
  private readonly replayed = new Map<number, Readonly<Record<string, unknown>>>();

  constructor(
    private readonly model: MachineModel,
    private readonly store: StateStore,
    private readonly plan: SearchPlan,
    private readonly steps: StepTable,
    /** The initial configurations, by index (they are the first ones added). */
    private readonly initials: readonly Config[],
  ) {}

  /** The transition and event that reached configuration `k` (not an initial one). */
  private via(k: number): { readonly t: CompiledTransition; readonly event: ModelEvent } {
    const id = this.store.stepOf(k);
    return { t: this.plan.planned[this.steps.transitions[id]].t, event: this.steps.events[id] };
  }

  /** The fields of configuration `k`, as the step that first reached it built them. */
  fieldsOf(k: number): Readonly<Record<string, unknown>> {
    const roots = this.initials.length;
    const chain: number[] = [];
    let j = k;
    while (j >= roots && !this.replayed.has(j)) {
      chain.push(j);
      j = this.store.parentOf(j);
    }
    let fields =
      j < roots
        ? this.initials[j].fields
        : (this.replayed.get(j) as Readonly<Record<string, unknown>>);
    for (let q = chain.length - 1; q >= 0; q--) {
      const { t, event } = this.via(chain[q]);
      fields = this.model.apply(t, fields, event);
      this.replayed.set(chain[q], fields);
    }
    return fields;
  }

  /** The step that reached configuration `k` (not an initial one). */
  stepOf(k: number): TraceStep {
    const { t, event } = this.via(k);
    return { event, transition: t.id, state: t.to, fields: this.fieldsOf(k) };
  }

  /** The configuration `k` (initial configurations as they were generated). */
  configOf(k: number): Config {
    if (k < this.initials.length) return this.initials[k];
    return { state: this.via(k).t.to, fields: this.fieldsOf(k) };
  }

  /** The path to configuration `i`, then `extra` when given. */
  traceTo(i: number, extra?: TraceStep): Trace {
    const steps: TraceStep[] = [];
    let k = i;
    while (this.store.parentOf(k) >= 0) {
      steps.push(this.stepOf(k));
      k = this.store.parentOf(k);
    }
    steps.reverse();
    if (extra) steps.push(extra);
    return { machine: this.model.id, initial: this.initials[k], steps };
  }

  /**
   * Shortest paths to every state first pushed below `pushed` (`firstAt`: state name → index of
   * its first configuration, -1 when only simulation saw it) and every transition first taken
   * while expanding a configuration up to `expanded`, without repeats.
   */
  coverage(
    states: readonly string[],
    firstAt: ReadonlyMap<string, number>,
    taken: readonly Taken[],
    pushed: number,
    expanded: number,
  ): Trace[] {
    const coverage: Trace[] = [];
    const seen = new Set<string>();
    const keep = (i: number, extra?: TraceStep) => {
      const key = this.pathKey(i, extra);
      if (seen.has(key)) return;
      seen.add(key);
      coverage.push(this.traceTo(i, extra));
    };
    for (const s of states) {
      const i = firstAt.get(s);
      if (i !== undefined && i >= 0 && i < pushed) keep(i);
    }
    for (const { from, step } of taken) {
      if (from <= expanded) keep(from, step);
    }
    return coverage;
  }

  // Traces are told apart by canonical JSON, as the sequence of their initial configuration's and
  // steps' canonical texts (equal sequences exactly when the traces' texts are equal); each text
  // is interned once, so shared prefixes are not serialized again.
  private readonly textIds = new Map<string, number>();
  private readonly stepIds = new Map<number, number>();
  private readonly rootIds = new Map<number, number>();

  private textId(v: unknown): number {
    const text = canonical(v);
    let id = this.textIds.get(text);
    if (id === undefined) {
      id = this.textIds.size;
      this.textIds.set(text, id);
    }
    return id;
  }

  private pathKey(i: number, extra?: TraceStep): string {
    const ids: number[] = [];
    let k = i;
    while (this.store.parentOf(k) >= 0) {
      let id = this.stepIds.get(k);
      if (id === undefined) {
        id = this.textId(this.stepOf(k));
        this.stepIds.set(k, id);
      }
      ids.push(id);
      k = this.store.parentOf(k);
    }
    // Roots are initial configurations, steps are not: -1 - id marks a root.
    let root = this.rootIds.get(k);
    if (root === undefined) {
      root = this.textId(this.initials[k]);
      this.rootIds.set(k, root);
    }
    ids.push(-1 - root);
    ids.reverse();
    if (extra) ids.push(this.textId(extra));
    return ids.join(",");
  }
}
