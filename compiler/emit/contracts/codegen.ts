/**
 * The validators.js code generator: one domain's contract documents (contracts/schema.ts) →
 * plain JavaScript. Per contract a check (straight-line code, early exit, no allocation:
 * contracts/check.ts), and the module's contract table, from which the runtime's walk
 * (runtime/walk.ts) reports every issue of a value a check rejected, in ajv's order;
 * `contractValidator` wraps the pair.
 *
 * Only the JSON Schema keywords schema.ts emits are supported; any other keyword, or a value of
 * an unexpected shape, is a compiler bug and stops the build (never a silently wrong validator).
 * Every string from the intent reaches the code through {@link jsString} (or JSON inside a
 * `jsString`-escaped literal), never as an identifier: functions are numbered, properties are read
 * with escaped bracket keys and checked with a captured `hasOwnProperty`.
 */
import { compilerAssert } from "../../diagnostic.js";
import { createWriter, jsString } from "../code.js";
import { patternMatcher } from "./patterns.js";
import { RUNTIME_IMPORT } from "../runtime-import.js";
import { CheckGen, type Node } from "./check.js";

/** Changes whenever the generated text for the same documents changes (part of memo keys). */
export const CODEGEN_VERSION = "codegen 5";

/** A contract document (plain JSON). */
export type Schema = Readonly<Record<string, unknown>>;

/** Keywords a node may hold. Annotations are dropped; everything else is checked. */
const ANNOTATIONS = new Set(["title", "description", "$comment"]);
const KEYWORDS = new Set([
  "$ref",
  "type",
  "enum",
  "minimum",
  "maximum",
  "exclusiveMinimum",
  "exclusiveMaximum",
  "multipleOf",
  "minLength",
  "maxLength",
  "pattern",
  "items",
  "minItems",
  "maxItems",
  "uniqueItems",
  "properties",
  "required",
  "additionalProperties",
]);
/** Keywords that apply to some types only (as emitted by schema.ts). */
const KEYWORD_TYPE: Readonly<Record<string, readonly string[]>> = {
  enum: ["string"],
  minimum: ["integer", "number"],
  maximum: ["integer", "number"],
  exclusiveMinimum: ["integer", "number"],
  exclusiveMaximum: ["integer", "number"],
  multipleOf: ["integer", "number"],
  minLength: ["string"],
  maxLength: ["string"],
  pattern: ["string"],
  items: ["array"],
  minItems: ["array"],
  maxItems: ["array"],
  uniqueItems: ["array"],
  properties: ["object"],
  required: ["object"],
  additionalProperties: ["object"],
};
const TYPES = new Set(["string", "integer", "number", "boolean", "null", "array", "object"]);

/** The `$defs` of a domain's document, or an empty record. */
function defsOf(
  docs: ReadonlyMap<string, Schema>,
  domain: string,
): Readonly<Record<string, unknown>> {
  const defs = docs.get(domain)?.$defs;
  return defs !== null && typeof defs === "object" ? (defs as Record<string, unknown>) : {};
}

/** `domain/Name`: the key of a contract in the generated module's table. */
function contractKey(domain: string, name: string): string {
  return `${domain}/${name}`;
}

/** The `[domain, name]` a `$ref` seen from `from` points at (`#/$defs/X`, `../d/schemas.json#/$defs/X`). */
function refTarget(ref: unknown, from: string): [string, string] {
  const m =
    typeof ref === "string"
      ? /^(?:\.\.\/([^/]+)\/schemas\.json)?#\/\$defs\/([^/]+)$/.exec(ref)
      : null;
  compilerAssert(
    m !== null,
    `unsupported $ref ${JSON.stringify(ref)} in the contracts of '${from}'`,
  );
  return [m[1] ?? from, m[2]];
}

/** `[domain, def]` of every `$ref` in a schema seen from `from`. */
function refsOf(schema: unknown, from: string, out: [string, string][] = []): [string, string][] {
  if (Array.isArray(schema)) for (const x of schema) refsOf(x, from, out);
  else if (schema !== null && typeof schema === "object") {
    for (const [k, v] of Object.entries(schema)) {
      if (k === "$ref") out.push(refTarget(v, from));
      else refsOf(v, from, out);
    }
  }
  return out;
}

/**
 * What one domain's validators.js is compiled from: its contract document and every contract of
 * another domain its contracts reach through `$ref`, transitively (`[domain, name, schema]`).
 */
