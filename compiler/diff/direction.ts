/**
 * Direction of named types: a type only reached from event payloads and API inputs is an input,
 * one only reached from API outputs is an output; entities (stored) and unused types are both.
 */
import type { Program, Ref, TypeExpr } from "../ir/types.js";
import type { Direction } from "./types.js";

/** Key of a named type or entity: `domain/name`. */
export function refKey(ref: Ref): string {
  return `${ref.domain}/${ref.name}`;
}

/** Combine two directions. */
export function joinDirection(a: Direction | undefined, b: Direction): Direction {
  if (a === undefined || a === b) return b;
  return "both";
}

/** Refs to named types (not entities) inside a type expression. */
export function typeRefs(t: TypeExpr, out: Ref[] = []): Ref[] {
  switch (t.kind) {
    case "ref":
      if (t.target === "type") out.push(t.ref);
      break;
    case "array":
      typeRefs(t.items, out);
      break;
    case "map":
      typeRefs(t.keys, out);
      typeRefs(t.values, out);
      break;
    case "object":
      for (const f of t.fields) typeRefs(f.type, out);
      break;
    default:
      break;
  }
  return out;
}

/** Direction of every named type of the program, keyed `domain/name`. */
export function typeDirections(program: Program): Map<string, Direction> {
  const dirs = new Map<string, Direction>();
  const work: [Ref, Direction][] = [];
  const seed = (t: TypeExpr | undefined, d: Direction) => {
    if (t) for (const r of typeRefs(t)) work.push([r, d]);
  };
  for (const dom of program.domains) {
    for (const e of dom.entities) for (const f of e.fields) seed(f.type, "both");
    for (const e of dom.events) for (const f of e.fields) seed(f.type, "input");
    for (const a of dom.apis)
      for (const op of a.operations) {
        for (const f of op.input) seed(f.type, "input");
        seed(op.output, "output");
      }
    for (const fl of dom.flows) if (fl.value) work.push([fl.value, "both"]);
  }
  const decls = new Map<string, TypeExpr>();
  for (const dom of program.domains)
    for (const t of dom.types) decls.set(`${dom.name}/${t.name}`, t.type);
  while (work.length > 0) {
    const [ref, d] = work.pop()!;
    const key = refKey(ref);
    const prev = dirs.get(key);
    const next = joinDirection(prev, d);
    if (prev === next) continue;
    dirs.set(key, next);
    seed(decls.get(key), next);
  }
  for (const key of decls.keys()) if (!dirs.has(key)) dirs.set(key, "both");
  return dirs;
}
