/**
 * The keys of a map type (`{ type: map, keys: K, values: V }`): the values of its key type, an
 * enum or a machine state type (directly or through named types). One function for every phase
 * that needs them (checker, explorer, emitters, arbitraries).
 */
import type { Program, TypeExpr } from "./types.js";

/** Longest chain of named types followed to the key type (the binder refuses cycles). */
const MAX_REFS = 64;

/**
 * The key values of a map's key type, in declaration order, or undefined when the key type is not
 * an enum or a machine state type (a map over it is refused by the checker, IC3016).
 */
export function mapKeyValues(program: Program, keys: TypeExpr): readonly string[] | undefined {
  let t = keys;
  for (let i = 0; i < MAX_REFS; i++) {
    if (t.kind === "enum") return t.values;
    if (t.kind === "state") {
      const ref = t.machine;
      const m = program.domains.find((d) => d.name === ref.domain)?.machines.find((x) => x.name === ref.name);
      return m?.states.map((s) => s.name);
    }
    if (t.kind !== "ref" || t.target !== "type") return undefined;
    const ref = t.ref;
    const next = program.domains.find((d) => d.name === ref.domain)?.types.find((x) => x.name === ref.name)?.type;
    if (next === undefined) return undefined;
    t = next;
  }
  return undefined;
}
