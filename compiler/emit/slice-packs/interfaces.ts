/**
 * `.d.ts` interfaces of the APIs a slice uses: operation signatures plus the types they mention,
 * in one namespace per domain. Interfaces only — never machines, guards or internals.
 */
import type { Field, Program, Ref, TypeExpr, Api } from "../../ir/types.js";
import { commentText, createWriter, jsString, withHeader } from "../code.js";
import { propKey, safeIdent } from "../naming.js";

type Decl =
  | { kind: "type"; ref: Ref; type: TypeExpr }
  | { kind: "entity"; ref: Ref; fields: readonly Field[] };

function key(ref: Ref): string {
  return `${ref.domain}.${ref.name}`;
}

function lookup(program: Program, target: "type" | "entity", ref: Ref): Decl | undefined {
  const d = program.domains.find((x) => x.name === ref.domain);
  if (target === "type") {
    const t = d?.types.find((x) => x.name === ref.name);
    return t ? { kind: "type", ref, type: t.type } : undefined;
  }
  const e = d?.entities.find((x) => x.name === ref.name);
  return e ? { kind: "entity", ref, fields: e.fields } : undefined;
}

/** Render a type expression, collecting the named declarations it refers to. */
function renderType(program: Program, t: TypeExpr, need: Map<string, Decl>): string {
  switch (t.kind) {
    case "primitive":
      return t.name === "integer" ? "number" : t.name;
    case "enum":
      return t.values.length === 0 ? "never" : t.values.map((v) => jsString(v)).join(" | ");
    case "array":
      return `readonly (${renderType(program, t.items, need)})[]`;
    case "map":
      return `Readonly<Record<${renderType(program, t.keys, need)}, ${renderType(program, t.values, need)}>>`;
    case "object":
      return renderFields(program, t.fields, need, "");
    case "state": {
      const m = program.domains
        .find((d) => d.name === t.machine.domain)
        ?.machines.find((x) => x.name === t.machine.name);
      return m && m.states.length > 0
        ? m.states.map((s) => jsString(s.name)).join(" | ")
        : "string";
    }
    case "ref": {
      const decl = lookup(program, t.target, t.ref);
      if (decl === undefined) return "unknown";
      if (!need.has(key(t.ref))) {
        need.set(key(t.ref), decl);
        // Pull in what the declaration itself refers to.
        if (decl.kind === "type") renderType(program, decl.type, need);
        else renderFields(program, decl.fields, need, "");
      }
      return `${safeIdent(t.ref.domain)}.${safeIdent(t.ref.name)}`;
    }
  }
}

function renderFields(
  program: Program,
  fields: readonly Field[],
  need: Map<string, Decl>,
  indent: string,
): string {
  if (fields.length === 0) return "{}";
  const parts = fields.map(
    (f) => `${propKey(f.name)}${f.optional ? "?" : ""}: ${renderType(program, f.type, need)}`,
  );
  return `{ ${parts.join("; ")} }${indent}`;
}

/** File name of an API's interface file. */
export function interfaceFileName(api: Api): string {
  return `${api.domain}.${api.name}.d.ts`;
}

/** Render the `.d.ts` of one used API. */
export function renderApiInterface(program: Program, api: Api): string {
  const need = new Map<string, Decl>();
  const ops = api.operations.map((op) => {
    const input = renderFields(program, op.input, need, "");
    const output = op.output ? renderType(program, op.output, need) : "void";
    const errors = op.errors.length > 0 ? op.errors.map((e) => jsString(e)).join(" | ") : "never";
    const doc = op.description ? `/** ${commentText(op.description)} */\n` : "";
    return `${doc}${propKey(op.name)}(input: ${input}): Promise<OpResult<${output}, ${errors}>>;`;
  });
  // Render declarations until no new ones appear (renderType adds to `need` as it goes).
  const rendered = new Map<string, string>();
  let grew = true;
  while (grew) {
    grew = false;
    for (const [k, decl] of [...need.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      if (rendered.has(k)) continue;
      const body =
        decl.kind === "type"
          ? renderType(program, decl.type, need)
          : renderFields(program, decl.fields, need, "");
      rendered.set(
        k,
        `export ${decl.kind === "type" ? "type" : "interface"} ${safeIdent(decl.ref.name)}${decl.kind === "type" ? " = " : " "}${body}${decl.kind === "type" ? ";" : ""}`,
      );
      grew = true;
    }
  }
  const byDomain = new Map<string, string[]>();
  for (const k of [...rendered.keys()].sort()) {
    const d = k.slice(0, k.indexOf("."));
    byDomain.set(d, [...(byDomain.get(d) ?? []), rendered.get(k) as string]);
  }
  const w = createWriter();
  w.line(
    `/** Interface of ${commentText(`${api.domain}.${api.name}`)} for slices that use it: signatures only, never internals. */`,
  );
  w.line(
    "export type OpResult<T, E extends string> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: E };",
  );
  for (const [d, decls] of [...byDomain.entries()].sort(([a], [b]) =>
    a < b ? -1 : a > b ? 1 : 0,
  )) {
    w.block(`export declare namespace ${safeIdent(d)} {`, () => {
      for (const decl of decls) w.line(decl);
    });
  }
  if (api.description) w.line(`/** ${commentText(api.description)} */`);
  // An operation is its signature, after its one-line doc comment when it has one.
  w.block(`export interface ${safeIdent(api.name)} {`, () => {
    for (const op of ops) w.lines(op);
  });
  return withHeader(w.toString(), "ts");
}
