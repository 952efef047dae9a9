/**
 * The keys of a map type (`{ type: map, keys: K, values: V }`): the values of its key type, an
 * enum, a machine state type or a bounded integer type of at most {@link MAX_INTEGER_KEYS} values
 * (directly or through named types). One function for every phase that needs them (checker,
 * explorer, emitters, arbitraries). Integer keys are the decimal strings of the integers (as JSON
 * and JavaScript objects spell them); the quantifiers hand them to callbacks as numbers.
 */
import type { Constraints, Program, TypeExpr } from "./types.js";

/** Most keys of an integer-keyed map (the explorer's exhaustive bound per field). */
export const MAX_INTEGER_KEYS = 64;

/** A string JavaScript treats as an array index-like integer key (`"0"`, `"17"`, `"-3"`). */
export const INTEGER_KEY = /^(0|-?[1-9][0-9]*)$/;

/** Whether a map's key type is an integer type (its keys are numbers in expressions). */
export function mapKeysNumeric(program: Program, keys: TypeExpr): boolean {
  const t = resolveKeyType(program, keys);
  return t !== undefined && t.kind === "primitive" && t.name === "integer";
}

function resolveKeyType(program: Program, keys: TypeExpr): TypeExpr | undefined {
  let t = keys;
  for (let i = 0; i < MAX_REFS && t.kind === "ref"; i++) {
    if (t.target !== "type") return undefined;
    const ref = t.ref;
    const next = program.domains
      .find((d) => d.name === ref.domain)
      ?.types.find((x) => x.name === ref.name)?.type;
    if (next === undefined) return undefined;
    t = next;
  }
  return t;
}

/** The integers of a bounded integer type, or undefined when unbounded or above the limit. */
function integerKeys(c: Constraints): string[] | undefined {
  const step =
    c.multipleOf !== undefined && Number.isInteger(c.multipleOf) && c.multipleOf > 0
      ? c.multipleOf
      : 1;
  let lo = c.minimum;
  if (c.exclusiveMinimum !== undefined && (lo === undefined || c.exclusiveMinimum >= lo))
    lo = Math.floor(c.exclusiveMinimum) + 1;
  let hi = c.maximum;
  if (c.exclusiveMaximum !== undefined && (hi === undefined || c.exclusiveMaximum <= hi))
    hi = Math.ceil(c.exclusiveMaximum) - 1;
  if (lo === undefined || hi === undefined || !Number.isFinite(lo) || !Number.isFinite(hi))
    return undefined;
  const first = Math.ceil(lo / step);
  const last = Math.floor(hi / step);
  if (last - first + 1 > MAX_INTEGER_KEYS) return undefined;
  const out: string[] = [];
  for (let k = first; k <= last; k++) out.push(String(k * step === 0 ? 0 : k * step));
  return out;
}

/** Longest chain of named types followed to the key type (the binder refuses cycles). */
const MAX_REFS = 64;

/**
 * The key values of a map's key type, in declaration order (integers ascending), or undefined when
 * the key type is not an enum, a machine state type or a bounded integer type of at most
 * {@link MAX_INTEGER_KEYS} values (a map over it is refused by the checker, IC3030).
 */
export function mapKeyValues(program: Program, keys: TypeExpr): readonly string[] | undefined {
  let t = keys;
  for (let i = 0; i < MAX_REFS; i++) {
    if (t.kind === "enum") return t.values;
    if (t.kind === "primitive")
      return t.name === "integer" ? integerKeys(t.constraints) : undefined;
    if (t.kind === "state") {
      const ref = t.machine;
      const m = program.domains
        .find((d) => d.name === ref.domain)
        ?.machines.find((x) => x.name === ref.name);
      return m?.states.map((s) => s.name);
    }
    if (t.kind !== "ref" || t.target !== "type") return undefined;
    const ref = t.ref;
    const next = program.domains
      .find((d) => d.name === ref.domain)
      ?.types.find((x) => x.name === ref.name)?.type;
    if (next === undefined) return undefined;
    t = next;
  }
  return undefined;
}
