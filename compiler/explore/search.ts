/**
 * Breadth-first search over (machine state, entity fields), like TLC: the first violation of an
 * invariant found is reached by a shortest trace. Past the state budget or the depth bound it
 * falls back to seeded random simulation, and shrinks what it finds.
 */
import type { Expr, Field, Invariant } from "../ir/types.js";
import { walkExpr } from "../expr/ast.js";
import { parseAccepted } from "../expr/parse.js";
import type { Config, CompiledTransition, HandledEvent, MachineModel, ModelEvent } from "./model.js";
import { createPayloads, initialConfigs, sampledFields } from "./payloads.js";
import { simulate } from "./simulate.js";
import type { ExploreFinding, ExploreResult, Trace, TraceStep } from "./trace.js";
import { canonical } from "./values.js";

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
  /**
   * Stop the search at the first error finding (an invariant violation, a deadlock, an effect
   * that breaks a type, an expression that throws): no simulation, no "never" claims, and the
   * verdict is "stopped".
   */
  readonly stopAtFirst?: boolean;
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

export { enabledFor } from "./step.js";

/**
 * Value ids for state keys. Two values get the same id exactly when the key text of the original
 * encoding would be equal: `JSON.stringify` for primitives (so -0 is 0, and NaN, the infinities
 * and null are one value) and canonical JSON for objects. An id is `exact` while every value given
 * it is the same value (a finite number other than -0, a string, a boolean, undefined); only then
 * do equal ids mean equal values, which the invariant shortcut below relies on.
 */
class Interner {
  static readonly UNDEFINED = 0;
  static readonly NULLISH = 1;
  static readonly FALSE = 2;
  static readonly TRUE = 3;
  private readonly numbers = new Map<number, number>();
  private readonly strings = new Map<string, number>();
  private readonly texts = new Map<string, number>();
  private next = 4;
  inexact = new Uint8Array(64);

  constructor() {
    this.inexact[Interner.NULLISH] = 1;
  }

  id(v: unknown): number {
    switch (typeof v) {
      case "number": {
        if (!Number.isFinite(v)) return Interner.NULLISH;
        let id = this.numbers.get(v);
        if (id === undefined) {
          id = this.fresh();
          this.numbers.set(v, id);
        }
        if (v === 0 && Object.is(v, -0)) this.inexact[id] = 1;
        return id;
      }
      case "string": {
        let id = this.strings.get(v);
        if (id === undefined) {
          id = this.fresh();
          this.strings.set(v, id);
        }
        return id;
      }
      case "boolean":
        return v ? Interner.TRUE : Interner.FALSE;
      case "undefined":
        return Interner.UNDEFINED;
      default: {
        if (v === null) return Interner.NULLISH;
        // Objects by canonical JSON ('{…}' or '[…]'); other values (functions) by their JSON text.
        const text = typeof v === "object" ? canonical(v) : "~" + String(JSON.stringify(v));
        let id = this.texts.get(text);
        if (id === undefined) {
          id = this.fresh();
          this.texts.set(text, id);
          this.inexact[id] = 1;
        }
        return id;
      }
    }
  }

  private fresh(): number {
    const id = this.next++;
    if (id >= this.inexact.length) {
      const grown = new Uint8Array(this.inexact.length * 2);
      grown.set(this.inexact);
      this.inexact = grown;
    }
    return id;
  }
}

/** One event a state handles: its transitions in declaration order and their indexes. */
interface StateMove {
  readonly ev: HandledEvent;
  readonly evIndex: number;
  readonly transitions: readonly CompiledTransition[];
  readonly tIndex: readonly number[];
}

/** A transition with what the search precomputes for it. */
interface PlannedTransition {
  readonly t: CompiledTransition;
  /** State id of the target. */
  readonly to: number;
  /** Key positions (1 + index in the relevant fields) the transition may change. */
  readonly changed: Int32Array;
  /** Invariants (indexes) whose outcome the transition may change (see `invariantFields`). */
  readonly checks: Int32Array;
  /** For each entry of `changed`: the index of the effect whose value the field ends with, or -1 for the target state. */
  readonly sources: Int32Array;
  /** For each effect: the index of the effect whose value its field ends with, or -1 for the target state. */
  readonly finals: Int32Array;
  /** For each effect: the cache of type checks of its field (see `fieldProblem`). */
  readonly problems: readonly Map<unknown, string | null>[];
}

