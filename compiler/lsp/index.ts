/**
 * Declarations and references with positions, for go to definition, find references, rename,
 * hover and the outline. The binder resolves names but keeps no reference positions, so this
 * module walks the loaded YAML the way bind/bind.ts reads it and records every place a name of
 * a type, entity, machine, event, state or invariant is declared or used.
 */
import type { Loc } from "../ir/types.js";
import type { LoadedFile, YamlPath } from "../load/yaml.js";

/** What a declared name is. */
export type DeclKind = "type" | "entity" | "event" | "machine" | "invariant" | "api" | "flow" | "slice" | "state";

/** The top-level sections of a domain file and the kind of name each declares. */
export const SECTIONS: readonly (readonly [string, DeclKind])[] = [
  ["types", "type"],
  ["entities", "entity"],
  ["events", "event"],
  ["machines", "machine"],
  ["invariants", "invariant"],
  ["api", "api"],
  ["flows", "flow"],
  ["slices", "slice"],
];

/** One declaration. Its key is `domain.Name` (or `domain.Machine.state` for a state). */
export interface Decl {
  readonly key: string;
  readonly kind: DeclKind;
  readonly domain: string;
  readonly name: string;
  /** Range of the name (the mapping key). */
  readonly loc: Loc;
  /** The YAML path of the declaration in its file. */
  readonly path: YamlPath;
  /** The declaration's raw value (plain data). */
  readonly value: unknown;
  /** The machine of a state. */
  readonly machine?: string;
}

/** One place a name occurs: its declaration or a reference. `loc` covers the name only. */
export interface Occurrence {
  readonly key: string;
  readonly loc: Loc;
  readonly decl: boolean;
}

/** Every declaration and occurrence of the checked files. */
export interface SymbolIndex {
  readonly decls: ReadonlyMap<string, Decl>;
  readonly occurrences: readonly Occurrence[];
  /** Domain name of each file. */
  readonly domainOf: ReadonlyMap<string, string>;
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Obj) : {});
const PRIMITIVES = new Set(["string", "integer", "number", "boolean"]);

/** A file's own declarations (cached per loaded file: an edit re-reads only the edited file). */
interface DeclPart {
  readonly domain?: string;
  readonly decls: readonly Decl[];
}
const declParts = new WeakMap<LoadedFile, DeclPart>();

function declPart(f: LoadedFile): DeclPart {
  const cached = declParts.get(f);
  if (cached) return cached;
  const v = obj(f.value);
  const part: DeclPart = typeof v.domain !== "string" ? { decls: [] } : { domain: v.domain, decls: declsOf(f, v.domain, v) };
  declParts.set(f, part);
  return part;
}

function declsOf(f: LoadedFile, domain: string, v: Obj): Decl[] {
  const out: Decl[] = [];
  for (const [section, kind] of SECTIONS) {
    for (const [name, value] of Object.entries(obj(v[section]))) {
      const path = [section, name];
      out.push({ key: `${domain}.${name}`, kind, domain, name, loc: f.locOf(path, "key"), path, value });
      if (kind !== "machine") continue;
      for (const [s, sv] of Object.entries(obj(obj(value).states))) {
        const spath = [...path, "states", s];
        out.push({ key: `${domain}.${name}.${s}`, kind: "state", domain, name: s, loc: f.locOf(spath, "key"), path: spath, value: sv, machine: name });
      }
    }
  }
  return out;
}

/**
 * Build the index of the loaded files. Never throws on odd shapes (it skips what it cannot read).
 * Declarations are read at once (from a cache per file); references on first use.
 */
export function buildIndex(files: readonly LoadedFile[]): SymbolIndex {
  const decls = new Map<string, Decl>();
  const declared: Occurrence[] = [];
  const domainOf = new Map<string, string>();
  for (const f of files) {
    const part = declPart(f);
    if (part.domain === undefined) continue;
    domainOf.set(f.path, part.domain);
    for (const d of part.decls) {
      if (!decls.has(d.key)) decls.set(d.key, d);
      declared.push({ key: d.key, loc: d.loc, decl: true });
    }
  }
  let occurrences: Occurrence[] | undefined;
  return {
    decls,
    domainOf,
    get occurrences() {
      if (occurrences === undefined) {
        occurrences = declared;
        for (const f of files) {
          const domain = domainOf.get(f.path);
          if (domain !== undefined) walkReferences(f, domain, decls, occurrences);
        }
      }
      return occurrences;
    },
  };
}

