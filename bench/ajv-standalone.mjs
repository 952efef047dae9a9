/**
 * For the validators benchmark only: what a validators.js would be if it were ajv 8 standalone
 * code (the alternative to contracts/codegen.ts weighed in issue 13): ESM, with the options the
 * contracts mean (allErrors, ownProperties for SECURITY #7, unicodeRegExp, code-point lengths),
 * patterns through ajv's `code.regExp` on the build-time character-code matchers or re2js, ajv's
 * run-time helpers taken from @intentc/runtime, and `validate<Name>` wrapping each function with
 * `createValidator` (ajv errors → issues). Draft-07 class: the keywords the contracts use mean the
 * same there, and Ajv2020 adds `$dynamicRef`/`unevaluated` bookkeeping to every function.
 */
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { Ajv } = require("ajv/dist/ajv.js");
const standaloneCode = require("ajv/dist/standalone/index.js").default;
const REPO = new URL("..", import.meta.url);
const { re2RegExp } = await import(new URL("dist/runtime/re2.js", REPO).href);
const { patternMatcher } = await import(
  new URL("dist/compiler/emit/contracts/patterns.js", REPO).href
);

const HELPERS = [
  ['require("ajv/dist/runtime/equal").default', "ajvEqual", "$equal"],
  ['require("ajv/dist/runtime/ucs2length").default', "ajvUcs2length", "$ucs2length"],
];

/** Every `pattern` in the documents (keywords and property names alike: a superset is harmless). */
function patternsOf(value, out = new Set()) {
  if (Array.isArray(value)) for (const x of value) patternsOf(x, out);
  else if (value !== null && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      if (k === "pattern" && typeof v === "string") out.add(v);
      patternsOf(v, out);
    }
  }
  return out;
}

/** The module text validating `defs` of `domain` (the documents: every domain's, by name). */
export function standaloneModule(docs, domain, defs) {
  const ajv = new Ajv({
    strict: true,
    allErrors: true,
    unicodeRegExp: true,
    ownProperties: true,
    messages: false,
    validateSchema: false,
    code: {
      source: true,
      esm: true,
      lines: true,
      regExp: Object.assign((p, f) => re2RegExp(p, f), { code: "$regExp" }),
    },
  });
  for (const doc of docs.values()) ajv.addSchema(doc);
  const refs = {};
  defs.forEach((def, i) => (refs[`$raw${i}`] = `${docs.get(domain).$id}#/$defs/${def}`));
  let code = standaloneCode(ajv, refs)
    .replace(/^"use strict";\n/, "")
    .replace(/^export const (\$raw\d+) = /gm, "const $1 = ");
  const used = new Map([
    ["createValidator", "$createValidator"],
    ["re2RegExp", "$re2"],
  ]);
  for (const [req, name, local] of HELPERS) {
    if (!code.includes(req)) continue;
    code = code.split(req).join(local);
    used.set(name, local);
  }
  if (/\brequire\(/.test(code))
    throw new Error(`ajv standalone code for ${domain} still requires a module`);
  const matchers = [...patternsOf([...docs.values()])]
    .map((p) => [p, patternMatcher(p)])
    .filter(([, m]) => m !== undefined);
  if (matchers.length > 0) used.set("simpleMatcher", "$simple");
  const imports = [...used].sort(([a], [b]) => (a < b ? -1 : 1)).map(([n, l]) => `${n} as ${l}`);
  const out = [
    `import { ${imports.join(", ")} } from "@intentc/runtime";`,
    `const $matchers = new Map([${matchers.map(([p, m]) => `[${JSON.stringify(p)}, ${m}]`).join(", ")}]);`,
    `const $regExp = (p, f) => $matchers.get(p) ?? $re2(p, f);`,
    code,
    ...defs.map((def, i) => `export const validate${def} = $createValidator($raw${i});`),
  ];
  return `${out.join("\n")}\n`;
}
