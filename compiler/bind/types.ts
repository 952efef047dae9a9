/** Binding types (bind.ts): the type forms of intent (names, `{ type: … }`, enums, arrays, maps, sets, inline objects) and field lists. */
import { CONSTRAINT_KEYS, type Constraints, type Field, type TypeExpr } from "../ir/types.js";
import type { YamlPath } from "../load/yaml.js";
import { lookup, toRef } from "./resolve.js";
import { type Ctx, obj, str } from "./context.js";

const PRIMITIVES = new Set(["string", "integer", "number", "boolean"]);

/** Resolve a type reference (string or object form) at `path`. */
export function bindType(cx: Ctx, v: unknown, path: YamlPath): TypeExpr {
  if (typeof v === "string") return bindNamedType(cx, v, path, {});
  const o = obj(v);
  if (Array.isArray(o.enum)) return { kind: "enum", values: o.enum.map(String) };
  if (o.fields !== undefined && o.type === undefined)
    return { kind: "object", fields: bindFields(cx, o.fields, [...path, "fields"]) };
  if (o.type === "map" || o.type === "set") {
    const set = o.type === "set";
    const keyValues: string[] = [];
    const type: TypeExpr & { kind: "map" } = {
      kind: "map",
      keys: bindType(cx, (set ? o.items : o.keys) ?? "string", [...path, set ? "items" : "keys"]),
      values: set
        ? { kind: "primitive", name: "boolean", constraints: {} }
        : bindType(cx, o.values ?? "string", [...path, "values"]),
      keyValues,
      ...(set ? { set: true as const } : {}),
    };
    cx.maps.push({ type, keyValues });
    return type;
  }
  if (o.type === "array") {
    return {
      kind: "array",
      items: bindType(cx, o.items ?? "string", [...path, "items"]),
      ...(typeof o.minItems === "number" ? { minItems: o.minItems } : {}),
      ...(typeof o.maxItems === "number" ? { maxItems: o.maxItems } : {}),
      ...(o.uniqueItems === true ? { uniqueItems: true } : {}),
    };
  }
  const constraints: Record<string, unknown> = {};
  for (const k of CONSTRAINT_KEYS) if (o[k] !== undefined) constraints[k] = o[k];
  return bindNamedType(
    cx,
    str(o.type) ?? "string",
    [...path, "type"],
    constraints as Constraints,
    path,
  );
}

function bindNamedType(
  cx: Ctx,
  name: string,
  path: YamlPath,
  constraints: Constraints,
  constraintPath: YamlPath = path,
): TypeExpr {
  if (PRIMITIVES.has(name)) return { kind: "primitive", name: name as "string", constraints };
  const loc = cx.file.locOf(path);
  const entry = lookup(
    cx.table,
    cx.domain,
    name,
    { kinds: ["type", "entity", "machine"], unknown: "unknown-type" },
    loc,
    cx.diags,
  );
  const keys = Object.keys(constraints);
  if (entry && keys.length > 0) {
    const key = keys[0];
    cx.diags.report(
      "constraint-on-reference",
      {
        name: key,
        applies: key.endsWith("Length") || key === "pattern" ? "string" : "number",
        type: name,
      },
      cx.file.locOf([...constraintPath, key], "key"),
    );
  }
  if (!entry) return { kind: "primitive", name: "string", constraints: {} };
  if (entry.kind === "machine") return { kind: "state", machine: toRef(entry) };
  return { kind: "ref", target: entry.kind === "entity" ? "entity" : "type", ref: toRef(entry) };
}

export function bindFields(cx: Ctx, v: unknown, path: YamlPath): Field[] {
  return Object.entries(obj(v)).map(([rawName, t]) => {
    const optional = rawName.endsWith("?") || obj(t).optional === true;
    const name = rawName.endsWith("?") ? rawName.slice(0, -1) : rawName;
    const o = obj(t);
    return {
      name,
      type: bindType(cx, t, [...path, rawName]),
      optional,
      ...(str(o.description) !== undefined ? { description: str(o.description) } : {}),
      ...(str(o.renamedFrom) !== undefined ? { renamedFrom: str(o.renamedFrom) } : {}),
      loc: cx.file.locOf([...path, rawName], "key"),
    };
  });
}
