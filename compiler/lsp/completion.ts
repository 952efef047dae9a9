/**
 * Completion in context: keys the meta-schema allows at the cursor, type names (own and
 * `domain.Name`), entities, events, target states, and inside expressions the entity's fields,
 * `event.<field>`, `prev.<field>` and enum or state literals.
 */
import type { CompletionItem } from "vscode-languageserver";
import { metaSchema, type JsonSchema } from "../load/meta-schema.js";
import type { Decl, DeclKind, SymbolIndex } from "./index.js";
import { cursorContext, type CursorContext } from "./context.js";
import { exprScope, fieldsOf, describeType } from "./scope.js";

const PRIMITIVES = ["string", "integer", "number", "boolean"];
const EXPR_KEYS = new Set(["guard", "holds", "when"]);
/** CompletionItemKind numbers. */
const K = {
  field: 5,
  class: 7,
  keyword: 14,
  enumMember: 20,
  event: 23,
  struct: 22,
  property: 10,
  value: 12,
} as const;

/** The completion items at a 1-based position of a file. */
export function complete(
  index: SymbolIndex,
  text: string,
  file: string,
  line: number,
  column: number,
): CompletionItem[] {
  const items = completeIn(index, text, file, line, column);
  // A name may be written `domain.Name`: the edit replaces the whole dotted word before the cursor.
  const prefix = (text.split("\n")[line - 1] ?? "").slice(0, column - 1);
  const word = /[A-Za-z_][\w.]*$/.exec(prefix)?.[0] ?? "";
  if (!word.includes(".") || /\b(event|prev)\.\w*$/.test(word)) return items;
  const range = {
    start: { line: line - 1, character: column - 1 - word.length },
    end: { line: line - 1, character: column - 1 },
  };
  return items.map((i) => ({ ...i, filterText: i.label, textEdit: { range, newText: i.label } }));
}

function completeIn(
  index: SymbolIndex,
  text: string,
  file: string,
  line: number,
  column: number,
): CompletionItem[] {
  const cx = cursorContext(text, line, column);
  const domain = index.domainOf.get(file) ?? "";
  const c = cx.chain;
  const n = c.length;
  const last = c[n - 1];
  const names = (kinds: DeclKind[]) => namesOf(index, domain, kinds);
  if (cx.position === "key") {
    // The keys of a transition map are events; other named maps (types, fields, …) take new names.
    if (c[0] === "machines" && n === 5 && c[4] === "on") return names(["event"]);
    return keysAt(c);
  }
  if (isExpression(c)) return expressionItems(index, domain, cx);
  if (c[0] === "machines" && (last === "initial" || (c[4] === "on" && (n === 6 || last === "to"))))
    return statesOf(index, domain, c[1]);
  if ((c[0] === "machines" && last === "entity") || (c[0] === "invariants" && last === "on"))
    return names(["entity"]);
  if (c[0] === "slices" && (last === "implements" || last === "uses"))
    return names(["machine", "api", "entity", "type"]);
  if (c[0] === "flows" && last === "steps") return names(["event"]);
  if (c[0] === "flows" && last === "value") return names(["type", "entity"]);
  const typePlace =
    last === "items" ||
    last === "output" ||
    (last === "type" && n > 2) ||
    (c[0] === "types" && n === 2) ||
    c[n - 2] === "fields" ||
    c[n - 2] === "input";
  if (typePlace)
    return [
      ...PRIMITIVES.map((p) => ({ label: p, kind: K.keyword })),
      ...names(["type", "entity", "machine"]),
    ];
  return [];
}

function isExpression(c: readonly string[]): boolean {
  const n = c.length;
  return (
    EXPR_KEYS.has(c[n - 1]) ||
    (n >= 2 && (c[n - 2] === "set" || c[n - 2] === "init") && c[0] === "machines")
  );
}

/** Declared names of the given kinds: the domain's own by name, the others' as `domain.Name`. */
function namesOf(index: SymbolIndex, domain: string, kinds: readonly DeclKind[]): CompletionItem[] {
  const items: CompletionItem[] = [];
  for (const d of index.decls.values()) {
    if (!kinds.includes(d.kind)) continue;
    const label = d.domain === domain ? d.name : `${d.domain}.${d.name}`;
    items.push({
      label,
      kind: d.kind === "event" ? K.event : d.kind === "entity" ? K.struct : K.class,
      detail: `${d.kind} ${d.domain}.${d.name}`,
      sortText: `${d.domain === domain ? 0 : 1}${label}`,
    });
  }
  return items.sort((a, b) => (a.sortText as string).localeCompare(b.sortText as string));
}

function statesOf(
  index: SymbolIndex,
  domain: string,
  machine: string | undefined,
): CompletionItem[] {
  return [...index.decls.values()]
    .filter((d): d is Decl => d.kind === "state" && d.domain === domain && d.machine === machine)
    .map((d) => ({ label: d.name, kind: K.enumMember, detail: `state of ${machine}` }));
}

