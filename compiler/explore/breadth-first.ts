/**
 * The breadth-first search loop of one machine (search.ts runs it) and what it records on the way.
 * Per step, the costly parts are avoided where they can be: fields are decoded from a key only
 * when a guard, effect or payload needs them (memo.ts remembers most outcomes by the ids they
 * read); the next key is the source's with the ids the step wrote, its hash the source's sums
 * updated by those ids alone (states.ts); visits are deferred so that their reads of the visited
 * set overlap (pending.ts); next fields are built only for new configurations or invariants.
 */
import type { CompiledTransition, Config, MachineModel, ModelEvent } from "./model.js";
import { createPayloads, initialConfigs, sampledFields } from "./payloads.js";
import type { TraceStep } from "./trace.js";
import { Interner } from "./interner.js";
import { StateStore, zHigh, zLow } from "./states.js";
import { SearchPlan, type PlannedTransition, type StateMove } from "./plan.js";
import { checkInvariants, errText, FindingLog, sampledPayloadsOf } from "./findings.js";
import { FirstSteps, Paths, StepTable } from "./paths.js";
import { FieldDecoder, NO_FIELDS } from "./fields.js";
import { EXACT_WIDTH, type SearchOptions } from "./options.js";
import { INEXACT, MISS, type Memo } from "./memo.js";
import { PENDING, PendingSteps } from "./pending.js";
import { StepMemo } from "./step-memo.js";

type Fields = Readonly<Record<string, unknown>>;

/** The breadth-first search of one machine and what it records on the way. */
export class BreadthFirst {
  readonly budget: number;
  readonly maxDepth: number;
  readonly payloads: ReturnType<typeof createPayloads>;
  readonly sampled: readonly string[];
  readonly plan: SearchPlan;
  readonly store: StateStore;
  readonly log: FindingLog;
  readonly paths: Paths;
  private readonly decoder: FieldDecoder;
  readonly values = new Interner();
  readonly steps = new StepTable();
  readonly initials: Config[] = [];
  /** The first configuration of each state reached (-1: only simulation reached it). */
  readonly firstAt = new Map<string, number>();
  readonly enabledEvents = new Set<string>();
  /** Events whose guards threw are reported once as failing, not again as never enabled. */
  readonly threw = new Set<string>();
  generated = 0;
  truncated = false;
  /** Depth of the configurations being expanded. */
  private depth = 0;
  private readonly deadlockAllowed: boolean;
  private readonly stateSeen: boolean[] = [];
  private readonly eventEnabled: boolean[] = [];
  /** The first step that took each transition. */
  readonly firstSteps = new FirstSteps();
  /** Number of configurations after each expansion (or depth skip), for `prefix`. */
  readonly countAfter: number[] = [];
  /** `countAfter` is recorded (with `prefix`) until it reaches the prefix budget. */
  private readonly recordUntil: number;
  /** Number of initial configurations. */
  initialCount = 0;

  // The step being taken: its transition, event, source fields, the effects' values, and the next
  // fields once built (see nextNow).
  private curFrom = -1;
  private curT: CompiledTransition = undefined as unknown as CompiledTransition;
  private curEvent: ModelEvent = undefined as unknown as ModelEvent;
  private curNext: Record<string, unknown> | undefined;
  private effects: unknown[] = [];
  /** Steps taken and not yet visited (see flush). */
  private readonly pending: PendingSteps;
  /** The exact ids of `effects` when known, else -1. */
  private effectIds = new Int32Array(8);
  // The configuration being expanded: its index, key, the sums of its hash and its fields once
  // decoded (see fieldsNow).
  private expanding = -1;
  private readonly pkey: Int32Array;
  private pLow = 0;
  private pHigh = 0;
  private fields: Fields | undefined;
  /** Per event (by index): its payloads when they do not depend on the fields, else null. */
  private readonly fixedPayloads: (readonly ModelEvent[] | null)[] = [];
  /** The index of the event being tried in its fixed list of payloads, else -1 (see memo.ts). */
  private payload = -1;
  private readonly stepMemo: StepMemo;

