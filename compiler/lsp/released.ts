/**
 * Renames of names in the released contract (the previous lock, generated/intent.lock.json): a
 * field the lock knows gets `renamedFrom: <released name>` with its rename, so that `intentc diff`
 * reports one rename instead of a removal and an addition. The intent format records renames of
 * fields only; a released declaration (type, entity, event, …) has no such key, and the server
 * says so when it renames one.
 */
import type { TextEdit } from "vscode-languageserver";
import type { LockFile } from "../diff/lock-file.js";
import type { Field, Program, TypeExpr } from "../ir/types.js";
import type { Decl, SymbolIndex } from "./index.js";
import { rangeOf } from "./convert.js";

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj =>
  v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Obj) : {};

/**
 * The fields of a declaration of the released program (entity, event or object type), or of a
 * record written inline in one (`Ledger.audit`: the record field `audit` holds, also as the values
 * of a map or the items of an array).
 */
function releasedFields(
  program: Program,
  domain: string,
  owner: string,
): readonly Field[] | undefined {
  const d = program.domains.find((x) => x.name === domain);
  if (!d) return undefined;
  const [first, ...path] = owner.split(".");
  const holder = d.entities.find((e) => e.name === first) ?? d.events.find((e) => e.name === first);
  const t = d.types.find((x) => x.name === first)?.type;
  let fields = holder ? holder.fields : t && recordOf(t);
  for (const name of path) {
    const f = fields?.find((x) => x.name === name);
    fields = f && recordOf(f.type);
  }
  return fields;
}

/** The fields of the record a type holds written inline (itself, a map's values, an array's items). */
function recordOf(t: TypeExpr): readonly Field[] | undefined {
  if (t.kind === "object") return t.fields;
  if (t.kind === "array") return recordOf(t.items);
  if (t.kind === "map") return recordOf(t.values);
  return undefined;
}

/** Whether the lock's program declares this declaration (by kind section and name) or field. */
export function isReleased(lock: LockFile | undefined, d: Decl): boolean {
  if (lock === undefined) return false;
  const program = lock.program;
  if (d.kind === "field")
    return (releasedFields(program, d.domain, d.owner ?? "") ?? []).some((f) => f.name === d.name);
  if (d.kind === "state") {
    const m = program.domains
      .find((x) => x.name === d.domain)
      ?.machines.find((x) => x.name === d.machine);
    return m?.states.some((s) => s.name === d.name) ?? false;
  }
  if (d.kind === "participant") {
    const flow = program.domains
      .find((x) => x.name === d.domain)
      ?.flows.find((x) => x.name === d.owner);
    return flow?.participants?.some((p) => p.name === d.name) ?? false;
  }
  const domain = program.domains.find((x) => x.name === d.domain) as unknown as Obj | undefined;
  return Object.values(domain ?? {}).some(
    (list) => Array.isArray(list) && list.some((x) => obj(x).name === d.name),
  );
}

/**
 * The edit adding `renamedFrom: <released name>` to a released field's declaration, or undefined
 * when it needs none (it has one already: that is the released name) or its value has no place
 * for it (an empty value).
 */
export function renamedFromEdit(index: SymbolIndex, d: Decl): TextEdit | undefined {
  const f = index.files.get(d.loc.file);
  if (!f || d.kind !== "field") return undefined;
  if (typeof obj(d.value).renamedFrom === "string") return undefined;
  const entry = `renamedFrom: ${d.name}`;
  const loc = f.locOf(d.path, "value");
  const lines = f.text.split("\n");
  const text =
    loc.line === loc.endLine
      ? (lines[loc.line - 1] ?? "").slice(loc.column - 1, loc.endColumn - 1)
      : undefined;
  if (typeof d.value === "string" && text !== undefined && text !== "") {
    // `paid: Money` → `paid: { type: Money, renamedFrom: paid }`
    return { range: rangeOf(loc), newText: `{ type: ${text}, ${entry} }` };
  }
  if (d.value === null || typeof d.value !== "object" || Array.isArray(d.value)) return undefined;
  if (text !== undefined && text.startsWith("{") && text.endsWith("}")) {
    // A flow mapping on one line: before its closing brace.
    const inner = text.slice(1, -1);
    const at = inner.trimEnd().length;
    const column = loc.column + 1 + at;
    const insert = inner.trim() === "" ? ` ${entry} ` : `, ${entry}`;
    return {
      range: rangeOf({ line: loc.line, column, endLine: loc.line, endColumn: column }),
      newText: insert,
    };
  }
  const first = lines[loc.line - 1] ?? "";
  if (first.slice(0, loc.column - 1).trim() !== "") return undefined;
  // A block mapping: a line of its own before the first key, at the same indentation.
  const at = { line: loc.line, column: loc.column, endLine: loc.line, endColumn: loc.column };
  return { range: rangeOf(at), newText: `${entry}\n${" ".repeat(loc.column - 1)}` };
}
