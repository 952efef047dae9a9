/**
 * Emitter: contracts/<domain>/types.ts — a type per named type and entity, `<Event>Event` per
 * event payload, `<Machine>State` string unions and `<Api><Op>Input`/`Output` per operation.
 */
import { withHeader } from "./code.js";
import { defineEmitter } from "./emitter.js";
import type { Program } from "../ir/types.js";
import { contractModel, referencedDomains, type DomainContracts } from "./contracts/model.js";
import { domainAlias, docBlock, tsDeclaration } from "./contracts/ts.js";

/** The text of one domain's types.ts (without header). */
export function typesModule(dc: DomainContracts): string {
  const name = dc.domain.name;
  const parts: string[] = [];
  parts.push(
    docBlock([
      `Contract types of domain '${name}' (version ${dc.domain.version}).`,
      ...(dc.domain.summary !== undefined ? [dc.domain.summary] : []),
    ]) + "\n",
  );
  const others = referencedDomains(
    dc.defs.map((d) => d.type),
    name,
  );
  for (const o of others)
    parts.push(`import type * as ${domainAlias(o)} from "../${o}/types.js";\n`);
  if (others.length > 0) parts.push("\n");
  parts.push(dc.defs.map((def) => tsDeclaration(def, name)).join("\n"));
  if (dc.defs.length === 0) parts.push("export {};\n");
  return parts.join("");
}

export const tsTypesEmitter = defineEmitter({
  name: "ts-types",
  description: "contracts/<domain>/types.ts",
  emit(program: Program) {
    const files = new Map<string, string>();
    for (const dc of contractModel(program).domains) {
      files.set(`contracts/${dc.domain.name}/types.ts`, withHeader(typesModule(dc), "ts"));
    }
    return files;
  },
});