  constructor(
    private readonly model: MachineModel,
    private readonly opts: SearchOptions,
  ) {
    this.budget = opts.budget ?? 200_000;
    this.maxDepth = opts.depth ?? 50;
    this.payloads = createPayloads(model);
    this.sampled = sampledFields(model, opts.initialCap ?? 4096);
    this.deadlockAllowed = model.machine.deadlock === "allowed";
    this.recordUntil = opts.prefix?.budget ?? 0;
    this.log = new FindingLog(opts.stopAtFirst === true);
    this.plan = new SearchPlan(model, (ev) => this.payloads.fixed(ev) !== undefined);
    this.store = new StateStore(this.plan.width, opts.fingerprint ?? this.plan.width > EXACT_WIDTH);
    this.paths = new Paths(model, this.store, this.plan, this.steps, this.initials);
    this.decoder = new FieldDecoder(model, this.plan, this.store, this.values, this.initials);
    this.pkey = new Int32Array(this.plan.width);
    this.pending = new PendingSteps(this.plan.width);
    this.stepMemo = new StepMemo(model, this.plan, [this.pkey, this.store.key], this.values, {
      prev: () => this.fieldsNow(),
      next: () => this.nextNow(),
    });
  }

  run(): void {
    this.addInitials();
    this.decoder.start();
    const store = this.store;
    // Depths never decrease in breadth-first order: configurations from `deeper` on are one deeper.
    let deeper = store.count;
    for (let i = 0; i < store.count; i++) {
      if (this.log.stopped) break;
      if (store.count >= this.budget) {
        this.truncated = true;
        break;
      }
      if (i === deeper) {
        this.depth++;
        deeper = store.count;
      }
      store.expandedBefore(i);
      if (this.depth >= this.maxDepth) this.truncated = true;
      else this.expand(i);
      const after = this.countAfter;
      const n = after.length;
      if (this.recordUntil > 0 && (n === 0 || after[n - 1] < this.recordUntil))
        after.push(store.count);
    }
  }

  /** Add the initial configurations (distinct keys, within the budget), checking every invariant. */
  private addInitials(): void {
    const { store, plan, values } = this;
    const names = plan.names;
    const key = store.key;
    for (const c of initialConfigs(this.model, this.opts.initialCap ?? 4096, true)) {
      if (this.log.stopped) break;
      if (store.count >= this.budget) {
        this.truncated = true;
        break;
      }
      key[0] = plan.stateId(c.state);
      for (let k = 0; k < names.length; k++) key[k + 1] = values.id(c.fields[names[k]]);
      const h = store.hashKey();
      if (store.has(h)) continue;
      const i = this.add(c.fields, h, -1, undefined, -1);
      this.initials.push(c);
      this.checkInvariants(undefined, c.fields, undefined, i, false);
    }
    this.initialCount = store.count;
  }

  /** Take every enabled step out of configuration `i`. */
  private expand(i: number): void {
    const store = this.store;
    store.loadKey(i);
    this.pkey.set(store.key);
    store.hashKey();
    this.pLow = store.sumLow;
    this.pHigh = store.sumHigh;
    this.expanding = i;
    this.fields = undefined;
    const sid = this.pkey[0];
    let any = false;
    const moves = this.plan.moves(sid);
    for (let m = 0; m < moves.length; m++) {
      const mv = moves[m];
      let list = this.fixedPayloads[mv.evIndex];
      if (list === undefined)
        list = this.fixedPayloads[mv.evIndex] = this.payloads.fixed(mv.ev) ?? null;
      const events = list ?? this.payloads(mv.ev, this.fieldsNow());
      this.generated += events.length;
      for (let k = 0; k < events.length; k++) {
        this.payload = list === null ? -1 : k;
        if (this.tryEvent(i, sid, mv, events[k])) any = true;
      }
    }
    this.flush();
    const state = this.plan.stateNames[sid];
    if (!any && !this.deadlockAllowed && !this.model.finals.has(state)) {
      this.log.add(`deadlock:${state}`, () => ({
        kind: "deadlock",
        state,
        trace: this.paths.traceTo(i),
        sampled: sampledPayloadsOf(this.model, this.sampled, state),
      }));
    }
  }