/** Items inside an expression: fields, `event.` / `prev.` members, or literals inside quotes. */
function expressionItems(index: SymbolIndex, domain: string, cx: CursorContext): CompletionItem[] {
  const scope = exprScope(index, domain, cx.chain);
  const entity = scope.entity;
  const typed = cx.typed;
  if (openLiteral(typed, cx.quote)) {
    const values = new Set<string>();
    for (const f of entity ? fieldsOf(entity.value) : [])
      for (const v of literalsOf(index, domain, f.type)) values.add(v);
    return [...values].sort().map((v) => ({ label: v, kind: K.enumMember }));
  }
  const member = /\b(event|prev)\.(\w*)$/.exec(typed);
  if (member) {
    const owner = member[1] === "event" ? scope.event : entity;
    return (owner ? fieldsOf(owner.value) : []).map((f) => ({
      label: f.name,
      kind: K.field,
      detail: describeType(f.type),
    }));
  }
  if (/\.\w*$/.test(typed)) return [];
  const items: CompletionItem[] = (entity ? fieldsOf(entity.value) : []).map((f) => ({
    label: f.name,
    kind: K.field,
    detail: describeType(f.type),
  }));
  if (scope.event)
    items.push({ label: "event", kind: K.keyword, detail: `event ${scope.event.name}` });
  if (entity)
    items.push({ label: "prev", kind: K.keyword, detail: `${entity.name} before the step` });
  return items;
}

/** Inside a string literal of the expression: an odd number of the other quote before the cursor. */
function openLiteral(typed: string, yamlQuote: string | undefined): boolean {
  const q = yamlQuote === "'" ? '"' : "'";
  return (typed.split(q).length - 1) % 2 === 1;
}

/** Enum values or state names a field's type allows. */
function literalsOf(index: SymbolIndex, domain: string, t: unknown): string[] {
  const o = t !== null && typeof t === "object" ? (t as Record<string, unknown>) : {};
  if (Array.isArray(o.enum)) return o.enum.map(String);
  const name = typeof t === "string" ? t : undefined;
  if (name === undefined) return [];
  const key = name.includes(".") ? name : `${domain}.${name}`;
  const d = index.decls.get(key);
  if (d?.kind === "machine")
    return [...index.decls.values()]
      .filter((s) => s.kind === "state" && s.domain === d.domain && s.machine === d.name)
      .map((s) => s.name);
  if (d?.kind === "type") return literalsOf(index, d.domain, d.value);
  return [];
}

/** Keys the meta-schema allows in the mapping at `chain`. */
function keysAt(chain: readonly string[]): CompletionItem[] {
  let s: JsonSchema | undefined = metaSchema;
  for (const k of chain) {
    if (s === undefined) return [];
    s = child(s, k);
  }
  if (s === undefined) return [];
  const props = new Map<string, JsonSchema>();
  for (const b of branches(s))
    for (const [k, v] of Object.entries((b.properties ?? {}) as Record<string, JsonSchema>))
      if (!props.has(k)) props.set(k, v);
  return [...props].map(([k, v]) => ({
    label: k,
    kind: K.property,
    insertText: `${k}: `,
    ...(typeof v.description === "string" ? { documentation: v.description } : {}),
  }));
}

const defs = metaSchema.$defs as Record<string, JsonSchema>;

function deref(s: JsonSchema): JsonSchema {
  let x = s;
  for (let i = 0; i < 8 && typeof x.$ref === "string"; i++)
    x = defs[(x.$ref as string).replace("#/$defs/", "")] ?? {};
  return x;
}

/** A schema and every branch it may take (`then`, `else`, `allOf`), dereferenced. */
function branches(s: JsonSchema, depth = 0): JsonSchema[] {
  const x = deref(s);
  if (depth > 6) return [x];
  const out = [x];
  for (const k of ["then", "else"])
    if (x[k] && typeof x[k] === "object") out.push(...branches(x[k] as JsonSchema, depth + 1));
  if (Array.isArray(x.allOf))
    for (const a of x.allOf) out.push(...branches(a as JsonSchema, depth + 1));
  // A list of mappings (a transition list): its items' keys are allowed in each item.
  if (x.items && typeof x.items === "object")
    out.push(...branches(x.items as JsonSchema, depth + 1));
  return out;
}

function child(s: JsonSchema, key: string): JsonSchema | undefined {
  const bs = branches(s);
  for (const b of bs) {
    const p = (b.properties ?? {}) as Record<string, JsonSchema>;
    if (Object.prototype.hasOwnProperty.call(p, key)) return p[key];
  }
  for (const b of bs)
    if (b.additionalProperties && typeof b.additionalProperties === "object")
      return b.additionalProperties as JsonSchema;
  return undefined;
}
