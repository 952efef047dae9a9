/**
 * Compiling one domain's validators with ajv standalone: a fresh instance per domain holding only
 * the contract documents the domain's contracts reach, so a domain's validators.js depends on
 * nothing else (it can be cached per domain and compiled on any thread).
 */
import { Ajv2020 } from "ajv/dist/2020.js";
import standaloneModule from "ajv/dist/standalone/index.js";
import { compilerAssert } from "../../diagnostic.js";
import { re2RegExp } from "../../../runtime/re2.js";
import { contractUri } from "./schema.js";

// ajv ships CommonJS: under NodeNext the default import is `module.exports` (the function itself).
type StandaloneCode = (ajv: InstanceType<typeof Ajv2020>, refs: Record<string, string>) => string;
const standaloneCode = ((standaloneModule as unknown as { default?: unknown }).default ?? standaloneModule) as StandaloneCode;

/** ajv runtime helpers (by their `require` code) → the intentc/runtime export replacing them. */
const AJV_RUNTIME: Readonly<Record<string, { name: string; local: string }>> = {
  'require("ajv/dist/runtime/ucs2length").default': { name: "ajvUcs2length", local: "$ucs2length" },
  'require("ajv/dist/runtime/equal").default': { name: "ajvEqual", local: "$equal" },
};

/** The ajv regExp engine used at build time: re2js, referenced as `$re2` in generated code. */
const re2Engine = Object.assign((pattern: string, flags: string) => re2RegExp(pattern, flags), { code: "$re2" });

function rawName(name: string): string {
  return `raw${name}`;
}

/** The ajv options of generated validators; `validateSchema` is on for the one checking instance. */
export function createAjv(validateSchema: boolean) {
  return new Ajv2020({
    strict: true,
    allErrors: true,
    unicodeRegExp: true,
    // Inherited members (`toString`, `constructor`) must never satisfy `required` (SECURITY #7).
    ownProperties: true,
    validateSchema,
    code: { source: true, esm: true, lines: true, regExp: re2Engine },
  });
}

/** An ajv instance as created by {@link createAjv}. */
export type Ajv = ReturnType<typeof createAjv>;
/** A contract document (plain JSON). */
export type Schema = Readonly<Record<string, unknown>>;

/** `[domain, def]` of every `$ref` in a schema seen from `from` (`#/$defs/X`, `../d/schemas.json#/$defs/X`). */
function refsOf(schema: unknown, from: string, out: [string, string][] = []): [string, string][] {
  if (Array.isArray(schema)) for (const x of schema) refsOf(x, from, out);
  else if (schema !== null && typeof schema === "object") {
    for (const [k, v] of Object.entries(schema)) {
      const m = k === "$ref" && typeof v === "string" ? /^(?:\.\.\/([^/]+)\/schemas\.json)?#\/\$defs\/(.+)$/.exec(v) : null;
      if (m) out.push([m[1] ?? from, m[2]]);
      else refsOf(v, from, out);
    }
  }
  return out;
}

/**
 * What one domain's validators.js is compiled from: its contract document and every contract of
 * another domain its contracts reach through `$ref`, transitively (`[domain, name, schema]`).
 */
export function domainInputs(docs: ReadonlyMap<string, Schema>, domain: string): { doc: Schema; foreign: [string, string, unknown][] } {
  const doc = docs.get(domain)!;
  const defsOf = (d: string) => (docs.get(d)?.$defs ?? {}) as Record<string, unknown>;
  const seen = new Set<string>();
  const foreign: [string, string, unknown][] = [];
  const work: [string, string][] = Object.keys(defsOf(domain)).map((n) => [domain, n]);
  while (work.length > 0) {
    const [d, n] = work.pop()!;
    const id = `${d}\u0000${n}`;
    if (seen.has(id)) continue;
    seen.add(id);
    const schema = Object.hasOwn(defsOf(d), n) ? defsOf(d)[n] : undefined;
    if (d !== domain) foreign.push([d, n, schema ?? null]);
    work.push(...refsOf(schema, d));
  }
  foreign.sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0));
  return { doc, foreign };
}

/** Inputs of one domain's compile: its name, its contract names and the documents it reaches. */
export interface ValidatorJob {
  readonly domain: string;
  readonly defs: readonly string[];
  readonly needed: readonly string[];
}

/** Compile one domain's validators.js text (without header) with a fresh ajv instance. */
export function compileValidatorJob(docs: ReadonlyMap<string, Schema>, job: ValidatorJob): string {
  const ajv = createAjv(false);
  for (const d of job.needed) {
    const doc = docs.get(d);
    if (doc !== undefined) ajv.addSchema(doc as object);
  }
  return validatorsModule(job.domain, job.defs, ajv);
}

/** The validators.js text of one domain (without header), from a prepared ajv instance. */
export function validatorsModule(domain: string, defs: readonly string[], ajv: Ajv): string {
  const refs: Record<string, string> = {};
  for (const def of defs) refs[rawName(def)] = contractUri(domain, def);
  let code = standaloneCode(ajv, refs);
  code = code.replace(/^"use strict";\n?/, "");
  code = code.replace(/^export const (raw[A-Za-z0-9_]+) = /gm, "const $1 = ");
  const used = new Map<string, string>([["createValidator", "$createValidator"]]);
  if (/\$re2\b/.test(code)) used.set("re2RegExp", "$re2");
  for (const [req, { name, local }] of Object.entries(AJV_RUNTIME)) {
    if (code.includes(req)) {
      code = code.split(req).join(local);
      used.set(name, local);
    }
  }
  compilerAssert(!/\brequire\(/.test(code), `ajv standalone code for '${domain}' still requires a module`);
  const imports = [...used.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([n, l]) => `${n} as ${l}`);
  const out = [`import { ${imports.join(", ")} } from "intentc/runtime";`, "", code.trimEnd(), ""];
  for (const def of defs) {
    out.push(`export const validate${def} = $createValidator(${rawName(def)});`);
  }
  return out.join("\n") + "\n";
}