/** Grow an Int32Array to hold at least `n` entries (doubling). */
function grow(a: Int32Array<ArrayBuffer>, n: number): Int32Array<ArrayBuffer> {
  if (n <= a.length) return a;
  let size = a.length;
  while (size < n) size *= 2;
  const b = new Int32Array(size);
  b.set(a);
  return b;
}

/** Explore one machine. */
export function searchMachine(model: MachineModel, opts: SearchOptions = {}): ExploreResult {
  const budget = opts.budget ?? 200_000;
  const maxDepth = opts.depth ?? 50;
  const now = opts.now ?? (() => 0);
  const started = now();
  const payloads = createPayloads(model);
  const initialCap = opts.initialCap ?? 4096;
  const sampled = sampledFields(model, initialCap);
  const deadlockAllowed = model.machine.deadlock === "allowed";
  const findings: ExploreFinding[] = [];
  const once = new Set<string>();
  // Findings are built only the first time their key is added (building a trace is pure).
  const stopAtFirst = opts.stopAtFirst === true;
  // Index of the first error finding when stopping at the first (-1 until one is found).
  let firstError = -1;
  const add = (key: string, f: () => ExploreFinding) => {
    if (once.has(key)) return;
    once.add(key);
    const finding = f();
    findings.push(finding);
    if (stopAtFirst && firstError < 0 && isError(finding)) firstError = findings.length - 1;
  };

  // Field order is fixed by the entity, so only nested values need sorting for a canonical key.
  // Fields the machine neither reads nor writes hold one value throughout (see initialConfigs),
  // so they are left out of the key. A key is a tuple of ids: the state's, then each relevant
  // field's value id (see Interner), stored flat in `tuples` (width `W` per configuration).
  const names = model.fields.filter((f) => model.relevant.has(f.name)).map((f) => f.name);
  const W = 1 + names.length;
  const position = new Map(names.map((n, i) => [n, 1 + i]));
  const values = new Interner();
  const stepOnly = new Map<PlannedTransition, Int32Array>();
  const problems = new Map<Field, Map<unknown, string | null>>();

  const stateIds = new Map<string, number>();
  const stateNames: string[] = [];
  const stateId = (name: string): number => {
    let id = stateIds.get(name);
    if (id === undefined) {
      id = stateNames.length;
      stateIds.set(name, id);
      stateNames.push(name);
    }
    return id;
  };
  for (const s of model.machine.states) stateId(s.name);

  // Invariants that read `prev` or only hold on steps are checked on every step; the others are
  // functions of the fields they read, so a step that changes none of them cannot change their
  // outcome (the source configuration was checked when it was pushed).
  const invariantReads = model.invariants.map((inv) => invariantFields(inv.decl));
  const planned: PlannedTransition[] = [];
  const tIndexOf = new Map<CompiledTransition, number>();
  const planTransition = (t: CompiledTransition): number => {
    let k = tIndexOf.get(t);
    if (k !== undefined) return k;
    const written = new Set(t.sets.map((x) => x.field.name));
    const sf = model.machine.stateField;
    if (sf !== undefined) written.add(sf);
    // The value a written field ends with: the last effect on it, but the state field is the target.
    const source = (n: string): number => (n === sf ? -1 : t.sets.map((x) => x.field.name).lastIndexOf(n));
    const changedNames = [...written].filter((n) => position.has(n));
    const changed = changedNames.map((n) => position.get(n) as number);
    const checks: number[] = [];
    invariantReads.forEach((r, j) => {
      if (r === "always" || [...written].some((n) => r.has(n))) checks.push(j);
    });
    k = planned.length;
    planned.push({
      t,
      to: stateId(t.to),
      changed: Int32Array.from(changed),
      checks: Int32Array.from(checks),
      sources: Int32Array.from(changedNames.map(source)),
      finals: Int32Array.from(t.sets.map((x) => source(x.field.name))),
      problems: t.sets.map((x) => problemCache(x.field)),
    });
    tIndexOf.set(t, k);
    return k;
  };
  const eventIndex = new Map(model.events.map((e, i) => [e, i]));
  const movesOf: (readonly StateMove[] | undefined)[] = [];
  const moves = (sid: number): readonly StateMove[] => {
    let m = movesOf[sid];
    if (m === undefined) {
      const state = stateNames[sid];
      m = model.events.flatMap((ev) => {
        const transitions = model.transitionsFor(state, ev.key);
        return transitions.length === 0 ? [] : [{ ev, evIndex: eventIndex.get(ev) as number, transitions, tIndex: transitions.map(planTransition) }];
      });
      movesOf[sid] = m;
    }
    return m;
  };

  // Configurations by index: fields, state id, parent, depth, the step that reached them.
  let capacity = Math.max(16, Math.min(budget, 1024));
  const fieldsOf: Readonly<Record<string, unknown>>[] = [];
  const initials: Config[] = [];
  let stateOf = new Int32Array(capacity);
  let parent = new Int32Array(capacity);
  let depthOf = new Int32Array(capacity);
  let viaT = new Int32Array(capacity);
  const viaEvent: ModelEvent[] = [];
  let tuples = new Int32Array(capacity * W);
  let hashes = new Int32Array(capacity);
  // Open addressing (linear probing) over configuration indexes + 1; at most half full.
  let slots = new Int32Array(64);
  let count = 0;
  const tmp = new Int32Array(W);
  const hashTmp = (): number => {
    let h = 0x811c9dc5 | 0;
    for (let k = 0; k < W; k++) h = Math.imul(h ^ tmp[k], 0x01000193);
    // murmur3's finalizer: every bit of the tuple reaches the low bits the table indexes by.
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
    return h;
  };
  /** Index of the configuration whose key is `tmp` (hash `h`), or -1. */
  const lookup = (h: number): number => {
    const mask = slots.length - 1;
    for (let s = h & mask; ; s = (s + 1) & mask) {
      const e = slots[s];
      if (e === 0) return -1;
      const j = e - 1;
      if (hashes[j] !== h) continue;
      let same = true;
      const o = j * W;
      for (let k = 0; k < W; k++) {
        if (tuples[o + k] !== tmp[k]) {
          same = false;
          break;
        }
      }
      if (same) return j;
    }
  };
  const insertSlot = (j: number, h: number) => {
    const mask = slots.length - 1;
    let s = h & mask;
    while (slots[s] !== 0) s = (s + 1) & mask;
    slots[s] = j + 1;
  };
  const tmpExact = (): boolean => {
    const inexact = values.inexact;
    for (let k = 1; k < W; k++) if (inexact[tmp[k]] === 1) return false;
    return true;
  };

  const seenStates = new Map<string, number>();
  const stateSeen: boolean[] = [];
  const enabledEvents = new Set<string>();
  const eventEnabled: boolean[] = [];
  // Events whose guards threw are reported once as failing, not again as never enabled.
  const threw = new Set<string>();
  // The first step that took each transition (by planned index): from, event, fields after.
  const takenFrom: number[] = [];
  const takenEvent: ModelEvent[] = [];
  const takenFields: Readonly<Record<string, unknown>>[] = [];
  // Number of configurations after each expansion (or depth skip), for `prefix`.
  const countAfter: number[] = [];
  let initialCount = 0;
  let generated = 0;
  let maxReached = 0;
  let truncated = false;

  const stepOf = (k: number): TraceStep => ({ event: viaEvent[k], transition: planned[viaT[k]].t.id, state: stateNames[stateOf[k]], fields: fieldsOf[k] });
  const traceTo = (i: number, extra?: TraceStep): Trace => {
    const steps: TraceStep[] = [];
    let k = i;
    while (parent[k] >= 0) {
      steps.push(stepOf(k));
      k = parent[k];
    }
    steps.reverse();
    if (extra) steps.push(extra);
    return { machine: model.id, initial: initials[k], steps };
  };
  // The step being taken (main loop): its transition, event, source fields, the effects' values,
  // and the next fields once built (see nextNow).
  let curT: CompiledTransition = undefined as unknown as CompiledTransition;
  let curEvent: ModelEvent = undefined as unknown as ModelEvent;
  let curFields: Readonly<Record<string, unknown>> = {};
  let curNext: Record<string, unknown> | undefined;
  const effects: unknown[] = [];
  /** The fields after the current step, built on first use (most steps reach known configurations). */
  const nextNow = (): Record<string, unknown> =>
    (curNext ??= model.applyValues(curT, curFields, effects));
  /** The current step as a trace step. */
  const curStep = (): TraceStep => ({ event: curEvent, transition: curT.id, state: curT.to, fields: nextNow() });
  /**
   * Check the invariants `which` (indexes, ascending; all when undefined) on a step from `prev`
   * to fields equal to `next`. The trace of a finding is `traceTo(at)`, plus the current step
   * when `withStep` (it was not pushed).
   */
  const checkInvariants = (
    prev: Readonly<Record<string, unknown>> | undefined,
    next: Readonly<Record<string, unknown>>,
    which: Int32Array | undefined,
    at: number,
    withStep: boolean,
  ): void => {
    const n = which === undefined ? model.invariants.length : which.length;
    for (let q = 0; q < n; q++) {
      const inv = model.invariants[which === undefined ? q : which[q]];
      let ok: boolean;
      try {
        ok = inv.holds(prev as Record<string, unknown> | undefined, next as Record<string, unknown>);
      } catch (e) {
        add(`throw:${inv.decl.name}`, () => ({ kind: "expression-failed", what: `invariant '${inv.decl.name}'`, loc: inv.decl.holds.loc, error: errText(e), trace: traceTo(at, withStep ? curStep() : undefined) }));
        continue;
      }
      if (!ok) add(`inv:${inv.decl.name}`, () => ({ kind: "invariant-violated", invariant: inv.decl, trace: traceTo(at, withStep ? curStep() : undefined), foundBy: "search" }));
    }
  };
  /** Add the configuration whose key is in `tmp` (hash `h`, not known, within the budget); returns its index. */
  const insert = (fields: Readonly<Record<string, unknown>>, sid: number, h: number, from: number, event: ModelEvent | undefined, t: number): number => {
    const i = count++;
    if (i >= capacity) {
      capacity *= 2;
      stateOf = grow(stateOf, capacity);
      parent = grow(parent, capacity);
      depthOf = grow(depthOf, capacity);
      viaT = grow(viaT, capacity);
      hashes = grow(hashes, capacity);
      tuples = grow(tuples, capacity * W);
    }
    tuples.set(tmp, i * W);
    hashes[i] = h;
    if (count * 2 > slots.length) {
      slots = new Int32Array(slots.length * 2);
      for (let j = 0; j < count - 1; j++) insertSlot(j, hashes[j]);
    }
    insertSlot(i, h);
    fieldsOf.push(fields);
    stateOf[i] = sid;
    parent[i] = from;
    viaT[i] = t;
    viaEvent.push(event as ModelEvent);
    const d = from < 0 ? 0 : depthOf[from] + 1;
    depthOf[i] = d;
    if (d > maxReached) maxReached = d;
    if (stateSeen[sid] !== true) {
      stateSeen[sid] = true;
      seenStates.set(stateNames[sid], i);
    }
    return i;
  };

  for (const c of initialConfigs(model, initialCap, true)) {
    if (firstError >= 0) break;
    if (count >= budget) {
      truncated = true;
      break;
    }
    const sid = stateId(c.state);
    tmp[0] = sid;
    for (let k = 0; k < names.length; k++) tmp[k + 1] = values.id(c.fields[names[k]]);
    const h = hashTmp();
    if (lookup(h) >= 0) continue;
    const i = insert(c.fields, sid, h, -1, undefined, -1);
    initials.push(c);
    checkInvariants(undefined, c.fields, undefined, i, false);
  }
  initialCount = count;

  let head = 0;
  while (head < count) {
    if (firstError >= 0) break;
    if (count >= budget) {
      truncated = true;
      break;
    }
    const i = head++;
    if (depthOf[i] >= maxDepth) {
      truncated = true;
      countAfter.push(count);
      continue;
    }
    const fields = fieldsOf[i];
    const sid = stateOf[i];
    let any = false;
    for (const mv of moves(sid)) {
      const ts = mv.transitions;
      for (const event of payloads(mv.ev, fields)) {
        generated++;
        // Every guard runs, in declaration order (one that throws fails the whole event).
        let first = -1;
        let second = -1;
        try {
          for (let k = 0; k < ts.length; k++) {
            const g = ts[k].guard;
            if (g === undefined || g(fields, event) === true) {
              if (first < 0) first = k;
              else if (second < 0) second = k;
            }
          }
        } catch (e) {
          const t = ts[0];
          threw.add(mv.ev.key);
          add(`throw:guard:${stateNames[sid]}:${mv.ev.key}`, () => ({ kind: "expression-failed", what: `a guard of '${mv.ev.key}' in '${stateNames[sid]}'`, loc: t.decl.guard?.loc ?? t.decl.loc, error: errText(e), trace: traceTo(i) }));
          continue;
        }
        if (first < 0) continue;
        any = true;
        if (eventEnabled[mv.evIndex] !== true) {
          eventEnabled[mv.evIndex] = true;
          enabledEvents.add(mv.ev.key);
        }
        const t = ts[first];
        if (second >= 0) {
          const t2 = ts[second];
          add(`overlap:${t.id}:${t2.id}`, () => ({ kind: "overlapping-guards", first: t, second: t2, event, trace: traceTo(i) }));
        }
        const tk = mv.tIndex[first];
        const pt = planned[tk];
        // The effects' values, in order; the next fields are built from them only when needed.
        const sets = t.sets;
        try {
          for (let k = 0; k < sets.length; k++) effects[k] = sets[k].fn(fields, event);
        } catch (e) {
          add(`throw:set:${t.id}`, () => ({ kind: "expression-failed", what: `an effect of '${t.id}'`, loc: t.decl.loc, error: errText(e), trace: traceTo(i) }));
          continue;
        }
        curT = t;
        curEvent = event;
        curFields = fields;
        curNext = undefined;
        if (takenFrom[tk] === undefined) {
          takenFrom[tk] = i;
          takenEvent[tk] = event;
          takenFields[tk] = nextNow();
        }
        const finals = pt.finals;
        for (let k = 0; k < sets.length; k++) {
          const s = sets[k];
          const problem = fieldProblem(pt.problems[k], s.field, finals[k] < 0 ? t.to : effects[finals[k]]);
          if (problem !== undefined) add(`type:${t.id}:${s.field.name}`, () => ({ kind: "effect-breaks-type", transition: t, field: s.field.name, loc: s.loc, problem, trace: traceTo(i, curStep()) }));
        }
        // The key of the next configuration: the source's, with the fields the step wrote.
        const o = i * W;
        for (let k = 1; k < W; k++) tmp[k] = tuples[o + k];
        tmp[0] = pt.to;
        const changed = pt.changed;
        const sources = pt.sources;
        for (let q = 0; q < changed.length; q++) tmp[changed[q]] = values.id(sources[q] < 0 ? t.to : effects[sources[q]]);
        const h = hashTmp();
        const known = lookup(h);
        if (known >= 0) {
          if (tmpExact()) {
            // A known configuration with the same values: invariants of the next fields alone hold
            // as they did when it was pushed; those that read `prev` see the same values in it.
            checkInvariants(fields, fieldsOf[known], stepChecks(pt), i, true);
          } else checkInvariants(fields, nextNow(), pt.checks, i, true);
        } else if (count >= budget) {
          truncated = true;
          checkInvariants(fields, nextNow(), pt.checks, i, true);
        } else {
          const next = nextNow();
          const j = insert(next, pt.to, h, i, event, tk);
          checkInvariants(fields, next, pt.checks, j, false);
        }
      }
    }
    if (!any && !deadlockAllowed && !model.finals.has(stateNames[sid])) add(`deadlock:${stateNames[sid]}`, () => ({ kind: "deadlock", state: stateNames[sid], trace: traceTo(i), sampled: sampledPayloadsOf(model, sampled, stateNames[sid]) }));
    countAfter.push(count);
  }

  let simulation: ExploreResult["stats"]["simulation"];
  const stopped = firstError >= 0;
  // Stopping at the first error keeps the findings up to it (one step's expansion may add more).
  if (stopped) findings.length = firstError + 1;
  if (truncated && !stopped && count > 0 && opts.simulate !== false) {
    const starts: Config[] = [];
    for (let k = 0; k < Math.min(count, 4096); k++) starts.push(k < initialCount ? initials[k] : { state: stateNames[stateOf[k]], fields: fieldsOf[k] });
    const sim = simulate(model, starts, {
      steps: Math.max(1000, Math.min(Math.floor(budget / 2), 50_000)),
      depth: Math.max(maxDepth, 50),
      seed: opts.seed ?? 1,
      payloads,
    });
    simulation = { walks: sim.walks, steps: sim.steps, seed: opts.seed ?? 1 };
    for (const s of sim.states) if (!seenStates.has(s)) seenStates.set(s, -1);
    for (const e of sim.enabledEvents) enabledEvents.add(e);
    for (const f of sim.findings) {
      if (f.kind === "invariant-violated") add(`inv:${f.invariant.name}`, () => f);
    }
  }

  // Nothing explored (a zero budget): no state or event can be said to be unreachable.
  const explored = !stopped && (count > 0 || !truncated);
  const statically = explored ? staticallyReachable(model) : new Set<string>();
  for (const s of model.machine.states) {
    if (!seenStates.has(s.name) && statically.has(s.name)) add(`unreach:${s.name}`, () => ({ kind: "unreachable-state", state: s.name, loc: s.loc, complete: !truncated && sampled.length === 0, sampled }));
  }
  for (const ev of explored ? model.events : []) {
    if (enabledEvents.has(ev.key) || threw.has(ev.key)) continue;
    const ts = model.machine.states.flatMap((s) => s.transitions.filter((t) => eventMatches(model, t.event, ev.key)));
    add(`never:${ev.key}`, () => ({ kind: "event-never-enabled", event: ev.key, loc: ts[0].loc, complete: !truncated && sampled.length === 0, sampled }));
  }

  const elapsedMs = now() - started;
  // Taken transitions sorted by id, with the first step that took each.
  const taken = planned
    .flatMap((p, k) => (takenFrom[k] === undefined ? [] : [{ id: p.t.id, from: takenFrom[k], step: { event: takenEvent[k], transition: p.t.id, state: p.t.to, fields: takenFields[k] } as TraceStep }]))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  // Shortest paths to every state first pushed below `pushed` and every transition first taken
  // while expanding a configuration up to `expanded`.
  // Traces are told apart by canonical JSON, as the sequence of their initial configuration's and
  // steps' canonical texts (equal sequences exactly when the traces' texts are equal); each text
  // is interned once, so shared prefixes are not serialized again.
  const textIds = new Map<string, number>();
  const textId = (v: unknown): number => {
    const text = canonical(v);
    let id = textIds.get(text);
    if (id === undefined) {
      id = textIds.size;
      textIds.set(text, id);
    }
    return id;
  };
  const stepIds = new Map<number, number>();
  const pathKey = (i: number, extra?: TraceStep): string => {
    const ids: number[] = [];
    let k = i;
    while (parent[k] >= 0) {
      let id = stepIds.get(k);
      if (id === undefined) {
        id = textId(stepOf(k));
        stepIds.set(k, id);
      }
      ids.push(id);
      k = parent[k];
    }
    // Roots are initial configurations (below initialCount), steps are not: -1 - k marks a root.
    ids.push(-1 - rootId(k));
    ids.reverse();
    if (extra) ids.push(textId(extra));
    return ids.join(",");
  };
  const rootIds = new Map<number, number>();
  const rootId = (k: number): number => {
    let id = rootIds.get(k);
    if (id === undefined) {
      id = textId(initials[k]);
      rootIds.set(k, id);
    }
    return id;
  };
  const coverageOf = (pushed: number, expanded: number): Trace[] => {
    const coverage: Trace[] = [];
    const seen = new Set<string>();
    const keep = (i: number, extra?: TraceStep) => {
      const key = pathKey(i, extra);
      if (seen.has(key)) return;
      seen.add(key);
      coverage.push(traceTo(i, extra));
    };
    for (const s of model.machine.states) {
      const i = seenStates.get(s.name);
      if (i !== undefined && i >= 0 && i < pushed) keep(i);
    }
    for (const { from, step } of taken) {
      if (from <= expanded) keep(from, step);
    }
    return coverage;
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
    prefixCoverage = coverageOf(Math.min(p.budget, last < 0 ? initialCount : countAfter[last]), last);
  }
  return {
    machine: model.id,
    findings,
    coverage: coverageOf(Infinity, Infinity),
    ...(prefixCoverage !== undefined ? { prefixCoverage } : {}),
    stats: {
      distinct: count,
      generated,
      depth: maxReached,
      complete: !truncated && !stopped && sampled.length === 0,
      completeness: stopped ? "stopped" : truncated ? "budget exhausted" : sampled.length > 0 ? "sampled" : "complete",
      sampled,
      elapsedMs,
      statesPerSecond: elapsedMs > 0 ? Math.round((count / elapsedMs) * 1000) : 0,
      ...(simulation !== undefined ? { simulation } : {}),
    },
  };

  /** The invariants of a transition's checks that must run on every step (they read `prev` or hold on steps only). */
  function stepChecks(pt: PlannedTransition): Int32Array {
    let c = stepOnly.get(pt);
    if (c === undefined) {
      c = pt.checks.filter((j) => invariantReads[j] === "always");
      stepOnly.set(pt, c);
    }
    return c;
  }
  /** The cache of type checks of a field's primitive values in this search. */
  function problemCache(field: Field): Map<unknown, string | null> {
    let cache = problems.get(field);
    if (cache === undefined) {
      cache = new Map();
      problems.set(field, cache);
    }
    return cache;
  }
  /**
   * Why a value breaks a field's type, cached per field (`cache`, null for "fits") for primitive
   * values (typeProblem is pure).
   */
  function fieldProblem(cache: Map<unknown, string | null>, field: Field, value: unknown): string | undefined {
    if (value !== null && typeof value === "object") return model.fieldProblem(field, value);
    const hit = cache.get(value);
    if (hit !== undefined) return hit ?? undefined;
    const problem = model.fieldProblem(field, value);
    if (cache.size < PROBLEM_CACHE) cache.set(value, problem ?? null);
    return problem;
  }
}