export function domainInputs(
  docs: ReadonlyMap<string, Schema>,
  domain: string,
): { doc: Schema; foreign: [string, string, unknown][] } {
  const doc = docs.get(domain)!;
  const seen = new Set<string>();
  const foreign: [string, string, unknown][] = [];
  const work: [string, string][] = Object.keys(defsOf(docs, domain)).map((n) => [domain, n]);
  while (work.length > 0) {
    const [d, n] = work.pop()!;
    const id = `${d}\u0000${n}`;
    if (seen.has(id)) continue;
    seen.add(id);
    const defs = defsOf(docs, d);
    const schema = Object.hasOwn(defs, n) ? defs[n] : undefined;
    if (d !== domain) foreign.push([d, n, schema ?? null]);
    for (const r of refsOf(schema, d)) work.push(r);
  }
  foreign.sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0));
  return { doc, foreign };
}

/** A finite number as a JS literal (`-0` is `0`: JSON Schema compares numbers by value). */
function num(v: unknown, what: string): string {
  compilerAssert(
    typeof v === "number" && Number.isFinite(v),
    `${what} must be a finite number, got ${JSON.stringify(v)}`,
  );
  return Object.is(v, -0) ? "0" : String(v);
}

function count(v: unknown, what: string): number {
  compilerAssert(
    typeof v === "number" && Number.isSafeInteger(v) && v >= 0,
    `${what} must be a non-negative integer, got ${JSON.stringify(v)}`,
  );
  return v;
}

/** A checked, annotation-free copy of one schema node, with `$ref`s as table keys (what the walk generator reads). */
function contractNode(schema: unknown, from: string, where: string): Record<string, unknown> {
  compilerAssert(
    schema !== null && typeof schema === "object" && !Array.isArray(schema),
    `contract ${where} is not a schema object`,
  );
  const s = schema as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(s).sort()) {
    if (ANNOTATIONS.has(key)) continue;
    compilerAssert(
      KEYWORDS.has(key),
      `contract ${where} uses the keyword '${key}', which the validator generator does not support`,
    );
  }
  if (s.$ref !== undefined) {
    compilerAssert(
      Object.keys(s).every((k) => k === "$ref" || ANNOTATIONS.has(k)),
      `contract ${where}: $ref with sibling keywords`,
    );
    const [d, n] = refTarget(s.$ref, from);
    return { $ref: contractKey(d, n) };
  }
  compilerAssert(
    typeof s.type === "string" && TYPES.has(s.type),
    `contract ${where} has no supported type`,
  );
  for (const key of Object.keys(s)) {
    const only = Object.hasOwn(KEYWORD_TYPE, key) ? KEYWORD_TYPE[key] : undefined;
    compilerAssert(
      only === undefined || only.includes(s.type),
      `contract ${where}: '${key}' does not apply to type '${s.type}'`,
    );
  }
  out.type = s.type;
  if (s.enum !== undefined) {
    compilerAssert(
      Array.isArray(s.enum) && s.enum.every((v) => typeof v === "string"),
      `contract ${where}: enum must list strings`,
    );
    out.enum = s.enum;
  }
  for (const k of ["maximum", "minimum", "exclusiveMaximum", "exclusiveMinimum"])
    if (s[k] !== undefined) out[k] = Number(num(s[k], `${where} ${k}`));
  if (s.multipleOf !== undefined) {
    compilerAssert(
      typeof s.multipleOf === "number" && s.multipleOf > 0 && Number.isFinite(s.multipleOf),
      `${where} multipleOf must be > 0`,
    );
    out.multipleOf = s.multipleOf;
  }
  for (const k of ["maxLength", "minLength", "maxItems", "minItems"])
    if (s[k] !== undefined) out[k] = count(s[k], `${where} ${k}`);
  if (s.pattern !== undefined) {
    compilerAssert(typeof s.pattern === "string", `${where} pattern must be a string`);
    out.pattern = s.pattern;
  }
  if (s.uniqueItems !== undefined) {
    compilerAssert(typeof s.uniqueItems === "boolean", `${where} uniqueItems must be a boolean`);
    if (s.uniqueItems) out.uniqueItems = true;
  }
  if (s.items !== undefined) out.items = contractNode(s.items, from, `${where}/items`);
  if (s.required !== undefined) {
    compilerAssert(
      Array.isArray(s.required) && s.required.every((v) => typeof v === "string"),
      `${where} required must list strings`,
    );
    out.required = s.required;
  }
  if (s.properties !== undefined) {
    compilerAssert(
      s.properties !== null && typeof s.properties === "object",
      `${where} properties must be an object`,
    );
    out.properties = Object.entries(s.properties).map(([name, sub]) => [
      name,
      contractNode(sub, from, `${where}/properties/${name}`),
    ]);
  }
  if (s.additionalProperties !== undefined) {
    compilerAssert(s.additionalProperties === false, `${where} additionalProperties must be false`);
    out.additionalProperties = false;
  }
  return out;
}

/** Enums longer than this are checked with a Set. */
const ENUM_SET_MIN = 9;

