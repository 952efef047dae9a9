/**
 * Emitter: tests/<domain>/arbitraries.ts (a fast-check generator per contract: `gen<Name>` with
 * mutants, `arb<Name>` the bare arbitrary) and tests/<domain>/contracts.test.ts (vitest): every
 * generated value passes its validator and survives a JSON round trip, every mutant fails with
 * the expected issue code and path, every invariant evaluates on generated entities, API inputs
 * and outputs round-trip through their validators. Seeds print on failure; replay with
 * `INTENTC_SEED` / `INTENTC_PATH`.
 */
import { createWriter, jsString, withHeader, type CodeWriter } from "./code.js";
import { defineEmitter } from "./emitter.js";
import { propKey } from "./naming.js";
import {
  contractModel,
  referencedDomains,
  refContract,
  type ContractType,
  type DomainContracts,
} from "./contracts/model.js";
import { docBlock } from "./contracts/ts.js";
import { TESTING_IMPORT } from "./runtime-import.js";

const COMBINATORS = [
  "array",
  "boolean",
  "enumOf",
  "integer",
  "lazy",
  "nullValue",
  "number",
  "record",
  "string",
] as const;

function arbAlias(domain: string): string {
  return `$${domain}`;
}

function options(entries: readonly [string, number | string | boolean | undefined][]): string {
  const parts = entries
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}: ${typeof v === "string" ? jsString(v) : String(v)}`);
  return parts.length === 0 ? "" : `{ ${parts.join(", ")} }`;
}

/** The generator expression of a contract type, as seen from domain `from` (records span lines). */
export function genExpr(t: ContractType, from: string): string {
  const w = createWriter();
  writeGen(w, t, from, "", "");
  return w.toString().slice(0, -1);
}

/** Write `head`, the generator expression of `t`, then `tail`; a record puts each entry on its line. */
function writeGen(w: CodeWriter, t: ContractType, from: string, head: string, tail: string): void {
  if (t.kind === "array") {
    const o = options([
      ["minItems", t.minItems],
      ["maxItems", t.maxItems],
      ["uniqueItems", t.uniqueItems],
    ]);
    writeGen(w, t.items, from, `${head}$array(`, `${o === "" ? "" : `, ${o}`})${tail}`);
    return;
  }
  const record = recordOf(t);
  if (record === undefined) {
    w.line(`${head}${leafGen(t, from)}${tail}`);
    return;
  }
  w.line(`${head}$record(`);
  w.indent(() => {
    w.block(
      "{",
      () => {
        for (const [key, type] of record.entries) writeGen(w, type, from, `${key}: `, ",");
      },
      "},",
    );
    w.line(`[${record.optional.join(", ")}],`);
  });
  w.line(`)${tail}`);
}

/** The entries (key text, value type) and optional keys of a non-empty object or map type. */
function recordOf(
  t: ContractType,
): { entries: [string, ContractType][]; optional: string[] } | undefined {
  // A quoted "__proto__" key in an object literal still sets the prototype; a computed one does not.
  const key = (n: string) => (n === "__proto__" ? `[${jsString(n)}]` : propKey(n));
  // A map is total over its keys: a record with every key required, each value from the value type.
  if (t.kind === "map" && t.keyValues.length > 0)
    return { entries: t.keyValues.map((k) => [key(k), t.values]), optional: [] };
  if (t.kind === "object" && t.fields.length > 0)
    return {
      entries: t.fields.map((f) => [key(f.name), f.type]),
      optional: t.fields.filter((f) => f.optional).map((f) => jsString(f.name)),
    };
  return undefined;
}

/** The one-line generator expression of a type that is neither an array nor a non-empty record. */
function leafGen(t: ContractType, from: string): string {
  switch (t.kind) {
    case "null":
      return "$nullValue()";
    case "primitive": {
      const c = t.constraints;
      if (t.name === "boolean") return "$boolean()";
      if (t.name === "string") {
        return `$string(${options([
          ["minLength", c.minLength],
          ["maxLength", c.maxLength],
          ["pattern", c.pattern],
        ])})`;
      }
      const o = options([
        ["minimum", c.minimum],
        ["maximum", c.maximum],
        ["exclusiveMinimum", c.exclusiveMinimum],
        ["exclusiveMaximum", c.exclusiveMaximum],
        ["multipleOf", c.multipleOf],
      ]);
      return `$${t.name}(${o})`;
    }
    case "ref":
    case "state": {
      const r = refContract(t)!;
      return r.domain === from
        ? `$lazy(() => gen${r.name})`
        : `$lazy(() => ${arbAlias(r.domain)}.gen${r.name})`;
    }
    case "enum":
      return `$enumOf([${t.values.map(jsString).join(", ")}])`;
    case "array":
      return genExpr(t, from);
    case "map":
    case "object":
      return `$record({}, [])`;
  }
}

/** The text of one domain's tests/<domain>/arbitraries.ts (without header). */
export function arbitrariesModule(dc: DomainContracts): string {
  const name = dc.domain.name;
  const w = createWriter();
  w.line(docBlock([`fast-check generators for the contracts of domain '${name}'.`]).trimEnd());
  const combos = COMBINATORS.map((c) => `${c} as $${c}`).join(", ");
  w.line(`import { ${combos}, type fc as $fc, type Gen as $Gen } from "${TESTING_IMPORT}";`);
  if (dc.defs.length > 0) w.line(`import type * as $T from "../../contracts/${name}/types.js";`);
  for (const o of referencedDomains(
    dc.defs.map((d) => d.type),
    name,
  )) {
    w.line(`import * as ${arbAlias(o)} from "../${o}/arbitraries.js";`);
  }
  for (const def of dc.defs) {
    w.line();
    w.line(
      docBlock([`Values of ${def.name}, biased to its boundaries; mutants break it.`]).trimEnd(),
    );
    writeGen(w, def.type, name, `export const gen${def.name}: $Gen<$T.${def.name}> = `, ";");
    w.line(
      `export const arb${def.name}: $fc.Arbitrary<$T.${def.name}> = gen${def.name}.arbitrary;`,
    );
  }
  if (dc.defs.length === 0) w.line("export {};");
  return w.toString();
}

/** The text of one domain's tests/<domain>/contracts.test.ts (without header). */
export function contractsTestModule(dc: DomainContracts): string {
  const name = dc.domain.name;
  const entities = dc.domain.entities.map((e) => e.name);
  const hasInvariants = dc.domain.entities.length > 0;
  const w = createWriter();
  w.line(
    docBlock([
      `Contract property tests of domain '${name}'. Replay a failure with INTENTC_SEED and INTENTC_PATH.`,
    ]).trimEnd(),
  );
  w.line(`import { describe, it } from "vitest";`);
  const helpers = [
    "checkGeneratedValid as $checkGeneratedValid",
    "checkMutantsRejected as $checkMutantsRejected",
  ];
  if (hasInvariants) helpers.push("checkInvariantsEvaluate as $checkInvariantsEvaluate");
  w.line(`import { ${helpers.join(", ")} } from "${TESTING_IMPORT}";`);
  w.line(`import * as $v from "../../contracts/${name}/validators.js";`);
  if (hasInvariants) w.line(`import * as $inv from "../../contracts/${name}/invariants.js";`);
  w.line(`import * as $a from "./arbitraries.js";`);
  w.line();
  w.block(
    `describe(${jsString(`${name} contracts`)}, () => {`,
    () => {
      for (const def of dc.defs) {
        const title =
          def.kind === "input" || def.kind === "output"
            ? `${def.name} round-trips through`
            : "generated values pass";
        w.block(
          `describe(${jsString(`${def.name} (${def.kind})`)}, () => {`,
          () => {
            w.block(
              `it(${jsString(`${title} validate${def.name}`)}, () => {`,
              () => w.line(`$checkGeneratedValid($a.gen${def.name}, $v.validate${def.name});`),
              "});",
            );
            w.block(
              `it(${jsString(`mutated values fail validate${def.name} with the expected issue`)}, () => {`,
              () => w.line(`$checkMutantsRejected($a.gen${def.name}, $v.validate${def.name});`),
              "});",
            );
          },
          "});",
        );
      }
      for (const entity of entities) {
        w.block(
          `it(${jsString(`every invariant over ${entity} evaluates on generated entities`)}, () => {`,
          () =>
            w.line(
              `$checkInvariantsEvaluate($a.arb${entity}, $inv.invariantsOf${entity}, $inv.check${entity}Invariants);`,
            ),
          "});",
        );
      }
    },
    "});",
  );
  return w.toString();
}

export const propertyTestsEmitter = defineEmitter({
  name: "property-tests",
  description: "tests/<domain>/arbitraries.ts + contracts.test.ts (fast-check + vitest)",
  emit(program) {
    const files = new Map<string, string>();
    const model = contractModel(program);
    if (model.diagnostics.length > 0) return files;
    for (const dc of model.domains) {
      files.set(`tests/${dc.domain.name}/arbitraries.ts`, withHeader(arbitrariesModule(dc), "ts"));
      files.set(
        `tests/${dc.domain.name}/contracts.test.ts`,
        withHeader(contractsTestModule(dc), "ts"),
      );
    }
    return files;
  },
});
