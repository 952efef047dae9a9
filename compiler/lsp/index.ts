/**
 * Declarations and references with positions, for go to definition, find references, rename,
 * hover and the outline. Positions must be those of the buffer being edited, which may not bind
 * (the user is typing) and is usually newer than the last check's Program; and the Program keeps
 * no positions for type references. So declarations and the names written in YAML values (type
 * names, `domain.Name`, states, events, `set`/`init` keys) come from the loaded YAML, read the way
 * bind/bind.ts reads it, while names inside expressions come from the compiler's expression
 * parser (expr-refs.ts; a flow's holders, invariants and mappings: flow-refs.ts), not from a
 * second scanner. Declarations are types, entities, events, machines (and their states),
 * invariants, APIs, flows (and their declared participants), slices and fields (also those of a
 * record written inline in a field's type, shapes.ts). A `set:` key with a path is read as the
 * expression it spells (`accounts[event.from].balance`, expr-refs.ts keyExprAt).
 */
import { derivation, derived } from "../ir/derived.js";
import type { Loc } from "../ir/types.js";
import type { LoadedFile, YamlPath } from "../load/yaml.js";
import { parseTarget } from "../bind/target.js";
import { exprRefs, exprRefsOf, keyExprAt, type ExprScope, type Shape } from "./expr-refs.js";
import { flowRefs, participantKey } from "./flow-refs.js";
import { inlineRecord, shapesOf } from "./shapes.js";

/** What a declared name is. */
export type DeclKind =
  | "type"
  | "entity"
  | "event"
  | "machine"
  | "invariant"
  | "api"
  | "flow"
  | "slice"
  | "state"
  | "field"
  | "participant";

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

/**
 * One declaration. Its key is `domain.Name`, `domain.Machine.state` for a state and
 * `domain.Owner:field` for a field of an entity, an event or an object type, and
 * `domain.flow/name` for a participant of a flow (the record its expressions name).
 */
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
  /** The entity, event or type of a field; the flow of a participant. */
  readonly owner?: string;
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
  /** The loaded files, by path. */
  readonly files: ReadonlyMap<string, LoadedFile>;
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj =>
  v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Obj) : {};
const PRIMITIVES = new Set(["string", "integer", "number", "boolean"]);

/** A file's own declarations (cached per loaded file: an edit re-reads only the edited file). */
interface DeclPart {
  readonly domain?: string;
  readonly decls: readonly Decl[];
}
const DECL_PART = derivation("declarations of a file", (f: LoadedFile): DeclPart => {
  const v = obj(f.value);
  return typeof v.domain !== "string"
    ? { decls: [] }
    : { domain: v.domain, decls: declsOf(f, v.domain, v) };
});

function declPart(f: LoadedFile): DeclPart {
  return derived(f, DECL_PART);
}

