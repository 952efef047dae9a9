/**
 * What the search precomputes about a machine: ids of its states, the events each state handles
 * with their transitions, and for each transition the key positions it may change, the
 * invariants whose outcome it may change and where each written field's final value comes from.
 */
import type { Expr, Field, Invariant } from "../ir/types.js";
import { assignmentExprs } from "../ir/target.js";
import { walkExpr } from "../expr/ast.js";
import { parseAccepted } from "../expr/parse.js";
import { usesCollections } from "../expr/compile.js";
import type { CompiledTransition, HandledEvent, MachineModel } from "./model.js";
import { Memo, memoReads } from "./memo.js";

/** One event a state handles: its transitions in declaration order and their indexes. */
export interface StateMove {
  readonly ev: HandledEvent;
  readonly evIndex: number;
  readonly transitions: readonly CompiledTransition[];
  readonly tIndex: readonly number[];
}

/** A transition with what the search precomputes for it. */
export interface PlannedTransition {
  readonly t: CompiledTransition;
  /** State id of the target. */
  readonly to: number;
  /** Key positions (1 + index in the relevant fields) the transition may change. */
  readonly changed: Int32Array;
  /** Invariants (indexes) whose outcome the transition may change (see `invariantFields`). */
  readonly checks: Int32Array;
  /** The invariants of `checks` that must run on every step (they read `prev` or hold on steps only). */
  readonly stepChecks: Int32Array;
  /** For each entry of `changed`: the index of the effect whose value the field ends with, or -1 for the target state. */
  readonly sources: Int32Array;
  /** For each effect: the index of the effect whose value its field ends with, or -1 for the target state. */
  readonly finals: Int32Array;
  /** For each effect: the cache of type checks of its field (see `fieldProblem`). */
  readonly problems: readonly Map<unknown, string | null>[];
  /** For each effect: the key position of its field (-1 when outside the key). */
  readonly positions: Int32Array;
  /** For each effect: the type checks of its field by value id (see `problemOfId`). */
  readonly byId: readonly TypeChecks[];
  /** The guard's remembered outcomes (memo.ts), when it can have them. */
  readonly guardMemo: Memo | undefined;
  /** For each effect: its remembered value ids, when it can have them. */
  readonly setMemos: readonly (Memo | undefined)[];
}

/** Type checks of one field by exact value id: 0 not checked, 1 fits, 2 breaks (see `problems`). */
export interface TypeChecks {
  fits: Uint8Array;
  readonly problems: Map<number, string>;
}

/** The properties of an assignment whose reads memo.ts knows. */
const ASSIGNMENT_KEYS = new Set(["field", "path", "expr", "loc"]);

/** Most cached type checks per field and search. */
const PROBLEM_CACHE = 4096;

/** The plan of one search of `model` (built lazily: only states and transitions reached). */
export class SearchPlan {
  /** Relevant field names in key order (key position 1 + index). */
  readonly names: readonly string[];
  /** Key width: the state id, then each relevant field's value id. */
  readonly width: number;
  readonly stateNames: string[] = [];
  readonly planned: PlannedTransition[] = [];
  private readonly stateIds = new Map<string, number>();
  /** Key position of each relevant field. */
  readonly position: ReadonlyMap<string, number>;
  private readonly invariantReads: readonly (ReadonlySet<string> | "always")[];
  private readonly tIndexOf = new Map<CompiledTransition, number>();
  private readonly eventIndex: ReadonlyMap<HandledEvent, number>;
  private readonly movesOf: (readonly StateMove[] | undefined)[] = [];
  private readonly problemCaches = new Map<Field, Map<unknown, string | null>>();
  private readonly idCaches = new Map<Field, TypeChecks>();