  /** The fields of the configuration being expanded, decoded on first use. */
  private fieldsNow(): Fields {
    return (this.fields ??= this.decoder.fieldsAt(this.expanding));
  }

  /** Whether guard `g` of planned transition `pt` holds for `event` (a throw propagates). */
  private guardHolds(pt: PlannedTransition, event: ModelEvent): boolean {
    const g = pt.t.guard;
    if (g === undefined) return true;
    const memo = pt.guardMemo;
    if (memo === undefined) return g(this.fieldsNow(), event) === true;
    const known = memo.get(this.pkey, event, this.values, this.payload);
    if (known >= 0) return known === 1;
    const holds = g(this.fieldsNow(), event) === true;
    if (known === MISS) memo.set(holds ? 1 : 0);
    return holds;
  }

  /** Deliver `event` in configuration `i`; whether a transition was enabled. */
  private tryEvent(i: number, sid: number, mv: StateMove, event: ModelEvent): boolean {
    const ts = mv.transitions;
    const planned = this.plan.planned;
    // Every guard runs, in declaration order (one that throws fails the whole event).
    let first = -1;
    let second = -1;
    try {
      for (let k = 0; k < ts.length; k++) {
        if (this.guardHolds(planned[mv.tIndex[k]], event)) {
          if (first < 0) first = k;
          else if (second < 0) second = k;
        }
      }
    } catch (e) {
      this.flush();
      const t = ts[0];
      const state = this.plan.stateNames[sid];
      this.threw.add(mv.ev.key);
      this.log.add(`throw:guard:${state}:${mv.ev.key}`, () => ({
        kind: "expression-failed",
        what: `a guard of '${mv.ev.key}' in '${state}'`,
        loc: t.decl.guard?.loc ?? t.decl.loc,
        error: errText(e),
        trace: this.paths.traceTo(i),
      }));
      return false;
    }
    if (first < 0) return false;
    if (this.eventEnabled[mv.evIndex] !== true) {
      this.eventEnabled[mv.evIndex] = true;
      this.enabledEvents.add(mv.ev.key);
    }
    const t = ts[first];
    if (second >= 0) {
      const t2 = ts[second];
      this.flush();
      this.log.add(`overlap:${t.id}:${t2.id}`, () => ({
        kind: "overlapping-guards",
        first: t,
        second: t2,
        event,
        trace: this.paths.traceTo(i),
      }));
    }
    this.take(i, mv.tIndex[first], event);
    return true;
  }

  /**
   * The effects' values of planned transition `pt` with `event`, in `effects` (their exact ids in
   * `effectIds`, -1 when unknown); a throw propagates.
   */
  private effectValues(pt: PlannedTransition, event: ModelEvent): void {
    const sets = pt.t.sets;
    if (sets.length > this.effectIds.length) this.effectIds = new Int32Array(sets.length);
    const { effects, effectIds, values } = this;
    for (let k = 0; k < sets.length; k++) {
      const memo = pt.setMemos[k];
      const known = memo === undefined ? INEXACT : memo.get(this.pkey, event, values, this.payload);
      if (known === INEXACT) {
        effects[k] = sets[k].fn(this.fieldsNow(), event);
        effectIds[k] = -1;
        continue;
      }
      if (known >= 0) {
        effects[k] = values.valueOf(known);
        effectIds[k] = known;
        continue;
      }
      const v = sets[k].fn(this.fieldsNow(), event);
      const id = values.id(v);
      effects[k] = v;
      effectIds[k] = id;
      if (values.inexact[id] === 0) (memo as Memo).set(id);
    }
  }

