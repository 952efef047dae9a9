/**
 * What names an expression sees at a place in a domain file: the entity (fields, `prev`) and, in
 * a transition, the event (`event.<field>`); and a short text of a raw field type.
 */
import type { Decl, SymbolIndex } from "./index.js";

/** A field as written: its name (without `?`), raw type, whether it is optional. */
export interface RawField {
  readonly name: string;
  readonly type: unknown;
  readonly optional: boolean;
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj =>
  v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Obj) : {};

/** The fields of an entity or event declaration's raw value. */
export function fieldsOf(value: unknown): RawField[] {
  return Object.entries(obj(obj(value).fields)).map(([k, t]) => ({
    name: k.endsWith("?") ? k.slice(0, -1) : k,
    type: t,
    optional: k.endsWith("?") || obj(t).optional === true,
  }));
}

/** The declaration a reference names from a domain (`Name` or `domain.Name`). */
export function resolve(index: SymbolIndex, domain: string, text: string): Decl | undefined {
  return index.decls.get(text.includes(".") ? text : `${domain}.${text}`);
}

/** The entity of a machine or invariant declaration (an invariant without `on:` takes the domain's only entity). */
export function entityOf(index: SymbolIndex, d: Decl): Decl | undefined {
  const v = obj(d.value);
  const name = d.kind === "machine" ? v.entity : v.on;
  if (typeof name === "string") return resolve(index, d.domain, name);
  const own = [...index.decls.values()].filter((x) => x.kind === "entity" && x.domain === d.domain);
  return own.length === 1 ? own[0] : undefined;
}

/** The entity and event an expression at `chain` (YAML keys from the root) sees. */
export function exprScope(
  index: SymbolIndex,
  domain: string,
  chain: readonly string[],
): { entity?: Decl; event?: Decl } {
  const owner =
    chain[0] === "machines" || chain[0] === "invariants"
      ? index.decls.get(`${domain}.${chain[1]}`)
      : undefined;
  if (!owner) return {};
  const entity = entityOf(index, owner);
  const event =
    chain[0] === "machines" && chain[2] === "states" && chain[4] === "on" && chain[5] !== undefined
      ? resolve(index, domain, chain[5])
      : undefined;
  return { ...(entity ? { entity } : {}), ...(event?.kind === "event" ? { event } : {}) };
}

const CONSTRAINTS = [
  "minimum",
  "maximum",
  "exclusiveMinimum",
  "exclusiveMaximum",
  "multipleOf",
  "minLength",
  "maxLength",
  "pattern",
  "minItems",
  "maxItems",
  "uniqueItems",
];

/** A raw type as one line: `Money`, `integer (minimum 0, maximum 100)`, `LineItem[]`, `'a' | 'b'`. */
export function describeType(t: unknown): string {
  if (typeof t === "string") return t;
  const o = obj(t);
  if (Array.isArray(o.enum)) return o.enum.map((v) => `'${String(v)}'`).join(" | ");
  if (o.fields !== undefined && o.type === undefined)
    return `{ ${fieldsOf(o)
      .map((f) => `${f.name}${f.optional ? "?" : ""}: ${describeType(f.type)}`)
      .join("; ")} }`;
  const base =
    o.type === "array"
      ? `${describeType(o.items ?? "string")}[]`
      : typeof o.type === "string"
        ? o.type
        : "string";
  const cs = CONSTRAINTS.filter((k) => o[k] !== undefined).map(
    (k) => `${k} ${typeof o[k] === "string" ? JSON.stringify(o[k]) : String(o[k])}`,
  );
  return cs.length > 0 ? `${base} (${cs.join(", ")})` : base;
}