  /**
   * `fixed(ev)`: whether event `ev`'s payloads are the same for every configuration (then guards
   * and effects of one field and the payload are remembered by payload: memo.ts).
   */
  constructor(
    private readonly model: MachineModel,
    private readonly fixed: (ev: HandledEvent) => boolean = () => false,
  ) {
    // Field order is fixed by the entity, so only nested values need sorting for a canonical key.
    // Fields the machine neither reads nor writes hold one value throughout (see initialConfigs),
    // so they are left out of the key.
    // (A model's relevant fields include those its effects write; a synthetic model that forgot
    // some gets them in the key too, as the search decodes keys into fields: see search.ts.)
    const written = new Set<string>();
    for (const st of model.machine.states) {
      for (const ev of model.events)
        for (const t of model.transitionsFor(st.name, ev.key))
          for (const x of t.sets) written.add(x.field.name);
    }
    this.names = model.fields
      .filter((f) => model.relevant.has(f.name) || written.has(f.name))
      .map((f) => f.name);
    this.width = 1 + this.names.length;
    this.position = new Map(this.names.map((n, i) => [n, 1 + i]));
    // Invariants that read `prev` or only hold on steps are checked on every step; the others are
    // functions of the fields they read, so a step that changes none of them cannot change their
    // outcome (the source configuration was checked when it was pushed).
    this.invariantReads = model.invariants.map((inv) =>
      inv.decl.step
        ? "always"
        : inv.reads !== undefined
          ? new Set(inv.reads)
          : invariantFields(inv.decl),
    );
    this.eventIndex = new Map(model.events.map((e, i) => [e, i]));
    for (const s of model.machine.states) this.stateId(s.name);
  }

  /** The id of a state name (new names get the next id). */
  stateId(name: string): number {
    let id = this.stateIds.get(name);
    if (id === undefined) {
      id = this.stateNames.length;
      this.stateIds.set(name, id);
      this.stateNames.push(name);
    }
    return id;
  }

  /** The events state `sid` handles, with their transitions. */
  moves(sid: number): readonly StateMove[] {
    let m = this.movesOf[sid];
    if (m === undefined) {
      const state = this.stateNames[sid];
      m = this.model.events.flatMap((ev) => {
        const transitions = this.model.transitionsFor(state, ev.key);
        if (transitions.length === 0) return [];
        const tIndex = transitions.map((t) => this.plan(t));
        return [{ ev, evIndex: this.eventIndex.get(ev) as number, transitions, tIndex }];
      });
      this.movesOf[sid] = m;
    }
    return m;
  }

  /**
   * Why `value` breaks `field`'s type, cached per field (`cache`, null for "fits") for primitive
   * values (typeProblem is pure).
   */
  fieldProblem(
    cache: Map<unknown, string | null>,
    field: Field,
    value: unknown,
  ): string | undefined {
    if (value !== null && typeof value === "object") return this.model.fieldProblem(field, value);
    const hit = cache.get(value);
    if (hit !== undefined) return hit ?? undefined;
    const problem = this.model.fieldProblem(field, value);
    if (cache.size < PROBLEM_CACHE) cache.set(value, problem ?? null);
    return problem;
  }

  /**
   * Why `value`, whose exact id is `id`, breaks the field of `checks`, checked once per id
   * (typeProblem is pure, and equal exact ids are equal values).
   */
  problemOfId(checks: TypeChecks, field: Field, id: number, value: unknown): string | undefined {
    if (id >= checks.fits.length) {
      const grown = new Uint8Array(Math.max(id + 1, checks.fits.length * 2));
      grown.set(checks.fits);
      checks.fits = grown;
    }
    const known = checks.fits[id];
    if (known === 1) return undefined;
    if (known === 2) return checks.problems.get(id);
    const problem = this.model.fieldProblem(field, value);
    checks.fits[id] = problem === undefined ? 1 : 2;
    if (problem !== undefined) checks.problems.set(id, problem);
    return problem;
  }

  /**
   * Why the value of effect `k` of `pt` breaks its field's type, with `key` the next key: by the
   * id at the field's position when exact, else by the value.
   */
  effectProblem(
    pt: PlannedTransition,
    k: number,
    key: Int32Array,
    inexact: Uint8Array,
    value: unknown,
  ): string | undefined {
    const field = pt.t.sets[k].field;
    const pos = pt.positions[k];
    return pos >= 0 && inexact[key[pos]] === 0
      ? this.problemOfId(pt.byId[k], field, key[pos], value)
      : this.fieldProblem(pt.problems[k], field, value);
  }