  /** Take transition `tk` (planned index) out of configuration `i` with `event`. */
  private take(i: number, tk: number, event: ModelEvent): void {
    const pt = this.plan.planned[tk];
    const t = pt.t;
    // The effects' values, in order; the next fields are built from them only when needed.
    this.effects = this.pending.effects[this.pending.count];
    try {
      this.effectValues(pt, event);
    } catch (e) {
      this.flush();
      this.log.add(`throw:set:${t.id}`, () => ({
        kind: "expression-failed",
        what: `an effect of '${t.id}'`,
        loc: t.decl.loc,
        error: errText(e),
        trace: this.paths.traceTo(i),
      }));
      return;
    }
    this.curFrom = i;
    this.curT = t;
    this.curEvent = event;
    this.curNext = undefined;
    if (!this.firstSteps.has(tk)) this.firstSteps.record(tk, i, event, this.exactNext());
    // The key of the next configuration: the source's, with the fields the step wrote (restored
    // after the visit), and its hash from the source's sums.
    const { store, values, effects, effectIds } = this;
    const key = store.key;
    const fp = store.fingerprinted;
    let lo = this.pLow;
    let hi = this.pHigh;
    const from = key[0];
    if (pt.to !== from) {
      lo = (lo - zLow(0, from) + zLow(0, pt.to)) | 0;
      if (fp) hi = (hi - zHigh(0, from) + zHigh(0, pt.to)) | 0;
      key[0] = pt.to;
    }
    const changed = pt.changed;
    const sources = pt.sources;
    for (let q = 0; q < changed.length; q++) {
      const pos = changed[q];
      const src = sources[q];
      const id =
        src < 0 ? values.id(t.to) : effectIds[src] >= 0 ? effectIds[src] : values.id(effects[src]);
      const old = key[pos];
      if (id !== old) {
        lo = (lo - zLow(pos, old) + zLow(pos, id)) | 0;
        if (fp) hi = (hi - zHigh(pos, old) + zHigh(pos, id)) | 0;
        key[pos] = id;
      }
    }
    // The visit is deferred (see flush).
    const h = store.hashSums(lo, hi);
    const b = this.pending.push(tk, h, store.high, event, key);
    // Back to the source's key.
    const pkey = this.pkey;
    key[0] = pkey[0];
    for (let q = 0; q < changed.length; q++) key[changed[q]] = pkey[changed[q]];
    if (b + 1 === PENDING) this.flush();
  }

  /**
   * Visit the steps taken and not yet visited, in the order taken. Their slots of the visited
   * set are read first, together (the reads overlap instead of waiting for memory one by one);
   * then each step becomes the current one again (transition, event, effects' values, next key),
   * its effects' types are checked and its next configuration visited. The search flushes before
   * reporting anything else, so findings come in the order of an undeferred search.
   */
  private flush(): void {
    const p = this.pending;
    const n = p.count;
    if (n === 0) return;
    p.count = 0;
    const store = this.store;
    store.touchAll(p.h, n);
    const key = store.key;
    const i = this.expanding;
    for (let b = 0; b < n; b++) {
      const tk = p.tk[b];
      const pt = this.plan.planned[tk];
      p.loadKey(b, key);
      this.curFrom = i;
      this.curT = pt.t;
      this.curEvent = p.event[b];
      this.curNext = undefined;
      this.effects = p.effects[b];
      store.high = p.high[b];
      this.checkTypes(i, pt);
      this.visit(i, pt, tk, this.curEvent, p.h[b]);
    }
    key.set(this.pkey);
  }

