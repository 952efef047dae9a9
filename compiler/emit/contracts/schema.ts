/**
 * Contract types → JSON Schema 2020-12. One document per domain (`contracts/<domain>/schemas.json`)
 * holds every contract under `$defs/<Name>`; references inside the domain
 * are `#/$defs/<Name>`, across domains `../<domain>/schemas.json#/$defs/<Name>`, which resolves
 * both against the stable `$id` and against the file layout on disk.
 */
import { derived, keyedDerivation } from "../../ir/derived.js";
import type { Program } from "../../ir/types.js";
import { GENERATED_MARKER } from "../code.js";
import type { ContractDef, ContractType, DomainContracts } from "./model.js";
import { refContract } from "./model.js";

/** A JSON Schema object (plain JSON data). */
export type JsonSchema = { readonly [key: string]: unknown };

/** The JSON Schema dialect every contract document declares. */
export const SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema";

/** The stable `$id` of a domain's contract document. */
export function domainSchemaId(domain: string): string {
  return `https://intentc.dev/contracts/${domain}/schemas.json`;
}

/** The absolute URI of one contract (what ajv is asked to compile). */
export function contractUri(domain: string, name: string): string {
  return `${domainSchemaId(domain)}#/$defs/${name}`;
}

function refUri(from: string, domain: string, name: string): string {
  return domain === from ? `#/$defs/${name}` : `../${domain}/schemas.json#/$defs/${name}`;
}

/** The JSON Schema of a contract type, as seen from domain `from`. */
export function typeSchema(t: ContractType, from: string): JsonSchema {
  switch (t.kind) {
    case "null":
      return { type: "null" };
    case "primitive": {
      const c = t.constraints;
      if (t.name === "boolean") return { type: "boolean" };
      if (t.name === "string") {
        return {
          type: "string",
          minLength: c.minLength,
          maxLength: c.maxLength,
          pattern: c.pattern,
        };
      }
      return {
        type: t.name,
        minimum: c.minimum,
        maximum: c.maximum,
        exclusiveMinimum: c.exclusiveMinimum,
        exclusiveMaximum: c.exclusiveMaximum,
        multipleOf: c.multipleOf,
      };
    }
    case "ref":
    case "state": {
      const r = refContract(t);
      return { $ref: refUri(from, r!.domain, r!.name) };
    }
    case "array":
      return {
        type: "array",
        items: typeSchema(t.items, from),
        minItems: t.minItems,
        maxItems: t.maxItems,
        uniqueItems: t.uniqueItems === true ? true : undefined,
      };
    case "map": {
      // Total over its keys: each key is required, no other key is allowed.
      const value = typeSchema(t.values, from);
      return {
        type: "object",
        properties: Object.fromEntries(t.keyValues.map((k) => [k, value])),
        required: [...t.keyValues],
        additionalProperties: false,
      };
    }
    case "enum":
      return { type: "string", enum: [...t.values] };
    case "object": {
      // fromEntries defines own properties, so even a `__proto__` key could not touch a prototype.
      const properties = Object.fromEntries(
        t.fields.map((f) => [f.name, { ...typeSchema(f.type, from), description: f.description }]),
      );
      return {
        type: "object",
        properties,
        required: t.fields.filter((f) => !f.optional).map((f) => f.name),
        additionalProperties: false,
      };
    }
  }
}

/** The `$defs` entry of one contract: title, description and the type's schema. */
export function contractSchema(def: ContractDef, from: string): JsonSchema {
  return { title: def.name, description: def.description, ...typeSchema(def.type, from) };
}

const PRUNED_SCHEMA = keyedDerivation(
  "pruned contract document",
  (program: Program, dc: DomainContracts) => pruneUndefined(domainSchema(dc, program)),
);

/**
 * `pruneUndefined(domainSchema(dc, program))`, computed once per domain's contracts of a Program
 * (the json-schema and validators emitters both read it; neither changes it).
 */
export function prunedDomainSchema(dc: DomainContracts, program: Program): JsonSchema {
  return derived(program, PRUNED_SCHEMA, dc);
}

/** The whole contract document of a domain. */
export function domainSchema(dc: DomainContracts, program: Program): JsonSchema {
  const $defs = Object.fromEntries(
    dc.defs.map((def) => [def.name, contractSchema(def, dc.domain.name)]),
  );
  return {
    $schema: SCHEMA_DIALECT,
    $id: domainSchemaId(dc.domain.name),
    title: `${program.system.name} · ${dc.domain.name} contracts`,
    description: dc.domain.summary,
    $comment: `${GENERATED_MARKER}. Version ${dc.domain.version} of domain '${dc.domain.name}'.`,
    $defs,
  };
}

/** Drop keys whose value is undefined, recursively (schemas are built with optional keys). */
export function pruneUndefined<T>(value: T): T {
  if (Array.isArray(value)) return value.map(pruneUndefined) as T;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    return Object.fromEntries(entries.map(([k, v]) => [k, pruneUndefined(v)])) as T;
  }
  return value;
}
