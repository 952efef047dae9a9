/**
 * One mistake, one diagnostic: a property written one level too shallow (`on:` under `states:`
 * beside the state it belongs to) reads as an entry of the collection, and the shape check then
 * reports the entry above as empty and every line below the property as unknown. When a
 * collection entry is named after a property of its own schema (a state called `on`, an entity
 * called `fields`) and follows another entry, it is reported once, at its key, and the errors it
 * caused are dropped.
 */
import type { ErrorObject } from "ajv";
import type { Diagnostic } from "../diagnostic.js";
import { createCollector } from "../diagnostics.js";
import type { JsonSchema } from "./meta-schema.js";
import type { LoadedFile, YamlPath } from "./yaml.js";

/** The dedent diagnostics, and the errors left to report one by one. */
export function collapseDedents(
  file: LoadedFile,
  errors: readonly ErrorObject[],
  toPath: (pointer: string) => YamlPath,
): { diagnostics: Diagnostic[]; rest: ErrorObject[] } {
  const diags = createCollector();
  const dedented = new Map<string, string>(); // pointer of the dedented entry → pointer of the entry above
  const seen = new Set<string>(); // each path is looked at once (a file may hold many errors at one path)
  for (const e of errors) {
    if (e.keyword !== "additionalProperties" && e.keyword !== "required" && e.keyword !== "type")
      continue;
    if (dedented.has(e.instancePath) || e.instancePath === "") continue;
    const schema = (e.parentSchema ?? {}) as JsonSchema;
    const props = schema.properties as Record<string, unknown> | undefined;
    const path = toPath(e.instancePath);
    const key = path[path.length - 1];
    if (
      props === undefined ||
      typeof key !== "string" ||
      !Object.prototype.hasOwnProperty.call(props, key)
    )
      continue;
    if (seen.has(e.instancePath)) continue;
    seen.add(e.instancePath);
    const parentPath = path.slice(0, -1);
    const siblings = keysAt(file.value, parentPath);
    const i = siblings.indexOf(key);
    if (i <= 0) continue;
    const owner = siblings[i - 1];
    // The entry above must be missing that property (empty, or without it): else this is no dedent.
    const ownerValue = valueAt(file.value, [...parentPath, owner]);
    if (
      ownerValue !== null &&
      (typeof ownerValue !== "object" || Object.prototype.hasOwnProperty.call(ownerValue, key))
    )
      continue;
    const parentPointer = e.instancePath.slice(0, e.instancePath.lastIndexOf("/"));
    dedented.set(e.instancePath, `${parentPointer}/${escape(owner)}`);
    const what = typeof schema.title === "string" ? schema.title : "entry";
    diags.report("dedented-key", { key, what, owner }, file.locOf(path, "key"));
  }
  if (dedented.size === 0) return { diagnostics: [], rest: [...errors] };
  const above = new Set(dedented.values());
  const rest = errors.filter((e) => {
    for (const p of dedented.keys())
      if (e.instancePath === p || e.instancePath.startsWith(`${p}/`)) return false;
    // The entry above is empty (`active:` with nothing under it) only because its property moved.
    return !(e.keyword === "type" && above.has(e.instancePath));
  });
  return { diagnostics: [...diags.diagnostics], rest };
}

function valueAt(value: unknown, path: YamlPath): unknown {
  let v: unknown = value;
  for (const seg of path) {
    if (v === null || typeof v !== "object" || !Object.prototype.hasOwnProperty.call(v, seg))
      return undefined;
    v = (v as Record<string | number, unknown>)[seg];
  }
  return v;
}

function keysAt(value: unknown, path: YamlPath): string[] {
  const v = valueAt(value, path);
  return v !== null && typeof v === "object" && !Array.isArray(v) ? Object.keys(v) : [];
}

function escape(seg: string): string {
  return seg.replace(/~/g, "~0").replace(/\//g, "~1");
}
