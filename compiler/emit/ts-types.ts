/**
 * Emitter: contracts/<domain>/types.ts — a type per named type and entity, `<Event>Event` per
 * event payload, `<Machine>State` string unions and `<Api><Op>Input`/`Output` per operation.
 */
import { createWriter, withHeader } from "./code.js";
import { defineEmitter } from "./emitter.js";
import type { Program } from "../ir/types.js";
import { contractModel, referencedDomains, type DomainContracts } from "./contracts/model.js";
import { domainAlias, docBlock, tsDeclaration } from "./contracts/ts.js";

/** The text of one domain's types.ts (without header). */
export function typesModule(dc: DomainContracts): string {
  const name = dc.domain.name;
  const w = createWriter();
  w.lines(
    docBlock([
      `Contract types of domain '${name}' (version ${dc.domain.version}).`,
      ...(dc.domain.summary !== undefined ? [dc.domain.summary] : []),
    ]).trimEnd(),
  );
  w.line();
  const others = referencedDomains(
    dc.defs.map((d) => d.type),
    name,
  );
  for (const o of others) w.line(`import type * as ${domainAlias(o)} from "../${o}/types.js";`);
  if (others.length > 0) w.line();
  // Each declaration is a finished fragment ending in a newline; one empty line between two.
  const decls = dc.defs.map((def) => tsDeclaration(def, name)).join("\n");
  if (decls !== "") w.lines(decls.slice(0, -1));
  if (dc.defs.length === 0) w.line("export {};");
  return w.toString();
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
