/**
 * Invariants remembered to hold on a step by the ids they read. An invariant compiled from its
 * declaration (its `holds` and `when`) that reads fields of the key and fields of `prev` by name
 * (`prev.count`), and nothing else (no `event`, no `prev` as a whole, no field outside the key),
 * is a pure function of those fields' values on both sides of the step: once it held on a step
 * whose ids read are all exact (interner.ts), it holds on every step with the same ids. The
 * search then checks it without building the next fields (breadth-first.ts). An outcome other
 * than `true`, a throw or an inexact id proves nothing: the invariants are checked on the fields
 * as before, so findings and their order are unchanged.
 */
import type { Expr } from "../ir/types.js";
import { walkExpr } from "../expr/ast.js";
import { parseAccepted } from "../expr/parse.js";
import type { MachineModel } from "./model.js";
import type { Interner } from "./interner.js";
import type { SearchPlan } from "./plan.js";
import { Memo, MISS } from "./memo.js";
import { InvariantMemo } from "./invariant-memo.js";

type Fields = Readonly<Record<string, unknown>>;

export class StepMemo {
  /** Per invariant (by index): its remembered outcomes, when it can have them. */
  private readonly memos: (Memo | undefined)[];
  /** Whether some invariant can be remembered at all. */
  readonly any: boolean;
  /** The source key (positions 0..width-1), then the next key (width..2·width-1). */
  private readonly both: Int32Array;
  private readonly width: number;
  /** Per invariant: lookups that found its outcome, and those that did not. */
  private readonly hits: Float64Array;
  private readonly misses: Float64Array;
  /** Invariants proven on the next key's ids alone. */
  private readonly ids: InvariantMemo;
  /** After `unproven`: the invariants it did not prove, in order. */
  which: Int32Array = new Int32Array(0);

  constructor(
    private readonly model: MachineModel,
    plan: SearchPlan,
    /** The source key and the next key of the current step. */
    private readonly keys: readonly [Int32Array, Int32Array],
    private readonly values: Interner,
    /** The fields of the source and of the next configuration of the current step. */
    private readonly fields: { readonly prev: () => Fields; readonly next: () => Fields },
  ) {
    const width = (this.width = plan.width);
    this.both = new Int32Array(2 * width);
    this.memos = model.invariants.map((inv) => {
      if (model.compiledFromDecls !== true) return undefined;
      const d = inv.decl;
      const exprs = d.when === undefined ? [d.holds] : [d.holds, d.when];
      const positions = stepReads(exprs, plan.position);
      return positions === undefined
        ? undefined
        : new Memo({
            positions: Int32Array.from(positions, (p) => (p < 0 ? -p - 1 : width + p)).sort(),
            eventFields: [],
          });
    });
    this.any = this.memos.some((m) => m !== undefined);
    this.hits = new Float64Array(this.memos.length);
    this.misses = new Float64Array(this.memos.length);
    this.ids = new InvariantMemo(model, plan.position);
  }

  /**
   * How many of the invariants `checks` (indexes, ascending) of a step to a new configuration
   * are not proven to hold (on the next key's ids, or remembered on the step's): the first that
   * many of `which`. Only an `exact` next key proves anything.
   */
  unproven(checks: Int32Array, exact: boolean): number {
    this.which = checks;
    if (!exact) return checks.length;
    let n = checks.length;
    if (this.ids.any) {
      n = this.ids.prove(checks, this.keys[1], this.values);
      this.which = this.ids.rest;
    }
    return n > 0 && this.holds(this.which, n) ? 0 : n;
  }

  /**
   * Whether the first `n` invariants of `which` hold on the current step: those remembered are
   * not called; the others are called on the fields of both sides, and remembered when they
   * hold. False when one does not hold or throws, or none can be remembered (the caller then
   * checks them all as before).
   */
  holds(which: Int32Array, n = which.length): boolean {
    if (!this.any) return false;
    const both = this.both;
    const W = this.width;
    const [from, to] = this.keys;
    for (let k = 0; k < W; k++) {
      both[k] = from[k];
      both[W + k] = to[k];
    }
    const invariants = this.model.invariants;
    const { prev, next } = this.fields;
    for (let q = 0; q < n; q++) {
      const j = which[q];
      const memo = this.memos[j];
      const known = memo === undefined ? MISS : memo.get(both, NO_EVENT, this.values, -1);
      if (known === 1) {
        this.hits[j]++;
        continue;
      }
      let ok: boolean;
      try {
        ok = invariants[j].holds(
          prev() as Record<string, unknown>,
          next() as Record<string, unknown>,
        );
      } catch {
        return false;
      }
      if (!ok) return false;
      if (known === MISS && memo !== undefined) {
        memo.set(1);
        // One that rarely hits (its inputs seldom repeat: e.g. all of a key's fields) is dropped.
        if ((++this.misses[j] & (TRIAL - 1)) === 0 && this.hits[j] < this.misses[j])
          this.memos[j] = undefined;
      }
    }
    return true;
  }
}

/** Misses between two looks at whether a memo hits enough to be kept (a power of two). */
const TRIAL = 4096;

const NO_EVENT = Object.freeze({}) as never;

/**
 * The key positions `exprs` read: a field's position p, a field of `prev` as -p - 1; undefined
 * when they read `prev` or `event` otherwise, or a field outside the key.
 */
function stepReads(
  exprs: readonly Expr[],
  position: ReadonlyMap<string, number>,
): number[] | undefined {
  const out = new Set<number>();
  let ok = true;
  for (const e of exprs) {
    const members = new Set<unknown>();
    walkExpr(parseAccepted(e), (n) => {
      if (n.kind === "member" && n.object.kind === "name" && !n.object.param) {
        if (n.object.name === "prev") {
          members.add(n.object);
          const p = position.get(n.property);
          if (p === undefined) ok = false;
          else out.add(-p - 1);
        }
      }
      if (n.kind !== "name" || n.param) return;
      if (n.name === "prev") {
        if (!members.has(n)) ok = false;
      } else if (n.name === "event") ok = false;
      else {
        const p = position.get(n.name);
        if (p === undefined) ok = false;
        else out.add(p);
      }
    });
  }
  return ok ? [...out] : undefined;
}
