/**
 * The contract model shared by the contract emitters: per domain, every named contract (types,
 * entities, event payloads, machine state unions, API inputs and outputs) under the name the
 * naming contract gives it, with collisions and reserved names reported once.
 */
import type { Diagnostic } from "../../diagnostic.js";
import { createDiagnostic } from "../../diagnostics.js";
import { derivation, derived } from "../../ir/derived.js";
import type { Domain, Field, Loc, Program, Ref, TypeExpr } from "../../ir/types.js";
import { pascalCase } from "../naming.js";

/** A contract's type: any IR type expression, or `null` (an operation without output). */
export type ContractType = TypeExpr | { readonly kind: "null" };

/** What a contract stands for. */
export type ContractKind = "type" | "entity" | "event" | "state" | "input" | "output";

/** One named contract of a domain. */
export interface ContractDef {
  /** Generated name (`Money`, `PayEvent`, `OrderLifecycleState`, `OrdersApiPayInput`). */
  readonly name: string;
  readonly kind: ContractKind;
  readonly type: ContractType;
  readonly description?: string;
  /** Where it was declared (for diagnostics). */
  readonly loc: Loc;
}

/** The contracts of one domain, sorted by name, without colliding or reserved names. */
export interface DomainContracts {
  readonly domain: Domain;
  readonly defs: readonly ContractDef[];
}

/** Names TypeScript rejects as a type alias or interface name. */
const RESERVED_TYPE_NAMES = new Set(
  (
    "any unknown never string number boolean symbol object bigint undefined null void " +
    "break case catch class const continue debugger default delete do else enum export extends false finally for " +
    "function if import in instanceof new return super switch this throw true try typeof var while with " +
    "implements interface let package private protected public static yield await"
  ).split(" "),
);

/** `<PascalEvent>Event` — the name of an event's payload contract. */
export function eventContractName(event: string): string {
  return `${pascalCase(event)}Event`;
}

/** `<Machine>State` — the name of a machine's state union. */
export function stateContractName(machine: string): string {
  return `${machine}State`;
}

/** `<Api><PascalOp>Input` / `Output`. */
export function operationContractName(api: string, op: string, side: "Input" | "Output"): string {
  return `${api}${pascalCase(op)}${side}`;
}

/** The contract name a type reference points at: `{ domain, name }`. */
export function refContract(t: TypeExpr): Ref | undefined {
  if (t.kind === "ref") return t.ref;
  if (t.kind === "state")
    return { domain: t.machine.domain, name: stateContractName(t.machine.name) };
  return undefined;
}

function objectOf(fields: readonly Field[]): TypeExpr {
  return { kind: "object", fields };
}

function candidates(d: Domain): ContractDef[] {
  const out: ContractDef[] = [];
  const desc = (s: string | undefined) => (s !== undefined ? { description: s } : {});
  for (const t of d.types)
    out.push({ name: t.name, kind: "type", type: t.type, loc: t.loc, ...desc(t.description) });
  for (const e of d.entities) {
    out.push({
      name: e.name,
      kind: "entity",
      type: objectOf(e.fields),
      loc: e.loc,
      ...desc(e.description),
    });
  }
  for (const e of d.events) {
    out.push({
      name: eventContractName(e.name),
      kind: "event",
      type: objectOf(e.fields),
      loc: e.loc,
      ...desc(e.description),
    });
  }
  for (const m of d.machines) {
    const values = m.states.map((s) => s.name);
    const description = m.description ?? `States of the ${m.name} machine.`;
    out.push({
      name: stateContractName(m.name),
      kind: "state",
      type: { kind: "enum", values },
      loc: m.loc,
      description,
    });
  }
  for (const api of d.apis) {
    for (const op of api.operations) {
      const what = `${api.name}.${op.name}`;
      out.push({
        name: operationContractName(api.name, op.name, "Input"),
        kind: "input",
        type: objectOf(op.input),
        loc: op.loc,
        description: `Input of ${what}.${op.description !== undefined ? ` ${op.description}` : ""}`,
      });
      out.push({
        name: operationContractName(api.name, op.name, "Output"),
        kind: "output",
        type: op.output ?? { kind: "null" },
        loc: op.loc,
        description: `Output of ${what}.`,
      });
    }
  }
  return out;
}

function cmpLoc(a: Loc, b: Loc): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column;
}

/**
 * The contracts of every domain. A later declaration whose generated name collides with an
 * earlier one, or whose name is reserved in TypeScript, is dropped and reported.
 */
export function contractModel(program: Program): ContractModel {
  return derived(program, CONTRACT_MODEL);
}

/** The contracts of a Program: several emitters read them, so they are computed once per Program. */
export interface ContractModel {
  readonly domains: readonly DomainContracts[];
  readonly diagnostics: readonly Diagnostic[];
}

const CONTRACT_MODEL = derivation("contract model", (program: Program) =>
  computeContractModel(program),
);

function computeContractModel(program: Program): ContractModel {
  const diagnostics: Diagnostic[] = [];
  const domains = program.domains.map((domain) => {
    const all = candidates(domain).sort(
      (a, b) => cmpLoc(a.loc, b.loc) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
    );
    const seen = new Map<string, ContractDef>();
    for (const def of all) {
      if (RESERVED_TYPE_NAMES.has(def.name)) {
        diagnostics.push(createDiagnostic("reserved-contract-name", { name: def.name }, def.loc));
        continue;
      }
      const first = seen.get(def.name);
      if (first !== undefined) {
        diagnostics.push(
          createDiagnostic(
            "contract-name-collision",
            { name: def.name, kind: def.kind, other: first.kind },
            def.loc,
            {
              related: [
                { message: `The ${first.kind} '${first.name}' is declared here.`, loc: first.loc },
              ],
            },
          ),
        );
        continue;
      }
      seen.set(def.name, def);
    }
    const defs = [...seen.values()].sort((a, b) =>
      a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
    );
    return { domain, defs };
  });
  return { domains, diagnostics };
}

/** Every `pattern` in a domain's contracts, with the location of the declaration holding it. */
export function domainPatterns(dc: DomainContracts): { pattern: string; loc: Loc }[] {
  const out: { pattern: string; loc: Loc }[] = [];
  const visit = (t: ContractType, loc: Loc): void => {
    switch (t.kind) {
      case "primitive":
        if (t.constraints.pattern !== undefined) out.push({ pattern: t.constraints.pattern, loc });
        return;
      case "array":
        return visit(t.items, loc);
      case "map":
        visit(t.keys, loc);
        return visit(t.values, loc);
      case "object":
        for (const f of t.fields) visit(f.type, f.loc);
        return;
      default:
        return;
    }
  };
  for (const def of dc.defs)
    if (
      def.kind === "type" ||
      def.kind === "entity" ||
      def.kind === "event" ||
      def.kind === "input"
    )
      visit(def.type, def.loc);
  for (const def of dc.defs) if (def.kind === "output") visit(def.type, def.loc);
  return out;
}

/** The domains (other than `self`) a contract type refers to, sorted. */
export function referencedDomains(types: readonly ContractType[], self: string): string[] {
  const out = new Set<string>();
  const visit = (t: ContractType): void => {
    const r = t.kind === "null" ? undefined : refContract(t);
    if (r !== undefined && r.domain !== self) out.add(r.domain);
    if (t.kind === "array") visit(t.items);
    if (t.kind === "map") (visit(t.keys), visit(t.values));
    if (t.kind === "object") for (const f of t.fields) visit(f.type);
  };
  types.forEach(visit);
  return [...out].sort();
}