  /** Visit the next configuration of the current step (its key in the store's, hash `h`). */
  private visit(i: number, pt: PlannedTransition, tk: number, event: ModelEvent, h: number): void {
    const store = this.store;
    if (store.has(h)) {
      if (this.values.exact(this.store.key, 1)) {
        // A known configuration with the same values: invariants of the next fields alone hold
        // as they did when it was pushed; those that read `prev` are checked.
        if (pt.stepChecks.length > 0 && !this.stepMemo.holds(pt.stepChecks))
          this.checkInvariants(this.fieldsNow(), this.nextNow(), pt.stepChecks, i, true);
      } else this.checkInvariants(this.fieldsNow(), this.nextNow(), pt.checks, i, true);
    } else if (store.count >= this.budget) {
      this.truncated = true;
      this.checkInvariants(this.fieldsNow(), this.nextNow(), pt.checks, i, true);
    } else {
      // An exact key whose invariants are proven on ids (step-memo.ts) needs no fields.
      const exact = this.values.exact(store.key, 1);
      const n = this.stepMemo.unproven(pt.checks, exact);
      const next = exact && n === 0 && this.curNext === undefined ? NO_FIELDS : this.nextNow();
      const j = this.add(next, h, i, event, tk);
      if (n > 0) this.checkInvariants(this.fieldsNow(), next, this.stepMemo.which, j, false, n);
    }
  }

  /**
   * Report effects of the current step whose values break their field's type (by the value's id
   * in the next key when it has an exact one).
   */
  private checkTypes(i: number, pt: PlannedTransition): void {
    const t = pt.t;
    const sets = t.sets;
    const finals = pt.finals;
    const key = this.store.key;
    const inexact = this.values.inexact;
    for (let k = 0; k < sets.length; k++) {
      const pos = pt.positions[k];
      if (pos >= 0) {
        // Checked before: an exact id that fits.
        const id = key[pos];
        const fits = pt.byId[k].fits;
        if (id < fits.length && fits[id] === 1 && inexact[id] === 0) continue;
      }
      const s = sets[k];
      const value = finals[k] < 0 ? t.to : this.effects[finals[k]];
      const problem = this.plan.effectProblem(pt, k, key, inexact, value);
      if (problem !== undefined)
        this.log.add(`type:${t.id}:${s.field.name}`, () => ({
          kind: "effect-breaks-type",
          transition: t,
          field: s.field.name,
          loc: s.loc,
          problem,
          trace: this.paths.traceTo(i, this.curStep()),
        }));
    }
  }

  /** Add the configuration whose key is the store's key (hash `h`); returns its index. */
  private add(
    fields: Fields,
    h: number,
    from: number,
    event: ModelEvent | undefined,
    t: number,
  ): number {
    const i = this.store.add(
      h,
      from,
      event === undefined ? -1 : this.steps.id(t, event),
      from < 0 ? 0 : this.depth + 1,
    );
    if (from >= 0 && !this.values.exact(this.store.key, 1)) this.decoder.keep(i, fields);
    const sid = this.store.key[0];
    if (this.stateSeen[sid] !== true) {
      this.stateSeen[sid] = true;
      this.firstAt.set(this.plan.stateNames[sid], i);
    }
    return i;
  }

  /** The fields after the current step, built on first use (most steps reach known configurations). */
  private nextNow(): Record<string, unknown> {
    return (this.curNext ??= this.model.applyValues(this.curT, this.fieldsNow(), this.effects));
  }

  /**
   * The fields after the current step as the search that kept every configuration's fields built
   * them (its source's fields replayed, so keys come in the same order): for traces.
   */
  private exactNext(): Record<string, unknown> {
    return this.model.applyValues(this.curT, this.paths.fieldsOf(this.curFrom), this.effects);
  }

  /** The current step as a trace step. */
  private curStep(): TraceStep {
    return {
      event: this.curEvent,
      transition: this.curT.id,
      state: this.curT.to,
      fields: this.exactNext(),
    };
  }

  /**
   * Check the invariants `which` (indexes, ascending; all when undefined; its first `count` when
   * given) on a step from `prev` to fields equal to `next` (see findings.ts); a finding's trace is
   * the path to `at`, plus the current step when `withStep` (it was not pushed).
   */
  private checkInvariants(
    prev: Fields | undefined,
    next: Fields,
    which: Int32Array | undefined,
    at: number,
    withStep: boolean,
    count?: number,
  ): void {
    const trace = () => this.paths.traceTo(at, withStep ? this.curStep() : undefined);
    checkInvariants(this.model.invariants, this.log, prev, next, which, trace, count);
  }
}
