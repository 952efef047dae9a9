/**
 * Validator throughput, run as its own process in a built corpus dir:
 *   node bench/validators-worker.mjs <corpusDir> <mode> <iterations> [all|valid|invalid]
 * Modes: `generated` imports generated/contracts/<domain>/validators.js (generated at build time);
 * `ajv` compiles the same generated/contracts/<domain>/schemas.json with ajv at run time (its
 * defaults plus allErrors, as the generated validators report every issue: inherited properties
 * satisfy `required`); `ajv-own` the same with the options the
 * contracts mean (ownProperties, unicodeRegExp); `standalone` imports ajv standalone modules with
 * those options wrapped to return Results (bench/ajv-standalone.mjs), generated before timing.
 * Both validate the same mix of valid and invalid entity records. Prints one JSON line.
 */
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const [dir, mode, iterArg, mix = "all"] = process.argv.slice(2);
const iterations = Number(iterArg ?? 200_000);
const contracts = join(dir, "generated", "contracts");
const domains = readdirSync(contracts)
  .filter((d) => /^d\d{4}$/.test(d))
  .sort();
const docs = new Map(
  domains.map((d) => [d, JSON.parse(readFileSync(join(contracts, d, "schemas.json"), "utf8"))]),
);
const PATTERNS = { "^[A-Z]{3}-[0-9]{4}$": "ABC-1234", "^[a-z0-9]{8}$": "abcd1234" };

/** A valid instance of a schema (required properties only), following local and cross-doc $refs. */
function sample(schema, doc, depth = 0) {
  if (schema.$ref) {
    const [uri, pointer] = schema.$ref.split("#");
    const target = uri ? ([...docs.values()].find((d) => d.$id === uri) ?? doc) : doc;
    const name = pointer.split("/").pop();
    return sample(target.$defs[name], target, depth + 1);
  }
  if (schema.enum) return schema.enum[0];
  if (schema.const !== undefined) return schema.const;
  if (schema.anyOf || schema.oneOf)
    return sample((schema.anyOf ?? schema.oneOf)[0], doc, depth + 1);
  switch (schema.type) {
    case "integer":
    case "number":
      return (
        schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : 0)
      );
    case "string":
      return PATTERNS[schema.pattern] ?? "x".repeat(Math.max(1, schema.minLength ?? 1));
    case "boolean":
      return true;
    case "array":
      return schema.maxItems === 0 || depth > 6 ? [] : [sample(schema.items, doc, depth + 1)];
    default: {
      const out = {};
      for (const key of schema.required ?? [])
        out[key] = sample(schema.properties[key], doc, depth + 1);
      return out;
    }
  }
}

// Records: every entity-like def (has an `id` property) of the first domains, valid and broken.
const targets = [];
for (const d of domains.slice(0, 5)) {
  const doc = docs.get(d);
  for (const [name, def] of Object.entries(doc.$defs)) {
    if (!def.properties?.id) continue;
    const valid = sample(def, doc);
    targets.push({ domain: d, name, value: valid, valid: true });
    targets.push({ domain: d, name, value: { ...valid, id: 42 }, valid: false });
  }
}

const moduleOf = new Map(
  [...new Set(targets.map((t) => t.domain))].map((d) => [d, join(contracts, d, "validators.js")]),
);
if (mode === "standalone") {
  const { standaloneModule } = await import("./ajv-standalone.mjs");
  const out = join(dir, ".bench-standalone");
  mkdirSync(out, { recursive: true });
  for (const d of moduleOf.keys()) {
    const defs = Object.keys(docs.get(d).$defs);
    writeFileSync(join(out, `${d}.mjs`), standaloneModule(docs, d, defs));
    moduleOf.set(d, join(out, `${d}.mjs`));
  }
}
const t0 = performance.now();
const fns = new Map();
if (mode === "generated" || mode === "standalone") {
  for (const d of moduleOf.keys()) {
    const mod = await import(pathToFileURL(moduleOf.get(d)).href);
    for (const t of targets.filter((x) => x.domain === d)) {
      const validate = mod[`validate${t.name}`];
      fns.set(`${d}.${t.name}`, (v) => validate(v).ok);
    }
  }
} else {
  const require = createRequire(import.meta.url);
  const { Ajv2020 } = require("ajv/dist/2020.js");
  const own = mode === "ajv-own" ? { ownProperties: true, unicodeRegExp: true } : {};
  const ajv = new Ajv2020({ allErrors: true, strict: false, ...own });
  for (const doc of docs.values()) ajv.addSchema(doc);
  for (const t of targets) {
    const doc = docs.get(t.domain);
    const fn = ajv.getSchema(`${doc.$id}#/$defs/${t.name}`);
    if (!fn) throw new Error(`ajv has no schema for ${t.domain}.${t.name}`);
    fns.set(`${t.domain}.${t.name}`, (v) => fn(v));
  }
}
const setupMs = performance.now() - t0;

// Both must agree with the expectation, or the comparison means nothing.
for (const t of targets) {
  const got = fns.get(`${t.domain}.${t.name}`)(t.value);
  if (got !== t.valid)
    throw new Error(
      `${mode}: ${t.domain}.${t.name} gave ${got} for a ${t.valid ? "valid" : "broken"} record`,
    );
}
// The timed mix: every record (the default), or only the valid or only the broken ones.
const timed = mix === "all" ? targets : targets.filter((t) => t.valid === (mix === "valid"));
const list = timed.map((t) => [fns.get(`${t.domain}.${t.name}`), t.value]);
/** CPU time of the main thread alone (ms; Linux, 10 ms ticks), or NaN: no JIT or GC helper threads. */
function mainThreadCpuMs() {
  try {
    const fields = readFileSync(`/proc/self/task/${process.pid}/stat`, "utf8")
      .split(") ")[1]
      .split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return NaN;
  }
}
const t1 = performance.now();
const c1 = process.cpuUsage();
const m1 = mainThreadCpuMs();
let ok = 0;
for (let i = 0; i < iterations; i++) {
  const [fn, v] = list[i % list.length];
  if (fn(v)) ok++;
}
const runMs = performance.now() - t1;
const c2 = process.cpuUsage(c1);
const mainMs = mainThreadCpuMs() - m1;
// CPU time of the loop (user + system; all threads, so JIT and GC helpers count too, and of the
// main thread alone): steadier than wall time on a shared machine.
const cpuMs = (c2.user + c2.system) / 1000;
process.stdout.write(
  `${JSON.stringify({ mode, mix, records: targets.length / 2, setupMs, runMs, cpuMs, iterations, ok, perSecond: iterations / (runMs / 1000), perCpuSecond: iterations / (cpuMs / 1000), mainMs, perMainCpuSecond: iterations / (mainMs / 1000) })}\n`,
);
