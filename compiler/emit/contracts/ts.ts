/**
 * Contract types → TypeScript source. Written from the IR rather than through
 * json-schema-to-typescript: its API is async (emitters are synchronous and pure), and from the IR
 * we get exact names, string-literal unions for machine states and namespace imports for other
 * domains (`$orders.Sku`) that cannot collide with any intent name (intent names hold no `$`).
 */
import { CONSTRAINT_KEYS, type Constraints } from "../../ir/types.js";
import { commentText, createWriter } from "../code.js";
import { propKey } from "../naming.js";
import type { ContractDef, ContractType } from "./model.js";
import { refContract } from "./model.js";

/** The namespace alias under which another domain's module is imported (`$orders`). */
export function domainAlias(domain: string): string {
  return `$${domain}`;
}

/** A JSDoc block from lines of untrusted text (each escaped), or "" when there are none. */
export function docBlock(lines: readonly string[], indent = ""): string {
  const clean = lines.map(commentText).filter((l) => l !== "");
  if (clean.length === 0) return "";
  if (clean.length === 1) return `${indent}/** ${clean[0]} */\n`;
  return `${indent}/**\n${clean.map((l) => `${indent} * ${l}`).join("\n")}\n${indent} */\n`;
}

/** JSDoc tags for constraints (`@minimum 0`, `@pattern ^a+$`). */
export function constraintTags(c: Constraints): string[] {
  return CONSTRAINT_KEYS.filter((k) => c[k] !== undefined).map((k) => `@${k} ${String(c[k])}`);
}

/**
 * The TypeScript type of a contract type. References into domain `from` use `localPrefix`
 * (`""` inside types.ts, `"$T."` elsewhere); other domains use their namespace alias.
 */
export function tsType(t: ContractType, from: string, localPrefix = "", indent = ""): string {
  switch (t.kind) {
    case "null":
      return "null";
    case "primitive":
      return t.name === "integer" ? "number" : t.name;
    case "ref":
    case "state": {
      const r = refContract(t)!;
      return r.domain === from ? `${localPrefix}${r.name}` : `${domainAlias(r.domain)}.${r.name}`;
    }
    case "array": {
      const inner = tsType(t.items, from, localPrefix, indent);
      return t.items.kind === "enum" ? `(${inner})[]` : `${inner}[]`;
    }
    case "map":
      // Total over its keys: every key is present (a set is a map to boolean).
      return `Record<${tsType(t.keys, from, localPrefix, indent)}, ${tsType(t.values, from, localPrefix, indent)}>`;
    case "enum":
      return t.values.length === 0 ? "never" : t.values.map((v) => JSON.stringify(v)).join(" | ");
    case "object": {
      if (t.fields.length === 0) return "{}";
      const inner = indent + "  ";
      const lines = t.fields.map((f) => {
        const doc = docBlock(fieldDoc(f.description, f.type), inner);
        return `${doc}${inner}${propKey(f.name)}${f.optional ? "?" : ""}: ${tsType(f.type, from, localPrefix, inner)};`;
      });
      return `{\n${lines.join("\n")}\n${indent}}`;
    }
  }
}

function fieldDoc(description: string | undefined, t: ContractType): string[] {
  return [
    ...(description !== undefined ? [description] : []),
    ...(t.kind === "primitive" ? constraintTags(t.constraints) : []),
  ];
}

/** The declaration of one contract: an interface for objects, a type alias otherwise. */
export function tsDeclaration(def: ContractDef, from: string): string {
  const w = createWriter();
  const doc = docBlock(fieldDoc(def.description, def.type));
  if (def.type.kind === "object") {
    const body = tsType(def.type, from);
    return `${doc}export interface ${def.name} ${body}\n`;
  }
  w.line(`export type ${def.name} = ${tsType(def.type, from)};`);
  return doc + w.toString();
}
