/**
 * TypeScript declarations generated from the IR, one module per domain, following the naming
 * contract of `generated/contracts/<domain>/types.ts`: a type per named type and entity, an
 * interface `<PascalEvent>Event` per event payload, a union `<Machine>State` per machine, and
 * `<Api><PascalOp>Input` / `Output` per API operation. Cross-domain references are imported from
 * `../<domain>/types.js`. Used to type-check expressions in memory; emitters may reuse it.
 */
import { jsDoc, jsString } from "../shared/js-text.js";
import { pascalCase, propKey } from "../shared/naming.js";
import type { Domain, Field, Program, Ref, TypeExpr } from "../ir/types.js";

/** The exported name of an event's payload interface (`failDelivery` → `FailDeliveryEvent`). */
export function eventTypeName(event: string): string {
  return `${pascalCase(event)}Event`;
}

/** The exported name of a machine's state union (`OrderLifecycle` → `OrderLifecycleState`). */
export function stateTypeName(machine: string): string {
  return `${machine}State`;
}

/** The exported names of an API operation's input and output types. */
export function operationTypeNames(api: string, op: string): { input: string; output: string } {
  return { input: `${api}${pascalCase(op)}Input`, output: `${api}${pascalCase(op)}Output` };
}

/** Resolves a reference to the TypeScript name to use at the current place. */
export type TsNamer = (ref: Ref, exported: string) => string;

/** A TypeScript type for a type expression (single line). */
export function typeExprToTs(type: TypeExpr, name: TsNamer): string {
  switch (type.kind) {
    case "primitive":
      return type.name === "integer" ? "number" : type.name;
    case "ref":
      return name(type.ref, type.ref.name);
    case "state":
      return name(type.machine, stateTypeName(type.machine.name));
    case "enum":
      return type.values.length === 0 ? "never" : type.values.map(jsString).join(" | ");
    case "map":
      return `Record<${typeExprToTs(type.keys, name)}, ${typeExprToTs(type.values, name)}>`;
    case "array": {
      const items = typeExprToTs(type.items, name);
      return type.items.kind === "enum" && type.items.values.length > 1
        ? `(${items})[]`
        : `${items}[]`;
    }
    case "object":
      return type.fields.length === 0
        ? "{}"
        : `{ ${type.fields.map((f) => `${propKey(f.name)}${f.optional ? "?" : ""}: ${typeExprToTs(f.type, name)}`).join("; ")} }`;
  }
}

/** One module of declarations per domain: domain name → TypeScript source (no header). */
export function programToTsDeclarations(program: Program): Map<string, string> {
  const out = new Map<string, string>();
  for (const domain of program.domains) out.set(domain.name, domainDeclarations(domain));
  return out;
}

function localNames(domain: Domain): Set<string> {
  const names = new Set<string>();
  for (const t of domain.types) names.add(t.name);
  for (const e of domain.entities) names.add(e.name);
  for (const e of domain.events) names.add(eventTypeName(e.name));
  for (const m of domain.machines) names.add(stateTypeName(m.name));
  for (const a of domain.apis) {
    for (const op of a.operations) {
      const n = operationTypeNames(a.name, op.name);
      names.add(n.input).add(n.output);
    }
  }
  return names;
}

function domainDeclarations(domain: Domain): string {
  const local = localNames(domain);
  // Two passes: collect foreign references first so aliases do not depend on encounter order.
  const foreign = new Map<string, Set<string>>();
  const collect: TsNamer = (ref, exported) => {
    if (ref.domain !== domain.name) {
      if (!foreign.has(ref.domain)) foreign.set(ref.domain, new Set());
      foreign.get(ref.domain)!.add(exported);
    }
    return exported;
  };
  render(collect);
  const owners = new Map<string, number>();
  for (const names of foreign.values())
    for (const n of names) owners.set(n, (owners.get(n) ?? 0) + 1);
  const alias = (d: string, n: string) =>
    local.has(n) || (owners.get(n) ?? 0) > 1 ? `${d}_${n}` : n;
  const namer: TsNamer = (ref, exported) =>
    ref.domain === domain.name ? exported : alias(ref.domain, exported);
  const body = render(namer);
  const imports = [...foreign.keys()].sort().map((d) => {
    const specs = [...foreign.get(d)!]
      .sort()
      .map((n) => (alias(d, n) === n ? n : `${n} as ${alias(d, n)}`));
    return `import type { ${specs.join(", ")} } from ${jsString(`../${d}/types.js`)};\n`;
  });
  return (imports.length > 0 ? imports.join("") + "\n" : "") + body;

  function render(name: TsNamer): string {
    const parts: string[] = [];
    const fields = (list: readonly Field[]) =>
      list
        .map(
          (f) =>
            `${jsDoc(f.description, "  ")}  ${propKey(f.name)}${f.optional ? "?" : ""}: ${typeExprToTs(f.type, name)};\n`,
        )
        .join("");
    const iface = (description: string | undefined, exported: string, list: readonly Field[]) =>
      `${jsDoc(description)}export interface ${exported} {${list.length === 0 ? "}" : `\n${fields(list)}}`}\n`;
    for (const t of domain.types)
      parts.push(`${jsDoc(t.description)}export type ${t.name} = ${typeExprToTs(t.type, name)};\n`);
    for (const e of domain.entities) parts.push(iface(e.description, e.name, e.fields));
    for (const e of domain.events)
      parts.push(iface(e.description, eventTypeName(e.name), e.fields));
    for (const m of domain.machines) {
      const states =
        m.states.length === 0 ? "never" : m.states.map((s) => jsString(s.name)).join(" | ");
      parts.push(`${jsDoc(m.description)}export type ${stateTypeName(m.name)} = ${states};\n`);
    }
    for (const a of domain.apis) {
      for (const op of a.operations) {
        const n = operationTypeNames(a.name, op.name);
        parts.push(iface(op.description, n.input, op.input));
        parts.push(
          `export type ${n.output} = ${op.output ? typeExprToTs(op.output, name) : "void"};\n`,
        );
      }
    }
    return parts.join("\n");
  }
}
