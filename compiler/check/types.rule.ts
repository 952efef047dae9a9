/**
 * Type rules: reference cycles between named types and entities (S04), impossible ranges,
 * patterns the RE2 engine rejects, duplicate enum values, and entity keys.
 */
import { createRequire } from "node:module";
import type { RE2JS as RE2JSClass } from "re2js";
import type { DiagnosticCollector } from "../diagnostics.js";
import { suggestHint } from "../diagnostics.js";
import type { Field, Loc, Program, TypeExpr } from "../ir/types.js";
import { INTEGER_KEY } from "../ir/map-keys.js";
import type { YamlPath } from "../load/yaml.js";
import { createLocator, type Locator } from "./locate.js";

// Process-wide lazy load of a constant: the RE2 engine, on first use (only patterns need it).
let re2: typeof RE2JSClass | undefined;
const re2js = (): typeof RE2JSClass =>
  (re2 ??= (createRequire(import.meta.url)("re2js") as { RE2JS: typeof RE2JSClass }).RE2JS);

/** Where a type expression sits: a display name, the nearest location and its YAML path. */
export interface TypeSite {
  readonly name: string;
  readonly loc: Loc;
  readonly type: TypeExpr;
  readonly path: YamlPath;
}

/** Every type expression written in the program (declarations, fields, payloads, API shapes). */
export function collectTypeSites(program: Program, locator: Locator = createLocator()): TypeSite[] {
  const out: TypeSite[] = [];
  const fields = (prefix: string, list: readonly Field[], path: YamlPath) => {
    for (const f of list) {
      out.push({
        name: `${prefix}.${f.name}`,
        loc: f.loc,
        type: f.type,
        path: [...path, locator.fieldKey(f.loc, path, f.name)],
      });
    }
  };
  for (const d of program.domains) {
    for (const t of d.types)
      out.push({ name: t.name, loc: t.loc, type: t.type, path: ["types", t.name] });
    for (const e of d.entities) fields(e.name, e.fields, ["entities", e.name, "fields"]);
    for (const e of d.events) fields(e.name, e.fields, ["events", e.name, "fields"]);
    for (const api of d.apis) {
      for (const op of api.operations) {
        const opPath = ["api", api.name, "operations", op.name];
        fields(`${api.name}.${op.name}`, op.input, [...opPath, "input"]);
        if (op.output)
          out.push({
            name: `${api.name}.${op.name}.output`,
            loc: op.loc,
            type: op.output,
            path: [...opPath, "output"],
          });
      }
    }
  }
  return out;
}

/** Run the type rules. */
export function checkTypes(
  program: Program,
  diags: DiagnosticCollector,
  locator: Locator = createLocator(),
): void {
  checkCycles(program, diags);
  for (const site of collectTypeSites(program, locator)) {
    checkTypeExpr(
      site.type,
      site.name,
      (sub, which) => locator.at(site.loc, [...site.path, ...sub], which),
      diags,
    );
  }
  for (const d of program.domains) {
    for (const e of d.entities) {
      if (e.key === undefined) continue;
      const field = e.fields.find((f) => f.name === e.key);
      if (!field) {
        const hint = suggestHint(
          e.key,
          e.fields.map((f) => f.name),
        );
        const at = locator.at(e.loc, ["entities", e.name, "key"]);
        diags.report("unknown-key-field", { key: e.key, entity: e.name }, at, hint ? { hint } : {});
      } else if (field.optional) {
        diags.report("optional-key-field", { key: e.key, entity: e.name }, field.loc);
      }
    }
  }
}

const NUMERIC = ["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"];
const APPLIES: Record<string, readonly string[]> = {
  integer: NUMERIC,
  number: NUMERIC,
  string: ["minLength", "maxLength", "pattern"],
  boolean: [],
};

/** Constraint sanity of one type expression, recursing into arrays and inline objects. */
/** Location of a node below the type expression (falls back to the nearest declaration). */
type At = (sub: YamlPath, which?: "key" | "value") => Loc;

