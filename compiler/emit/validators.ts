/**
 * Emitter: contracts/<domain>/validators.js (+ validators.d.ts) — ajv standalone validators,
 * precompiled at build time (no schema compilation at run time), ESM, wrapped to return
 * `Result<T>`. Patterns run on re2js (linear time) through `re2RegExp` from intentc/runtime;
 * ajv's own runtime helpers are replaced by intentc/runtime's, so the module imports nothing
 * else.
 */
import { Ajv2020 } from "ajv/dist/2020.js";
import standaloneModule from "ajv/dist/standalone/index.js";
import { compilerAssert } from "../diagnostic.js";
import type { Program } from "../ir/types.js";
import { re2RegExp, re2Unsupported } from "../../runtime/re2.js";
import { withHeader } from "./code.js";
import { defineEmitter } from "./emitter.js";
import { contractModel, domainPatterns, type DomainContracts } from "./contracts/model.js";
import { contractUri, domainSchema, pruneUndefined } from "./contracts/schema.js";
import { docBlock } from "./contracts/ts.js";

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

/** An ajv instance holding every domain's contract document. */
function createAjv(program: Program, domains: readonly DomainContracts[]) {
  const ajv = new Ajv2020({
    strict: true,
    allErrors: true,
    unicodeRegExp: true,
    // Inherited members (`toString`, `constructor`) must never satisfy `required` (SECURITY #7).
    ownProperties: true,
    code: { source: true, esm: true, lines: true, regExp: re2Engine },
  });
  for (const dc of domains) ajv.addSchema(pruneUndefined(domainSchema(dc, program)) as object);
  return ajv;
}

/** The validators.js text of one domain (without header), from a prepared ajv instance. */
export function validatorsModule(dc: DomainContracts, ajv: ReturnType<typeof createAjv>): string {
  const refs: Record<string, string> = {};
  for (const def of dc.defs) refs[rawName(def.name)] = contractUri(dc.domain.name, def.name);
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
  compilerAssert(!/\brequire\(/.test(code), `ajv standalone code for '${dc.domain.name}' still requires a module`);
  const imports = [...used.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([n, l]) => `${n} as ${l}`);
  const out = [`import { ${imports.join(", ")} } from "intentc/runtime";`, "", code.trimEnd(), ""];
  for (const def of dc.defs) {
    out.push(`export const validate${def.name} = $createValidator(${rawName(def.name)});`);
  }
  return out.join("\n") + "\n";
}

/** The validators.d.ts text of one domain (without header). */
export function validatorsDeclarations(dc: DomainContracts): string {
  const lines = [`import type { Result as $Result } from "intentc/runtime";`];
  if (dc.defs.length > 0) lines.push(`import type * as $T from "./types.js";`);
  lines.push("");
  for (const def of dc.defs) {
    lines.push(docBlock([`Validate a value against the ${def.kind} contract '${def.name}'.`]).trimEnd());
    lines.push(`export declare function validate${def.name}(value: unknown): $Result<$T.${def.name}>;`);
  }
  if (dc.defs.length === 0) lines.push("export {};");
  return lines.join("\n") + "\n";
}

export const validatorsEmitter = defineEmitter({
  name: "validators",
  description: "contracts/<domain>/validators.js + validators.d.ts (precompiled ajv standalone, ESM)",
  emit(program) {
    const files = new Map<string, string>();
    const model = contractModel(program);
    // Contract errors are reported by the json-schema emitter; here they only mean "skip": a
    // dropped contract leaves dangling references and an unsupported pattern cannot compile.
    if (model.diagnostics.length > 0) return files;
    if (model.domains.some((dc) => domainPatterns(dc).some((p) => re2Unsupported(p.pattern) !== undefined))) return files;
    const ajv = createAjv(program, model.domains);
    for (const dc of model.domains) {
      const dir = `contracts/${dc.domain.name}`;
      files.set(`${dir}/validators.js`, withHeader(validatorsModule(dc, ajv), "ts"));
      files.set(`${dir}/validators.d.ts`, withHeader(validatorsDeclarations(dc), "ts"));
    }
    return files;
  },
});