/** Builds the module text: numbered check functions and hoisted constants. */
export class ModuleGen {
  private readonly hoisted: string[] = [];
  private readonly patterns = new Map<string, string>();
  private readonly enums = new Map<string, string>();
  private vars = 0;
  usesLength = false;
  usesEqual = false;
  usesRe2 = false;
  usesSimple = false;
  usesKeys = false;

  private readonly keySets = new Map<string, string>();

  constructor(
    private readonly table: ReadonlyMap<string, Node>,
    private readonly fnOf: ReadonlyMap<string, number>,
  ) {}

  /** The check function of the contract `key`. */
  checkFn(key: string): string {
    compilerAssert(this.fnOf.has(key), `unresolvable contract reference '${key}'`);
    return `$c${this.fnOf.get(key)!}`;
  }

  /** The index of the contract `key` in the module's contract table. */
  indexOf(key: string): number {
    compilerAssert(this.fnOf.has(key), `unresolvable contract reference '${key}'`);
    return this.fnOf.get(key)!;
  }

  /** The hoisted matchers, by pattern (in order of first use). */
  matchers(): ReadonlyMap<string, string> {
    return this.patterns;
  }

  /** The hoisted Set of the strings `names` (one per distinct list, in order of first use). */
  keySet(names: readonly string[]): string {
    const key = JSON.stringify(names);
    let name = this.keySets.get(key);
    if (name === undefined) {
      name = `$k${this.keySets.size}`;
      this.keySets.set(key, name);
      this.hoisted.push(`const ${name} = new Set([${names.map(jsString).join(", ")}]);`);
    }
    return name;
  }

  /** The condition "`v` is one of the strings `values`" (`false` for none). */
  enumCond(values: readonly string[], v: string): string {
    if (values.length === 0) return "false";
    if (values.length < ENUM_SET_MIN)
      return `(${values.map((x) => `${v} === ${jsString(x)}`).join(" || ")})`;
    return `${this.enumSet(values)}.has(${v})`;
  }

  constants(): readonly string[] {
    return this.hoisted;
  }

  v(prefix: string): string {
    return `${prefix}${this.vars++}`;
  }

  pattern(p: string): string {
    let name = this.patterns.get(p);
    if (name === undefined) {
      name = `$p${this.patterns.size}`;
      this.patterns.set(p, name);
      const matcher = patternMatcher(p);
      if (matcher === undefined) this.usesRe2 = true;
      else this.usesSimple = true;
      this.hoisted.push(`const ${name} = ${matcher ?? `$re2(${jsString(p)}, "u")`};`);
    }
    return name;
  }

  enumSet(values: readonly string[]): string {
    const key = JSON.stringify(values);
    let name = this.enums.get(key);
    if (name === undefined) {
      name = `$e${this.enums.size}`;
      this.enums.set(key, name);
      this.hoisted.push(`const ${name} = new Set([${values.map(jsString).join(", ")}]);`);
    }
    return name;
  }

  /** The node a `$ref` chain ends at. */
  resolve(node: Node): Node {
    for (let i = 0; node.$ref !== undefined; i++) {
      compilerAssert(
        i < 1000 && this.table.has(node.$ref),
        `unresolvable contract reference '${node.$ref}'`,
      );
      node = this.table.get(node.$ref)!;
    }
    return node;
  }

  /** The conditions of a scalar node (all must hold), or undefined for arrays and objects. */
  scalar(node: Node, v: string): string[] | undefined {
    const c: string[] = [];
    switch (node.type) {
      case "null":
        c.push(`${v} === null`);
        break;
      case "boolean":
        c.push(`typeof ${v} === "boolean"`);
        break;
      case "integer":
      case "number": {
        c.push(node.type === "integer" ? `Number.isInteger(${v})` : `Number.isFinite(${v})`);
        if (node.minimum !== undefined) c.push(`${v} >= ${num(node.minimum, "minimum")}`);
        if (node.maximum !== undefined) c.push(`${v} <= ${num(node.maximum, "maximum")}`);
        if (node.exclusiveMinimum !== undefined)
          c.push(`${v} > ${num(node.exclusiveMinimum, "exclusiveMinimum")}`);
        if (node.exclusiveMaximum !== undefined)
          c.push(`${v} < ${num(node.exclusiveMaximum, "exclusiveMaximum")}`);
        if (node.multipleOf !== undefined)
          c.push(`Number.isInteger(${v} / ${num(node.multipleOf, "multipleOf")})`);
        break;
      }
      case "string": {
        const values = node.enum;
        // An enum of strings implies the type; a Set (or ===) answers both at once.
        if (values === undefined) c.push(`typeof ${v} === "string"`);
        else c.push(this.enumCond(values, v));
        // String lengths count code points; UTF-16 length bounds them (points ≤ units ≤ 2 × points).
        const max = node.maxLength as number | undefined;
        const min = node.minLength as number | undefined;
        if (max !== undefined) {
          this.usesLength = true;
          c.push(`(${v}.length <= ${max} || $ucs2length(${v}) <= ${max})`);
        }
        if (min !== undefined && min > 0) {
          if (min === 1) c.push(`${v}.length >= 1`);
          else {
            this.usesLength = true;
            c.push(
              `${v}.length >= ${min} && (${v}.length >= ${2 * min} || $ucs2length(${v}) >= ${min})`,
            );
          }
        }
        if (node.pattern !== undefined)
          c.push(`${this.pattern(node.pattern as string)}.test(${v})`);
        break;
      }
      default:
        compilerAssert(node.enum === undefined, "enum on a non-string contract");
        return undefined;
    }
    compilerAssert(
      node.enum === undefined || node.type === "string",
      "enum on a non-string contract",
    );
    return c;
  }
}