function checkTypeExpr(type: TypeExpr, name: string, at: At, diags: DiagnosticCollector): void {
  switch (type.kind) {
    case "primitive": {
      const c = type.constraints;
      const wrong = Object.keys(c).find(
        (k) => c[k as keyof typeof c] !== undefined && !APPLIES[type.name].includes(k),
      );
      if (wrong !== undefined)
        diags.report(
          "constraint-not-applicable",
          { constraint: wrong, type: type.name, name },
          at([wrong], "key"),
        );
      const pairs: [keyof typeof c, keyof typeof c, boolean][] = [
        ["minimum", "maximum", false],
        ["exclusiveMinimum", "exclusiveMaximum", true],
        ["minimum", "exclusiveMaximum", true],
        ["exclusiveMinimum", "maximum", true],
        ["minLength", "maxLength", false],
      ];
      for (const [lo, hi, strict] of pairs) {
        const a = c[lo];
        const b = c[hi];
        if (typeof a === "number" && typeof b === "number" && (strict ? a >= b : a > b)) {
          diags.report("empty-range", { min: lo, max: hi, low: a, high: b, name }, at([lo]));
          break;
        }
      }
      if (c.pattern !== undefined) {
        const detail = re2Error(c.pattern);
        if (detail !== undefined)
          diags.report("invalid-pattern", { pattern: c.pattern, name, detail }, at(["pattern"]));
      }
      return;
    }
    case "array":
      if (
        type.minItems !== undefined &&
        type.maxItems !== undefined &&
        type.minItems > type.maxItems
      ) {
        diags.report(
          "empty-range",
          { min: "minItems", max: "maxItems", low: type.minItems, high: type.maxItems, name },
          at(["minItems"]),
        );
      }
      checkTypeExpr(type.items, `${name}[]`, (sub, which) => at(["items", ...sub], which), diags);
      return;
    case "object":
      for (const f of type.fields) {
        // `x?: T` is the usual spelling of an optional field; `optional: true` falls back to the site.
        const key = f.optional ? `${f.name}?` : f.name;
        checkTypeExpr(
          f.type,
          `${name}.${f.name}`,
          (sub, which) => at(["fields", key, ...sub], which),
          diags,
        );
      }
      return;
    case "map": {
      const keysAt = type.set === true ? "items" : "keys";
      if (type.keyValues.length === 0) {
        const shown =
          type.keys.kind === "ref"
            ? `'${type.keys.ref.name}'`
            : `a ${type.keys.kind === "primitive" ? type.keys.name : type.keys.kind}`;
        diags.report("map-key-not-finite", { name, type: shown }, at([keysAt]));
      } else if (type.numericKeys !== true) {
        // The quantifiers hand integer-like keys to callbacks as numbers: an enum cannot have them.
        const value = type.keyValues.find((k) => INTEGER_KEY.test(k));
        if (value !== undefined)
          diags.report("map-key-integer-like", { name, value }, at([keysAt]));
      }
      checkTypeExpr(type.keys, `${name}[key]`, (sub, which) => at([keysAt, ...sub], which), diags);
      if (type.set !== true)
        checkTypeExpr(
          type.values,
          `${name}[]`,
          (sub, which) => at(["values", ...sub], which),
          diags,
        );
      return;
    }
    case "enum": {
      const seen = new Set<string>();
      const reported = new Set<string>();
      for (const [i, v] of type.values.entries()) {
        if (seen.has(v) && !reported.has(v)) {
          diags.report("duplicate-enum-value", { name, value: v }, at(["enum", i]));
          reported.add(v);
        }
        seen.add(v);
      }
      return;
    }
    default:
      return;
  }
}

/** The RE2 engine's complaint about a pattern, or undefined when it compiles. */
export function re2Error(pattern: string): string | undefined {
  try {
    re2js().compile(pattern);
    return undefined;
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    return message.replace(/^error parsing regexp:\s*/, "");
  }
}

interface Node {
  readonly id: string;
  readonly domain: string;
  readonly name: string;
  readonly loc: Loc;
  readonly edges: string[];
}

