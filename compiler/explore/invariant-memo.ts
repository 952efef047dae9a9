/**
 * Invariants proven on a key's ids, without its fields. An invariant `c1 && c2 && … && cn` whose
 * every conjunct reads one field of the key (no `prev`, no `event`, no `when`, not a step
 * invariant) holds on fields where every conjunct is `true`: the compiled `&&` is JavaScript's,
 * and the conjuncts are pure, so each one's outcome is a function of its field's value,
 * remembered by the value's exact id (interner.ts). The search then adds a new configuration
 * without building its fields (breadth-first.ts). Anything else — a conjunct that is not `true`,
 * throws, or reads an inexact id — proves nothing: the invariant is checked on the fields as
 * before, so findings and their order are unchanged.
 */
import type { Expr } from "../ir/types.js";
import type { ExprNode } from "../expr/ast.js";
import { compileFunction } from "../expr/compile.js";
import { parseAccepted } from "../expr/parse.js";
import type { CompiledInvariant, MachineModel } from "./model.js";
import type { Interner } from "./interner.js";
import { nodeReads } from "./memo.js";

type Fn = (fields: unknown) => unknown;

/** Ids past this are checked by calling the conjunct every time. */
const ID_CAP = 1 << 16;

/** The conjuncts of one invariant: per conjunct, its key position, field name and function. */
interface Conjuncts {
  readonly positions: Int32Array;
  readonly names: readonly string[];
  readonly fns: readonly Fn[];
  /** Per conjunct, by id: 0 unknown, 1 `true`, 2 anything else (or a throw). */
  readonly outcomes: Uint8Array[];
}

export class InvariantMemo {
  private readonly byIndex: (Conjuncts | undefined)[];
  /** Whether some invariant can be proven on ids at all. */
  readonly any: boolean;
  /** After `prove`: the invariants it did not prove, in order (see `prove`). */
  readonly rest: Int32Array;

  constructor(model: MachineModel, position: ReadonlyMap<string, number>) {
    this.byIndex = model.invariants.map((inv) =>
      model.compiledFromDecls === true ? conjunctsOf(inv, position) : undefined,
    );
    this.rest = new Int32Array(model.invariants.length);
    this.any = this.byIndex.some((c) => c !== undefined);
  }

  /**
   * The invariants of `which` (indexes, ascending) not proven to hold on key `key`: their count,
   * and the indexes in `rest` (in order).
   */
  prove(which: Int32Array, key: Int32Array, values: Interner): number {
    let n = 0;
    const rest = this.rest;
    for (let q = 0; q < which.length; q++) {
      const j = which[q];
      const c = this.byIndex[j];
      if (c === undefined || !holds(c, key, values)) rest[n++] = j;
    }
    return n;
  }
}

/** Whether every conjunct of `c` is `true` on the ids of `key`. */
function holds(c: Conjuncts, key: Int32Array, values: Interner): boolean {
  const { positions, outcomes } = c;
  const inexact = values.inexact;
  for (let k = 0; k < positions.length; k++) {
    const id = key[positions[k]];
    if (inexact[id] === 1) return false;
    const table = outcomes[k];
    let o = id < table.length ? table[id] : 0;
    if (o === 0) {
      o = outcome(c.fns[k], c.names[k], values.valueOf(id));
      if (id < ID_CAP) {
        if (id >= table.length) outcomes[k] = grown(table, id);
        outcomes[k][id] = o;
      }
    }
    if (o !== 1) return false;
  }
  return true;
}

/** 1 when `fn` is `true` on fields holding `value` in field `name` alone, else 2. */
function outcome(fn: Fn, name: string, value: unknown): number {
  const fields: Record<string, unknown> = {};
  if (value !== undefined) fields[name] = value;
  try {
    return fn(fields) === true ? 1 : 2;
  } catch {
    return 2;
  }
}

function grown(table: Uint8Array, id: number): Uint8Array {
  const t = new Uint8Array(Math.min(ID_CAP, Math.max(id + 1, table.length * 2)));
  t.set(table);
  return t;
}

/** The conjuncts of `inv` when each reads one field of the key, else undefined. */
function conjunctsOf(
  inv: CompiledInvariant,
  position: ReadonlyMap<string, number>,
): Conjuncts | undefined {
  const decl = inv.decl;
  if (decl.step || decl.when !== undefined || inv.reads !== undefined) return undefined;
  const parts: ExprNode[] = [];
  const split = (n: ExprNode): void => {
    if (n.kind === "binary" && n.op === "&&") {
      split(n.left);
      split(n.right);
    } else parts.push(n);
  };
  split(parseAccepted(decl.holds));
  const positions: number[] = [];
  const names: string[] = [];
  const fns: Fn[] = [];
  for (const part of parts) {
    const expr: Expr = {
      ...decl.holds,
      source: `(${decl.holds.source.slice(part.start, part.end)})`,
    };
    let node: ExprNode;
    try {
      node = parseAccepted(expr);
    } catch {
      return undefined;
    }
    const reads = nodeReads([node], position);
    if (reads === undefined || reads.positions.length !== 1 || reads.eventFields.length > 0)
      return undefined;
    const p = reads.positions[0];
    const name = [...position].find(([, at]) => at === p)?.[0];
    if (name === undefined) return undefined;
    positions.push(p);
    names.push(name);
    fns.push(compileFunction(expr) as Fn);
  }
  return {
    positions: Int32Array.from(positions),
    names,
    fns,
    outcomes: parts.map(() => new Uint8Array(64)),
  };
}
