/**
 * The invariants of an entity, wherever they are declared, in program order: the explorer's
 * machine models, the build's memo keys and the generated suites ask this once per machine, so
 * the Program's invariants are indexed by entity once (a lookup per machine, not a pass over
 * every invariant of the Program: quadratic at thousands of machines).
 */
import type { Invariant, Program, Ref } from "./types.js";

/** Index by Program (the IR is immutable: an index never goes stale). */
const indexes = new WeakMap<Program, Map<string, Invariant[]>>();

const keyOf = (r: Ref) => `${r.domain}\0${r.name}`;

/** The invariants whose `entity` is `entity`. */
export function invariantsOf(program: Program, entity: Ref): readonly Invariant[] {
  let index = indexes.get(program);
  if (index === undefined) {
    index = new Map();
    for (const d of program.domains)
      for (const i of d.invariants) {
        const list = index.get(keyOf(i.entity));
        if (list === undefined) index.set(keyOf(i.entity), [i]);
        else list.push(i);
      }
    indexes.set(program, index);
  }
  return index.get(keyOf(entity)) ?? [];
}