function refsOf(type: TypeExpr, out: string[]): void {
  switch (type.kind) {
    case "ref":
      out.push(`${type.ref.domain}.${type.ref.name}`);
      return;
    case "array":
      refsOf(type.items, out);
      return;
    case "map":
      refsOf(type.keys, out);
      refsOf(type.values, out);
      return;
    case "object":
      for (const f of type.fields) refsOf(f.type, out);
      return;
    default:
      return;
  }
}

/** One diagnostic per reference cycle (strongly connected component), at its first declaration. */
function checkCycles(program: Program, diags: DiagnosticCollector): void {
  const nodes = new Map<string, Node>();
  for (const d of program.domains) {
    for (const t of d.types) {
      const edges: string[] = [];
      refsOf(t.type, edges);
      nodes.set(`${d.name}.${t.name}`, {
        id: `${d.name}.${t.name}`,
        domain: d.name,
        name: t.name,
        loc: t.loc,
        edges,
      });
    }
    for (const e of d.entities) {
      const edges: string[] = [];
      for (const f of e.fields) refsOf(f.type, edges);
      nodes.set(`${d.name}.${e.name}`, {
        id: `${d.name}.${e.name}`,
        domain: d.name,
        name: e.name,
        loc: e.loc,
        edges,
      });
    }
  }
  for (const scc of stronglyConnected(nodes)) {
    const first = [...scc].map((id) => nodes.get(id)!).sort(byLoc)[0];
    const cycle = cyclePath(first.id, scc, nodes);
    const show = (id: string) => {
      const n = nodes.get(id)!;
      return n.domain === first.domain ? n.name : `${n.domain}.${n.name}`;
    };
    diags.report("type-cycle", { name: first.name, path: cycle.map(show).join(" → ") }, first.loc);
  }
}

function byLoc(a: Node, b: Node): number {
  return a.loc.file < b.loc.file
    ? -1
    : a.loc.file > b.loc.file
      ? 1
      : a.loc.line - b.loc.line || a.loc.column - b.loc.column;
}

/** Shortest path start → … → start inside the component (BFS). */
function cyclePath(
  start: string,
  scc: ReadonlySet<string>,
  nodes: ReadonlyMap<string, Node>,
): string[] {
  const prev = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const id = queue.shift()!;
    for (const next of nodes.get(id)!.edges) {
      if (!scc.has(next)) continue;
      if (next === start) {
        const path = [start];
        for (let at = id; at !== start; at = prev.get(at)!) path.unshift(at);
        path.unshift(start);
        return path;
      }
      if (!prev.has(next)) {
        prev.set(next, id);
        queue.push(next);
      }
    }
  }
  return [start, start];
}

/** Tarjan's algorithm, iterative (no recursion depth limit); only cyclic components. */
function stronglyConnected(nodes: ReadonlyMap<string, Node>): Set<string>[] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const result: Set<string>[] = [];
  let counter = 0;
  for (const root of [...nodes.keys()].sort()) {
    if (index.has(root)) continue;
    const work: [string, number][] = [[root, 0]];
    while (work.length > 0) {
      const top = work[work.length - 1];
      const [id, i] = top;
      if (i === 0) {
        index.set(id, counter);
        low.set(id, counter++);
        stack.push(id);
        onStack.add(id);
      }
      const edges = nodes.get(id)!.edges.filter((e) => nodes.has(e));
      if (i < edges.length) {
        top[1] = i + 1;
        const next = edges[i];
        if (!index.has(next)) work.push([next, 0]);
        else if (onStack.has(next)) low.set(id, Math.min(low.get(id)!, index.get(next)!));
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1][0];
        low.set(parent, Math.min(low.get(parent)!, low.get(id)!));
      }
      if (low.get(id) === index.get(id)) {
        const scc = new Set<string>();
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          scc.add(member);
        } while (member !== id);
        if (scc.size > 1 || nodes.get(id)!.edges.includes(id)) result.push(scc);
      }
    }
  }
  return result;
}