/** `JSON.stringify` made safe to embed in a module (no U+2028/2029, no `</`). */
function jsonLiteral(value: unknown, replacer?: (key: string, value: unknown) => unknown): string {
  return JSON.stringify(value, replacer)
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029")
    .replace(/<\//g, "<\\/");
}

/**
 * A contract node as the runtime walk reads it, as JSON: `$ref`s as indices of the contract
 * table (a `$ref` key is never a property name: properties are `[name, node]` pairs).
 */
function tableNode(node: Node, gen: ModuleGen): string {
  return jsonLiteral(node, (k, v: unknown) => (k === "$ref" ? gen.indexOf(v as string) : v));
}

/**
 * The validators.js text of one domain (without header): a check per contract of the domain and
 * of every contract it reaches in other domains, the contract table, and `validate<Name>` exports.
 */
export function validatorsModule(
  docs: ReadonlyMap<string, Schema>,
  domain: string,
  defs: readonly string[],
): string {
  const { foreign } = domainInputs(docs, domain);
  const own = defsOf(docs, domain);
  const entries: [string, Node][] = [];
  for (const name of defs) {
    compilerAssert(
      Object.hasOwn(own, name),
      `contract '${name}' is missing from the '${domain}' document`,
    );
    entries.push([
      contractKey(domain, name),
      contractNode(own[name], domain, `${domain}.${name}`) as Node,
    ]);
  }
  for (const [d, name, schema] of foreign) {
    entries.push([contractKey(d, name), contractNode(schema, d, `${d}.${name}`) as Node]);
  }
  const table = new Map(entries);
  const fnOf = new Map(entries.map(([key], i) => [key, i]));
  const gen = new ModuleGen(table, fnOf);
  const checker = new CheckGen(gen);
  // The check functions first: writing them decides the imports and hoisted constants.
  const fns = createWriter();
  for (const [key, node] of entries) {
    fns.line(`// ${key.replace(/[^\w/.-]/g, "?")}`);
    fns.block(`function ${gen.checkFn(key)}(d) {`, () => checker.body(node, fns));
  }
  // Sorted by exported name (data: the names inside one import line).
  const imports: string[] = [];
  if (gen.usesEqual) imports.push("ajvEqual as $equal");
  if (gen.usesLength) imports.push("ajvUcs2length as $ucs2length");
  imports.push("contractValidator as $validator");
  if (gen.usesKeys) imports.push("ownKeysConform as $keys");
  if (gen.usesRe2) imports.push("re2RegExp as $re2");
  if (gen.usesSimple) imports.push("simpleMatcher as $simple");
  const w = createWriter();
  w.line(`import { ${imports.join(", ")} } from "${RUNTIME_IMPORT}";`);
  w.line();
  // Loops, not spread arguments: a domain may hold more contracts than a call takes arguments.
  for (const c of gen.constants()) w.line(c);
  w.line();
  if (entries.length > 0) w.lines(fns.toString().slice(0, -1));
  // The walk's table: one contract per line; property names only inside JSON string literals.
  w.line();
  w.block(
    "const $m = {",
    () => {
      w.block(
        "nodes: [",
        () => {
          for (const [key, node] of entries)
            w.line(`${tableNode(node, gen)}, // ${key.replace(/[^\w/.-]/g, "?")}`);
        },
        "],",
      );
      w.block(
        "checks: [",
        () => {
          for (const [key] of entries) w.line(`${gen.checkFn(key)},`);
        },
        "],",
      );
      const matchers = [...gen.matchers()].map(([p, name]) => `[${jsString(p)}, ${name}]`);
      w.line(`patterns: new Map([${matchers.join(", ")}]),`);
    },
    "};",
  );
  w.line();
  for (const name of defs) {
    const key = contractKey(domain, name);
    w.line(
      `export const validate${name} = $validator(${gen.checkFn(key)}, $m, ${gen.indexOf(key)});`,
    );
  }
  return w.toString();
}