function declsOf(f: LoadedFile, domain: string, v: Obj): Decl[] {
  const out: Decl[] = [];
  /** The fields of a record (`fields:` at `at`), and of the records written inline in their types (`Ledger.audit`). */
  const fieldDecls = (owner: string, [list, at]: [Obj, YamlPath]): void => {
    for (const [raw, value] of Object.entries(list)) {
      const path = [...at, raw];
      const name = raw.endsWith("?") ? raw.slice(0, -1) : raw;
      const loc = nameLoc(f, f.locOf(path, "key"), name);
      out.push({
        key: `${domain}.${owner}:${name}`,
        kind: "field",
        domain,
        name,
        loc,
        path,
        value,
        owner,
      });
      const inner = inlineRecord(value, path);
      if (inner) fieldDecls(`${owner}.${name}`, inner);
    }
  };
  for (const [section, kind] of SECTIONS) {
    for (const [name, value] of Object.entries(obj(v[section]))) {
      const path = [section, name];
      out.push({
        key: `${domain}.${name}`,
        kind,
        domain,
        name,
        loc: f.locOf(path, "key"),
        path,
        value,
      });
      if (kind === "entity" || kind === "event")
        fieldDecls(name, [obj(obj(value).fields), [...path, "fields"]]);
      else if (kind === "type") {
        // A record type, or a map or array of records written inline (fields of the type).
        const inner: [Obj, YamlPath] | undefined =
          obj(value).fields !== undefined
            ? [obj(obj(value).fields), [...path, "fields"]]
            : inlineRecord(value, path);
        if (inner) fieldDecls(name, inner);
      }
      if (kind === "flow") {
        for (const [p, pv] of Object.entries(obj(obj(value).participants))) {
          const ppath = [...path, "participants", p];
          out.push({
            key: participantKey(domain, name, p),
            kind: "participant",
            domain,
            name: p,
            loc: f.locOf(ppath, "key"),
            path: ppath,
            value: pv,
            owner: name,
          });
        }
      }
      if (kind !== "machine") continue;
      for (const [s, sv] of Object.entries(obj(obj(value).states))) {
        const spath = [...path, "states", s];
        out.push({
          key: `${domain}.${name}.${s}`,
          kind: "state",
          domain,
          name: s,
          loc: f.locOf(spath, "key"),
          path: spath,
          value: sv,
          machine: name,
        });
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
    files: new Map(files.map((f) => [f.path, f])),
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

function walkReferences(
  f: LoadedFile,
  domain: string,
  decls: ReadonlyMap<string, Decl>,
  out: Occurrence[],
): void {
  const v = obj(f.value);
  const lines = f.text.split("\n");
  /** The single-line source text a loc covers ("" when it spans lines). */
  const slice = (_: LoadedFile, loc: Loc): string =>
    loc.line !== loc.endLine
      ? ""
      : (lines[loc.line - 1] ?? "").slice(loc.column - 1, loc.endColumn - 1);
  /** Record `text` (a name or `domain.Name`, or a state) found inside the node at `path`. */
  const ref = (
    path: YamlPath,
    text: string,
    which: "key" | "value" = "value",
    at = 0,
    key?: string,
  ) => {
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
    out.push({
      key: k,
      decl: false,
      loc: {
        file: f.path,
        line: loc.line,
        column,
        endLine: loc.line,
        endColumn: column + name.length,
      },
    });
  };
  const typeRefs = (t: unknown, path: YamlPath): void => {
    if (typeof t === "string") {
      if (!PRIMITIVES.has(t)) ref(path, t);
      return;
    }
    const o = obj(t);
    if (Array.isArray(o.enum)) return;
    if (o.fields !== undefined && o.type === undefined)
      return fieldRefs(o.fields, [...path, "fields"]);
    if (o.type === "array" || o.type === "set") return typeRefs(o.items, [...path, "items"]);
    if (o.type === "map") {
      typeRefs(o.keys, [...path, "keys"]);
      return typeRefs(o.values, [...path, "values"]);
    }
    if (typeof o.type === "string" && !PRIMITIVES.has(o.type)) ref([...path, "type"], o.type);
  };
  const fieldRefs = (fields: unknown, path: YamlPath) => {
    for (const [k, t] of Object.entries(obj(fields))) typeRefs(t, [...path, k]);
  };
  for (const [name, t] of Object.entries(obj(v.types))) typeRefs(t, ["types", name]);
  for (const [name, e] of Object.entries(obj(v.entities)))
    fieldRefs(obj(e).fields, ["entities", name, "fields"]);
  for (const [name, e] of Object.entries(obj(v.events)))
    fieldRefs(obj(e).fields, ["events", name, "fields"]);
  for (const [name, m] of Object.entries(obj(v.machines))) {
    const mo = obj(m);
    const path = ["machines", name];
    const stateKey = (s: string) => `${domain}.${name}.${s}`;
    if (typeof mo.entity === "string") ref([...path, "entity"], mo.entity);
    if (typeof mo.initial === "string")
      ref([...path, "initial"], mo.initial, "value", 0, stateKey(mo.initial));
    for (const [s, sv] of Object.entries(obj(mo.states))) {
      for (const [ev, spec] of Object.entries(obj(obj(sv).on))) {
        const tpath = [...path, "states", s, "on", ev];
        ref(tpath, ev, "key");
        const list: [unknown, YamlPath][] = Array.isArray(spec)
          ? spec.map((x, i) => [x, [...tpath, i]])
          : [[spec, tpath]];
        for (const [t, p] of list) {
          if (typeof t === "string") ref(p, t, "value", 0, stateKey(t));
          else if (typeof obj(t).to === "string")
            ref([...p, "to"], obj(t).to as string, "value", 0, stateKey(obj(t).to as string));
        }
      }
    }
  }
  for (const [id, i] of Object.entries(obj(v.invariants))) {
    if (typeof obj(i).on === "string") ref(["invariants", id, "on"], obj(i).on as string);
  }
  // Names in expressions (fields, `prev.x`, `event.x`, state literals), `set` and `init` keys, and
  // an entity's `key`: the fields they name.
  const ownEntities = Object.keys(obj(v.entities));
  const entityNamed = (entityName: unknown): Decl | undefined => {
    const name =
      typeof entityName === "string"
        ? entityName
        : ownEntities.length === 1
          ? ownEntities[0]
          : undefined;
    const e =
      name === undefined ? undefined : decls.get(name.includes(".") ? name : `${domain}.${name}`);
    return e?.kind === "entity" ? e : undefined;
  };
  const fieldKey = (owner: Decl | undefined, name: string): string | undefined => {
    const k = owner && `${owner.domain}.${owner.name}:${name}`;
    return k !== undefined && decls.has(k) ? k : undefined;
  };
  const scopeOf = (e: Decl | undefined, event: Decl | undefined): ExprScope => {
    const machines = Object.values(obj(obj(e?.value).fields))
      .filter((t): t is string => typeof t === "string")
      .map((t) => decls.get(t.includes(".") ? t : `${e?.domain}.${t}`))
      .filter((m): m is Decl => m?.kind === "machine");
    return {
      field: (n) => fieldKey(e, n),
      eventField: (n) => fieldKey(event, n),
      state: (lit) =>
        machines.map((mc) => `${mc.domain}.${mc.name}.${lit}`).find((k) => decls.has(k)),
      fieldShape: shapes.fieldShape,
    };
  };
  const shapes = shapesOf(decls);
  const exprs = (path: YamlPath, source: unknown, scope: ExprScope, expected?: Shape) => {
    if (typeof source !== "string") return;
    for (const r of exprRefs(f, path, source, scope, expected))
      out.push({ key: r.key, loc: r.loc, decl: false });
  };
  const keyRef = (path: YamlPath, key: string | undefined, name = String(path.at(-1))) => {
    if (key !== undefined)
      out.push({ key, loc: nameLoc(f, f.locOf(path, "key"), name), decl: false });
  };
  for (const [name, e] of Object.entries(obj(v.entities))) {
    const k = obj(e).key;
    if (typeof k === "string")
      ref(
        ["entities", name, "key"],
        k,
        "value",
        0,
        fieldKey(decls.get(`${domain}.${name}`), k) ?? "",
      );
  }
  for (const [name, m] of Object.entries(obj(v.machines))) {
    const mo = obj(m);
    const e = entityNamed(mo.entity);
    const constants = scopeOf(e, undefined);
    for (const [k, x] of Object.entries(obj(mo.init))) {
      const field = fieldKey(e, k);
      keyRef(["machines", name, "init", k], field);
      exprs(
        ["machines", name, "init", k],
        x,
        constants,
        field ? shapes.fieldShape(field) : undefined,
      );
    }
    for (const [s, sv] of Object.entries(obj(mo.states))) {
      for (const [ev, spec] of Object.entries(obj(obj(sv).on))) {
        const tpath = ["machines", name, "states", s, "on", ev];
        const evDecl = decls.get(ev.includes(".") ? ev : `${domain}.${ev}`);
        const scope = scopeOf(e, evDecl?.kind === "event" ? evDecl : undefined);
        const list: [unknown, YamlPath][] = Array.isArray(spec)
          ? spec.map((x, i) => [x, [...tpath, i]])
          : [[spec, tpath]];
        for (const [t, p] of list) {
          exprs([...p, "guard"], obj(t).guard, scope);
          for (const [k, x] of Object.entries(obj(obj(t).set))) {
            // A target with a path (`rmState[event.rm]`, `accounts[event.id].balance`) is read
            // as the expression it spells: the field it updates, its keys' names, the fields of
            // the records it selects.
            const key = [...p, "set", k];
            const field = fieldKey(e, k);
            const target =
              field === undefined && parseTarget(k)
                ? exprRefsOf(keyExprAt(f, key), scope)
                : { refs: [], shape: field === undefined ? undefined : shapes.fieldShape(field) };
            for (const r of target.refs) out.push({ key: r.key, loc: r.loc, decl: false });
            if (target.refs.length === 0) keyRef(key, field);
            exprs(key, x, scope, target.shape);
          }
        }
      }
    }
  }
  for (const [id, i] of Object.entries(obj(v.invariants))) {
    const io = obj(i);
    const scope = scopeOf(entityNamed(io.on), undefined);
    for (const k of ["when", "holds"]) exprs(["invariants", id, k], io[k], scope);
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
    for (const [p, m] of Object.entries(obj(fo.participants))) {
      const target = typeof m === "string" ? m : obj(m).machine;
      if (typeof target === "string")
        ref(
          typeof m === "string"
            ? ["flows", name, "participants", p]
            : ["flows", name, "participants", p, "machine"],
          target,
        );
    }
    (Array.isArray(fo.steps) ? fo.steps : []).forEach((s, i) => {
      // The object form `{ on, then, with, to }`.
      for (const key of ["on", "then"])
        if (typeof obj(s)[key] === "string")
          ref(["flows", name, "steps", i, key], obj(s)[key] as string);
      if (typeof s !== "string") return;
      const parts = s.split("->").map((x) => x.trim());
      ref(["flows", name, "steps", i], parts[0]);
      if (parts[1] !== undefined)
        ref(["flows", name, "steps", i], parts[1], "value", s.indexOf("->"));
    });
    flowRefs(f, domain, name, fo, decls, out, (path) =>
      nameLoc(f, f.locOf(path, "key"), String(path[path.length - 1])),
    );
  }
  for (const [id, sl] of Object.entries(obj(v.slices))) {
    for (const key of ["implements", "uses"]) {
      const list = obj(sl)[key];
      if (Array.isArray(list))
        list.forEach((t, i) => typeof t === "string" && ref(["slices", id, key, i], t));
    }
  }
}

const LINES = derivation("lines of a file", (f: LoadedFile) => f.text.split("\n"));

/** The range of `name` inside a one-line key loc (a key written `name?` or quoted). */
function nameLoc(f: LoadedFile, loc: Loc, name: string): Loc {
  if (loc.line !== loc.endLine) return loc;
  const line = derived(f, LINES)[loc.line - 1] ?? "";
  const at = line.slice(loc.column - 1, loc.endColumn - 1).indexOf(name);
  if (at < 0) return loc;
  return { ...loc, column: loc.column + at, endColumn: loc.column + at + name.length };
}

/** Whether a 1-based (line, column) position lies inside a loc (end inclusive, for the cursor). */
export function contains(loc: Loc, line: number, column: number): boolean {
  if (line < loc.line || line > loc.endLine) return false;
  if (line === loc.line && column < loc.column) return false;
  if (line === loc.endLine && column > loc.endColumn) return false;
  return true;
}

/** The occurrence under the cursor in a file. */
export function occurrenceAt(
  index: SymbolIndex,
  file: string,
  line: number,
  column: number,
): Occurrence | undefined {
  return index.occurrences.find((o) => o.loc.file === file && contains(o.loc, line, column));
}
