/**
 * What a field holds, for the index (expr-refs.ts {@link Shape}): the records whose members are
 * fields (an entity, an event, a type with `fields:`, or a record written inline as a field's
 * type), arrays and maps of them, sets, and fields typed by a machine. Members of a record, an
 * entry of a map (`accounts[event.from]`, `accounts.a`) and an array's elements are followed with
 * them, in guards, effects, invariants, flows and `set:` targets alike.
 *
 * A record written inline (`audit: { fields: { moved: boolean } }`, or as the values of a map or
 * the items of an array) is named after the field that holds it: its fields are declared as
 * fields of the owner `Ledger.audit` (keys `domain.Ledger.audit:moved`), see {@link inlineRecord}.
 */
import { derivation, derived } from "../ir/derived.js";
import type { YamlPath } from "../load/yaml.js";
import type { Shape } from "./expr-refs.js";

/** What this module reads of a declaration of the index (index.ts `Decl`, which imports this module). */
interface Decl {
  readonly kind: string;
  readonly domain: string;
  readonly name: string;
  readonly value: unknown;
  readonly owner?: string;
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj =>
  v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Obj) : {};

/** Named types followed through other named types at most this deep (`A: { items: A }`). */
const MAX_DEPTH = 16;

/**
 * The record a raw type holds written inline, and the YAML path of its `fields:`: the type itself
 * (`{ fields: … }`), or the values of a map or the items of an array, at any depth.
 */
export function inlineRecord(t: unknown, path: YamlPath): [Obj, YamlPath] | undefined {
  const o = obj(t);
  if (o.fields !== undefined && o.type === undefined) return [obj(o.fields), [...path, "fields"]];
  if (o.type === "array") return inlineRecord(o.items, [...path, "items"]);
  if (o.type === "map") return inlineRecord(o.values, [...path, "values"]);
  return undefined;
}

type Shapes = ReturnType<typeof makeShapes>;
const SHAPES = derivation("shapes of an index's declarations", makeShapes);

/** The shapes of the declarations of an index (made once per index; a field's shape once). */
export function shapesOf(decls: ReadonlyMap<string, Decl>): Shapes {
  return derived(decls, SHAPES);
}

function makeShapes(decls: ReadonlyMap<string, Decl>) {
  const resolve = (from: string, text: unknown): Decl | undefined =>
    typeof text === "string" ? decls.get(text.includes(".") ? text : `${from}.${text}`) : undefined;
  /** The record of fields declared for `owner` (`Ledger`, or `Ledger.audit` for an inline one). */
  const fieldsOf = (domain: string, owner: string): Shape => ({
    field: (n) => {
      const k = `${domain}.${owner}:${n}`;
      return decls.has(k) ? k : undefined;
    },
  });
  const record = (owner: Decl | undefined): Shape | undefined =>
    owner && fieldsOf(owner.domain, owner.name);
  /** What a raw type holds; `owner` names a record written inline in it. */
  const typeShape = (domain: string, t: unknown, owner: string, depth = 0): Shape | undefined => {
    if (depth > MAX_DEPTH) return undefined;
    const o = obj(t);
    if (typeof t !== "string") {
      if (o.fields !== undefined && o.type === undefined) return fieldsOf(domain, owner);
      if (o.type === "array") {
        const items = typeShape(domain, o.items, owner, depth + 1);
        return items && { items };
      }
      if (o.type === "map") {
        const items = typeShape(domain, o.values, owner, depth + 1);
        return { keyed: true, ...(items ? { items } : {}) };
      }
      if (o.type === "set") return { keyed: true };
    }
    const target = resolve(domain, typeof t === "string" ? t : o.type);
    if (target?.kind === "machine") {
      const key = `${target.domain}.${target.name}`;
      return { state: (lit) => (decls.has(`${key}.${lit}`) ? `${key}.${lit}` : undefined) };
    }
    if (target?.kind === "entity" || target?.kind === "event") return record(target);
    if (target?.kind === "type")
      return typeShape(target.domain, target.value, target.name, depth + 1);
    return undefined;
  };
  const fieldShapes = new Map<string, Shape | undefined>();
  /** What the field with index key `key` holds. */
  const fieldShape = (key: string): Shape | undefined => {
    if (fieldShapes.has(key)) return fieldShapes.get(key);
    const d = decls.get(key);
    const shape =
      d?.kind === "field" && d.owner !== undefined
        ? typeShape(d.domain, d.value, `${d.owner}.${d.name}`)
        : undefined;
    fieldShapes.set(key, shape);
    return shape;
  };
  return { record, fieldShape };
}
