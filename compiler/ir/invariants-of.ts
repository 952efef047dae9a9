/**
 * The invariants of an entity, wherever they are declared, in program order: the explorer's
 * machine models, the build's memo keys and the generated suites ask this once per machine, so
 * the Program's invariants are indexed by entity once (a lookup per machine, not a pass over
 * every invariant of the Program: quadratic at thousands of machines).
 */
import { derivation, derived } from "./derived.js";
import type { Invariant, Program, Ref } from "./types.js";

const keyOf = (r: Ref) => `${r.domain}\0${r.name}`;

/** The Program's invariants by entity, in program order. */
const INVARIANTS_BY_ENTITY = derivation("invariants by entity", (program: Program) => {
  const index = new Map<string, Invariant[]>();
  for (const d of program.domains)
    for (const i of d.invariants) {
      const list = index.get(keyOf(i.entity));
      if (list === undefined) index.set(keyOf(i.entity), [i]);
      else list.push(i);
    }
  return index;
});

/** The invariants whose `entity` is `entity`. */
export function invariantsOf(program: Program, entity: Ref): readonly Invariant[] {
  return derived(program, INVARIANTS_BY_ENTITY).get(keyOf(entity)) ?? [];
}
