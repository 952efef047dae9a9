/**
 * Whether a payload field's type fits another's, for the flow rules (check/flows.rule.ts): every
 * value of the source must be a value of the target — the same primitive, a numeric range inside
 * the target's, the same pattern, an enum subset, optional only into optional. Each answer is the
 * reason it may not ("it may be -5, below the target's minimum 0"), worded for a diagnostic.
 */
import { eventKey } from "../ir/event-key.js";
import type { Constraints, Field, Program, TypeExpr } from "../ir/types.js";

export function article(kind: string): string {
  return /^[aeiou]/.test(kind) ? "an" : "a";
}

/** Follow type references (entities stay references: they compare by name). */
export function resolve(program: Program, t: TypeExpr, depth = 0): TypeExpr {
  if (depth > 32 || t.kind !== "ref" || t.target === "entity") return t;
  const decl = program.domains
    .find((d) => d.name === t.ref.domain)
    ?.types.find((x) => x.name === t.ref.name);
  return decl === undefined ? t : resolve(program, decl.type, depth + 1);
}

/** How the written type reads in a message: its name, or its kind. */
export function typeText(t: TypeExpr): string {
  switch (t.kind) {
    case "ref":
      return eventKey("", t.ref);
    case "primitive":
      return t.name;
    case "state":
      return t.machine.name;
    default:
      return t.kind;
  }
}

/** Why a value of `source` may not fit `target`'s field (optional into required included), or undefined. */
export function fieldProblem(program: Program, source: Field, target: Field): string | undefined {
  if (source.optional && !target.optional) return "it may be absent";
  return typeProblem(program, source.type, target.type);
}

/** Why a value of type `s` may not be a value of type `t`, or undefined when every one is. */
export function typeProblem(
  program: Program,
  s0: TypeExpr,
  t0: TypeExpr,
  depth = 0,
): string | undefined {
  if (depth > 16) return undefined;
  const s = resolve(program, s0);
  const t = resolve(program, t0);
  if (t.kind === "ref")
    return s.kind === "ref" && s.ref.domain === t.ref.domain && s.ref.name === t.ref.name
      ? undefined
      : "a different entity";
  if (t.kind === "primitive") {
    if (s.kind !== "primitive")
      return `${article(kindText(s))} ${kindText(s)} is not ${article(t.name)} ${t.name}`;
    const numeric = (n: string) => n === "integer" || n === "number";
    if (numeric(t.name) && numeric(s.name)) {
      if (t.name === "integer" && s.name === "number" && s.constraints.multipleOf === undefined)
        return "it may not be an integer";
      return rangeProblem(s.constraints, t.constraints);
    }
    if (s.name !== t.name)
      return `${article(s.name)} ${s.name} is not ${article(t.name)} ${t.name}`;
    if (t.name === "string") return stringProblem(s.constraints, t.constraints);
    return undefined;
  }
  if (t.kind === "enum" || t.kind === "state") {
    const values = (x: TypeExpr): readonly string[] | undefined =>
      x.kind === "enum"
        ? x.values
        : x.kind === "state"
          ? (program.domains
              .find((d) => d.name === x.machine.domain)
              ?.machines.find((m) => m.name === x.machine.name)
              ?.states.map((st) => st.name) ?? [])
          : undefined;
    const sv = values(s);
    const tv = values(t) ?? [];
    if (sv === undefined)
      return `${article(kindText(s))} ${kindText(s)} is not one of ${tv.map((v) => `'${v}'`).join(", ")}`;
    const extra = sv.filter((v) => !tv.includes(v));
    return extra.length === 0 ? undefined : `'${extra[0]}' is not one of its values`;
  }
  if (t.kind === "array") {
    if (s.kind !== "array") return `${article(kindText(s))} ${kindText(s)} is not an array`;
    if (t.maxItems !== undefined && (s.maxItems === undefined || s.maxItems > t.maxItems))
      return `it may hold more than ${t.maxItems} items`;
    if (t.minItems !== undefined && (s.minItems ?? 0) < t.minItems)
      return `it may hold fewer than ${t.minItems} items`;
    const inner = typeProblem(program, s.items, t.items, depth + 1);
    return inner === undefined ? undefined : `an item: ${inner}`;
  }
  if (t.kind === "object") {
    if (s.kind !== "object") return `${article(kindText(s))} ${kindText(s)} is not an object`;
    for (const tf of t.fields) {
      const sf = s.fields.find((f) => f.name === tf.name);
      if (sf === undefined) {
        if (!tf.optional) return `it has no field '${tf.name}'`;
        continue;
      }
      if (sf.optional && !tf.optional) return `its field '${tf.name}' may be absent`;
      const inner = typeProblem(program, sf.type, tf.type, depth + 1);
      if (inner !== undefined) return `its field '${tf.name}': ${inner}`;
    }
    return undefined;
  }
  return undefined;
}

function kindText(t: TypeExpr): string {
  return t.kind === "primitive"
    ? t.name
    : t.kind === "ref"
      ? "entity"
      : t.kind === "state"
        ? "state"
        : t.kind;
}

/** Lower and upper bounds of a numeric type (exclusive bounds count as bounds: integers are not narrowed). */
function bounds(c: Constraints): { lo?: number; hi?: number } {
  const lo = c.minimum ?? c.exclusiveMinimum;
  const hi = c.maximum ?? c.exclusiveMaximum;
  return { ...(lo !== undefined ? { lo } : {}), ...(hi !== undefined ? { hi } : {}) };
}

function rangeProblem(s: Constraints, t: Constraints): string | undefined {
  const sb = bounds(s);
  const tb = bounds(t);
  if (
    tb.lo !== undefined &&
    (sb.lo === undefined ||
      sb.lo < tb.lo ||
      (t.exclusiveMinimum !== undefined && sb.lo <= tb.lo && s.exclusiveMinimum === undefined))
  ) {
    return sb.lo === undefined
      ? `it has no minimum, and the target's is ${tb.lo}`
      : `it may be ${sb.lo}, below the target's minimum ${tb.lo}`;
  }
  if (
    tb.hi !== undefined &&
    (sb.hi === undefined ||
      sb.hi > tb.hi ||
      (t.exclusiveMaximum !== undefined && sb.hi >= tb.hi && s.exclusiveMaximum === undefined))
  ) {
    return sb.hi === undefined
      ? `it has no maximum, and the target's is ${tb.hi}`
      : `it may be ${sb.hi}, above the target's maximum ${tb.hi}`;
  }
  if (
    t.multipleOf !== undefined &&
    (s.multipleOf === undefined || !Number.isInteger(s.multipleOf / t.multipleOf))
  )
    return `it may not be a multiple of ${t.multipleOf}`;
  return undefined;
}

function stringProblem(s: Constraints, t: Constraints): string | undefined {
  if (t.pattern !== undefined && s.pattern !== t.pattern)
    return `it may not match the pattern ${t.pattern}`;
  if (t.maxLength !== undefined && (s.maxLength === undefined || s.maxLength > t.maxLength))
    return `it may be longer than ${t.maxLength}`;
  if (t.minLength !== undefined && (s.minLength ?? 0) < t.minLength)
    return `it may be shorter than ${t.minLength}`;
  return undefined;
}