  private plan(t: CompiledTransition): number {
    let k = this.tIndexOf.get(t);
    if (k !== undefined) return k;
    const written = new Set(t.sets.map((x) => x.field.name));
    const sf = this.model.machine.stateField;
    if (sf !== undefined) written.add(sf);
    // The value a written field ends with: the last effect on it, but the state field is the target.
    const setNames = t.sets.map((x) => x.field.name);
    const source = (n: string): number => (n === sf ? -1 : setNames.lastIndexOf(n));
    const changedNames = [...written].filter((n) => this.position.has(n));
    const checks: number[] = [];
    this.invariantReads.forEach((r, j) => {
      if (r === "always" || [...written].some((n) => r.has(n))) checks.push(j);
    });
    k = this.planned.length;
    this.planned.push({
      t,
      to: this.stateId(t.to),
      changed: Int32Array.from(changedNames.map((n) => this.position.get(n) as number)),
      checks: Int32Array.from(checks),
      stepChecks: Int32Array.from(checks.filter((j) => this.invariantReads[j] === "always")),
      sources: Int32Array.from(changedNames.map(source)),
      finals: Int32Array.from(setNames.map(source)),
      problems: t.sets.map((x) => this.problemCache(x.field)),
      positions: Int32Array.from(setNames.map((n) => this.position.get(n) ?? -1)),
      byId: t.sets.map((x) => this.idCache(x.field)),
      ...this.memos(t),
    });
    this.tIndexOf.set(t, k);
    return k;
  }

  /** The memos of `t`'s guard and effects (none when the model's functions are not its decls'). */
  private memos(t: CompiledTransition): Pick<PlannedTransition, "guardMemo" | "setMemos"> {
    const decl = t.decl;
    const plain = (a: object) => Object.keys(a).every((k) => ASSIGNMENT_KEYS.has(k));
    if (this.model.compiledFromDecls !== true || !decl.set.every(plain))
      return { guardMemo: undefined, setMemos: t.sets.map(() => undefined) };
    // Remembered when that is cheaper than the call: one field read (outcomes by its id), or
    // collection helpers and updates of a part of a field (a lookup costs less than the call).
    const handled = this.model.events.find((e) => e.key === t.event);
    const memo = (exprs: readonly Expr[], own?: string): Memo | undefined => {
      const reads = memoReads(exprs, this.position);
      if (reads === undefined) return undefined;
      const costly = own !== undefined || exprs.some(usesCollections);
      // At most one field and payload fields: by payload (of fixed lists) and the field's id.
      const byPayload =
        reads.positions.length <= 1 &&
        reads.eventFields.length > 0 &&
        handled !== undefined &&
        this.fixed(handled);
      if (!costly && !byPayload && (reads.positions.length !== 1 || reads.eventFields.length > 0))
        return undefined;
      if (own === undefined) return new Memo(reads, costly);
      // An indexed update reads the field's map before the step.
      const p = this.position.get(own);
      if (p === undefined) return undefined;
      const positions = Int32Array.from(new Set([...reads.positions, p])).sort();
      return new Memo({ positions, eventFields: reads.eventFields });
    };
    return {
      guardMemo: t.guard === undefined || decl.guard === undefined ? undefined : memo([decl.guard]),
      setMemos: t.sets.map((x) => {
        const as = decl.set.filter((a) => a.field === x.field.name);
        if (as.length === 0) return undefined;
        const exprs = as.flatMap(assignmentExprs);
        const partial = as.some((a) => (a.path?.length ?? 0) > 0);
        return memo(exprs, partial ? x.field.name : undefined);
      }),
    };
  }

  private idCache(field: Field): TypeChecks {
    let cache = this.idCaches.get(field);
    if (cache === undefined) {
      cache = { fits: new Uint8Array(64), problems: new Map() };
      this.idCaches.set(field, cache);
    }
    return cache;
  }

  private problemCache(field: Field): Map<unknown, string | null> {
    let cache = this.problemCaches.get(field);
    if (cache === undefined) {
      cache = new Map();
      this.problemCaches.set(field, cache);
    }
    return cache;
  }
}

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