function walkReferences(f: LoadedFile, domain: string, decls: ReadonlyMap<string, Decl>, out: Occurrence[]): void {
  const v = obj(f.value);
  const lines = f.text.split("\n");
  /** The single-line source text a loc covers ("" when it spans lines). */
  const slice = (_: LoadedFile, loc: Loc): string => (loc.line !== loc.endLine ? "" : (lines[loc.line - 1] ?? "").slice(loc.column - 1, loc.endColumn - 1));
  /** Record `text` (a name or `domain.Name`, or a state) found inside the node at `path`. */
  const ref = (path: YamlPath, text: string, which: "key" | "value" = "value", at = 0, key?: string) => {
    const loc = f.locOf(path, which);
    const src = slice(f, loc);
    const start = src.indexOf(text, at);
    if (start < 0) return;
    const dot = text.indexOf(".");
    const k = key ?? (dot >= 0 ? text : `${domain}.${text}`);
    if (!decls.has(k)) return;
    const nameStart = key !== undefined ? start : start + dot + 1;
    const name = key !== undefined ? text : text.slice(dot + 1);
    const column = loc.column + nameStart;
    out.push({ key: k, decl: false, loc: { file: f.path, line: loc.line, column, endLine: loc.line, endColumn: column + name.length } });
  };
  const typeRefs = (t: unknown, path: YamlPath): void => {
    if (typeof t === "string") {
      if (!PRIMITIVES.has(t)) ref(path, t);
      return;
    }
    const o = obj(t);
    if (Array.isArray(o.enum)) return;
    if (o.fields !== undefined && o.type === undefined) return fieldRefs(o.fields, [...path, "fields"]);
    if (o.type === "array") return typeRefs(o.items, [...path, "items"]);
    if (typeof o.type === "string" && !PRIMITIVES.has(o.type)) ref([...path, "type"], o.type);
  };
  const fieldRefs = (fields: unknown, path: YamlPath) => {
    for (const [k, t] of Object.entries(obj(fields))) typeRefs(t, [...path, k]);
  };
  for (const [name, t] of Object.entries(obj(v.types))) typeRefs(t, ["types", name]);
  for (const [name, e] of Object.entries(obj(v.entities))) fieldRefs(obj(e).fields, ["entities", name, "fields"]);
  for (const [name, e] of Object.entries(obj(v.events))) fieldRefs(obj(e).fields, ["events", name, "fields"]);
  for (const [name, m] of Object.entries(obj(v.machines))) {
    const mo = obj(m);
    const path = ["machines", name];
    const stateKey = (s: string) => `${domain}.${name}.${s}`;
    if (typeof mo.entity === "string") ref([...path, "entity"], mo.entity);
    if (typeof mo.initial === "string") ref([...path, "initial"], mo.initial, "value", 0, stateKey(mo.initial));
    for (const [s, sv] of Object.entries(obj(mo.states))) {
      for (const [ev, spec] of Object.entries(obj(obj(sv).on))) {
        const tpath = [...path, "states", s, "on", ev];
        ref(tpath, ev, "key");
        const list: [unknown, YamlPath][] = Array.isArray(spec) ? spec.map((x, i) => [x, [...tpath, i]]) : [[spec, tpath]];
        for (const [t, p] of list) {
          if (typeof t === "string") ref(p, t, "value", 0, stateKey(t));
          else if (typeof obj(t).to === "string") ref([...p, "to"], obj(t).to as string, "value", 0, stateKey(obj(t).to as string));
        }
      }
    }
  }
  for (const [id, i] of Object.entries(obj(v.invariants))) {
    if (typeof obj(i).on === "string") ref(["invariants", id, "on"], obj(i).on as string);
  }
  // State names written as string literals in expressions (`status == 'paid'`) over a field
  // typed by the machine.
  const ownEntities = Object.keys(obj(v.entities));
  const stateLiterals = (entityName: unknown, paths: YamlPath[]) => {
    const name = typeof entityName === "string" ? entityName : ownEntities.length === 1 ? ownEntities[0] : undefined;
    const e = name === undefined ? undefined : decls.get(name.includes(".") ? name : `${domain}.${name}`);
    if (e?.kind !== "entity") return;
    const machines = Object.values(obj(obj(e.value).fields))
      .filter((t): t is string => typeof t === "string")
      .map((t) => decls.get(t.includes(".") ? t : `${e.domain}.${t}`))
      .filter((m): m is Decl => m?.kind === "machine");
    if (machines.length === 0) return;
    for (const p of paths) {
      const loc = f.locOf(p);
      const src = slice(f, loc);
      for (const m of src.matchAll(/'([A-Za-z][A-Za-z0-9_]*)'/g)) {
        const key = machines.map((mc) => `${mc.domain}.${mc.name}.${m[1]}`).find((k) => decls.has(k));
        if (key === undefined) continue;
        const column = loc.column + (m.index as number) + 1;
        out.push({ key, decl: false, loc: { file: f.path, line: loc.line, column, endLine: loc.line, endColumn: column + m[1].length } });
      }
    }
  };
  for (const [name, m] of Object.entries(obj(v.machines))) {
    const mo = obj(m);
    const paths: YamlPath[] = Object.keys(obj(mo.init)).map((k) => ["machines", name, "init", k]);
    for (const [s, sv] of Object.entries(obj(mo.states))) {
      for (const [ev, spec] of Object.entries(obj(obj(sv).on))) {
        const tpath = ["machines", name, "states", s, "on", ev];
        const list: [unknown, YamlPath][] = Array.isArray(spec) ? spec.map((x, i) => [x, [...tpath, i]]) : [[spec, tpath]];
        for (const [t, p] of list) {
          if (typeof obj(t).guard === "string") paths.push([...p, "guard"]);
          for (const k of Object.keys(obj(obj(t).set))) paths.push([...p, "set", k]);
        }
      }
    }
    stateLiterals(mo.entity, paths);
  }
  for (const [id, i] of Object.entries(obj(v.invariants))) {
    const io = obj(i);
    stateLiterals(io.on, ["holds", "when"].filter((k) => typeof io[k] === "string").map((k) => ["invariants", id, k]));
  }
  for (const [name, a] of Object.entries(obj(v.api))) {
    for (const [op, o] of Object.entries(obj(obj(a).operations))) {
      const path = ["api", name, "operations", op];
      fieldRefs(obj(o).input, [...path, "input"]);
      if (obj(o).output !== undefined) typeRefs(obj(o).output, [...path, "output"]);
    }
  }
  for (const [name, fl] of Object.entries(obj(v.flows))) {
    const fo = obj(fl);
    if (typeof fo.value === "string") ref(["flows", name, "value"], fo.value);
    (Array.isArray(fo.steps) ? fo.steps : []).forEach((s, i) => {
      if (typeof s !== "string") return;
      const parts = s.split("->").map((x) => x.trim());
      ref(["flows", name, "steps", i], parts[0]);
      if (parts[1] !== undefined) ref(["flows", name, "steps", i], parts[1], "value", s.indexOf("->"));
    });
  }
  for (const [id, sl] of Object.entries(obj(v.slices))) {
    for (const key of ["implements", "uses"]) {
      const list = obj(sl)[key];
      if (Array.isArray(list)) list.forEach((t, i) => typeof t === "string" && ref(["slices", id, key, i], t));
    }
  }
}

/** Whether a 1-based (line, column) position lies inside a loc (end inclusive, for the cursor). */
export function contains(loc: Loc, line: number, column: number): boolean {
  if (line < loc.line || line > loc.endLine) return false;
  if (line === loc.line && column < loc.column) return false;
  if (line === loc.endLine && column > loc.endColumn) return false;
  return true;
}

/** The occurrence under the cursor in a file. */
export function occurrenceAt(index: SymbolIndex, file: string, line: number, column: number): Occurrence | undefined {
  return index.occurrences.find((o) => o.loc.file === file && contains(o.loc, line, column));
}