/**
 * The sampled payload fields (`<event>.<field>` of `sampled`) of the events `state` handles: a
 * payload outside the samples might enable one of them, so a deadlock claim there is scoped.
 */
export function sampledPayloadsOf(model: MachineModel, sampled: readonly string[], state: string): string[] {
  const events = new Set(model.events.filter((e) => model.transitionsFor(state, e.key).length > 0).map((e) => e.key));
  return sampled.filter((f) => events.has(f.slice(0, f.lastIndexOf("."))) && !f.startsWith(model.machine.entity.name + "."));
}

/** Whether a finding is an error (what `stopAtFirst` stops at). */
function isError(f: ExploreFinding): boolean {
  return f.kind === "invariant-violated" || f.kind === "deadlock" || f.kind === "effect-breaks-type" || f.kind === "expression-failed";
}

/** Most cached type checks per field and search. */
const PROBLEM_CACHE = 4096;

/**
 * The fields an invariant reads (its `holds` and `when`), or "always" when it reads `prev` or
 * holds on steps only: then its outcome on a step is not a function of the next fields alone.
 */
function invariantFields(decl: Invariant): ReadonlySet<string> | "always" {
  if (decl.step) return "always";
  const out = new Set<string>();
  let always = false;
  const read = (e: Expr) =>
    walkExpr(parseAccepted(e), (n) => {
      if (n.kind !== "name" || n.param) return;
      if (n.name === "prev" || n.name === "event") always = true;
      else out.add(n.name);
    });
  read(decl.holds);
  if (decl.when !== undefined) read(decl.when);
  return always ? "always" : out;
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

function eventMatches(model: MachineModel, ref: { domain: string; name: string }, key: string): boolean {
  return (ref.domain === model.machine.domain ? ref.name : `${ref.domain}.${ref.name}`) === key;
}

/** The message of a thrown value. */
export function errText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
