/**
 * Emitter: contracts/<domain>/flows.ts — for each flow with invariants or holders, the record of
 * its participants (`<Flow>System`: `order: Order`, an array for several instances), its
 * invariants compiled to typed predicates over that record (`invariantsOf<Flow>`,
 * `check<Flow>Invariants(prev, next)`), and, with holders, the flow's value
 * (`<flow>Value(system)`, the sum of its holders) and `<flow>Conserved(prev, next)`. These are
 * the runtime predicates of what `intentc explore` checks on the composed system.
 */
import { COLLECTIONS, compileExpr, usesCollections } from "../expr/compile.js";
import { channelPayload, CHANNEL_NAME, flowParticipants } from "../ir/flows.js";
import type { Flow, FlowInvariant, Program, Ref } from "../ir/types.js";
import { jsString, withHeader } from "./code.js";
import { docBlock, domainAlias } from "./contracts/ts.js";
import { defineEmitter } from "./emitter.js";
import { camelCase, pascalCase } from "./naming.js";
import { RUNTIME_IMPORT } from "./runtime-import.js";

/** Flows the module covers: those with invariants or holders. */
function flowsWithRules(program: Program, domain: string): Flow[] {
  const d = program.domains.find((x) => x.name === domain);
  return (d?.flows ?? []).filter(
    (f) => (f.invariants ?? []).length > 0 || (f.holders ?? []).length > 0,
  );
}

function checkBody(inv: FlowInvariant, indent: string): string[] {
  const scope = { fields: "next", prev: "prev" };
  const lines: string[] = [];
  if (inv.step) lines.push(`${indent}if (prev === undefined) return true;`);
  if (inv.when !== undefined)
    lines.push(`${indent}if (!${compileExpr(inv.when, scope)}) return true;`);
  lines.push(`${indent}return ${compileExpr(inv.holds, scope)};`);
  return lines;
}

/** The text of one domain's flows.ts (without header), or undefined when no flow has rules. */
export function systemInvariantsModule(program: Program, domain: string): string | undefined {
  const flows = flowsWithRules(program, domain);
  if (flows.length === 0) return undefined;
  const parts = new Map(
    flows.map((f) => [f, flowParticipants(program, f).filter((p) => p.entity !== undefined)]),
  );
  const used = new Set([...parts.values()].flat().map((p) => p.entity!.domain));
  // The queued payloads, `channel`, when every async step queues the same event (ir/flows.ts).
  const channels = new Map(flows.map((f) => [f, channelEvent(program, f, parts.get(f) ?? [])]));
  for (const c of channels.values()) if (c !== undefined) used.add(c.domain);
  const type = (d: string, name: string) =>
    d === domain ? `$T.${name}` : `${domainAlias(d)}.${name}`;
  const out: string[] = [];
  out.push(
    docBlock([
      `Flows of domain '${domain}': invariants and conserved values over their participants, compiled to predicates.`,
    ]).trimEnd(),
  );
  out.push(
    `import type { InvariantDef as $InvariantDef, InvariantViolation as $InvariantViolation } from "${RUNTIME_IMPORT}";`,
  );
  if (flows.some((f) => (f.invariants ?? []).length > 0))
    out.push(`import { checkInvariants as $checkInvariants } from "${RUNTIME_IMPORT}";`);
  const exprs = flows.flatMap((f) => [
    ...(f.invariants ?? []).flatMap((i) => (i.when !== undefined ? [i.when, i.holds] : [i.holds])),
    ...(f.holders ?? []),
  ]);
  if (exprs.some(usesCollections))
    out.push(`import { collections as ${COLLECTIONS} } from "${RUNTIME_IMPORT}";`);
  if (used.has(domain)) out.push(`import type * as $T from "./types.js";`);
  for (const o of [...used].filter((x) => x !== domain).sort())
    out.push(`import type * as ${domainAlias(o)} from "../${o}/types.js";`);
  for (const f of flows) {
    const system = `${pascalCase(f.name)}System`;
    out.push("");
    out.push(
      docBlock([
        `The participants of flow '${f.name}' (${f.says}), as its invariants and holders read them.`,
      ]).trimEnd(),
    );
    out.push(`export interface ${system} {`);
    for (const p of parts.get(f) ?? []) {
      const t = type(p.entity!.domain, p.entity!.name);
      out.push(
        `  /** ${p.machine.domain}.${p.machine.name}${p.instances > 1 ? `, ${p.instances} instances` : ""} */`,
      );
      out.push(`  readonly ${p.name}: ${p.instances > 1 ? `readonly ${t}[]` : t};`);
    }
    const queued = channels.get(f);
    if (queued !== undefined) {
      out.push(
        `  /** The payloads of queued '${queued.domain}.${queued.name}' events, oldest first */`,
      );
      out.push(
        `  readonly ${CHANNEL_NAME}: readonly ${type(queued.domain, `${pascalCase(queued.name)}Event`)}[];`,
      );
    }
    out.push("}");
    const invs = f.invariants ?? [];
    if (invs.length > 0) {
      const list = `invariantsOf${pascalCase(f.name)}`;
      out.push("");
      out.push(docBlock([`Invariants of flow '${f.name}'.`]).trimEnd());
      out.push(`export const ${list}: readonly $InvariantDef<${system}>[] = [`);
      for (const inv of invs) {
        out.push(docBlock([`${inv.name}: ${inv.says}`], "  ").trimEnd());
        out.push("  {");
        out.push(`    id: ${jsString(inv.name)},`);
        out.push(`    says: ${jsString(inv.says)},`);
        out.push(`    severity: ${jsString(inv.severity)},`);
        out.push(`    entity: ${jsString(system)},`);
        out.push(`    step: ${inv.step},`);
        out.push("    check(prev, next) {");
        out.push(...checkBody(inv, "      "));
        out.push("    },");
        out.push("  },");
      }
      out.push("];");
      out.push("");
      out.push(
        docBlock([
          `The invariants of flow '${f.name}' that do not hold on the step prev → next.`,
        ]).trimEnd(),
      );
      out.push(
        `export function check${pascalCase(f.name)}Invariants(prev: ${system} | undefined, next: ${system}): $InvariantViolation[] {`,
      );
      out.push(`  return $checkInvariants(${list}, prev, next);`);
      out.push("}");
    }
    const holders = f.holders ?? [];
    if (holders.length > 0) {
      const value = `${camelCase(f.name)}Value`;
      const what = f.value ? `${f.value.domain}.${f.value.name}` : "value";
      out.push("");
      out.push(
        docBlock([`The ${what} that flow '${f.name}' holds: the sum of its holders.`]).trimEnd(),
      );
      out.push(`export function ${value}(system: ${system}): number {`);
      out.push(`  return ${holders.map((h) => compileExpr(h, { fields: "system" })).join(" + ")};`);
      out.push("}");
      out.push("");
      out.push(
        docBlock([
          `True when the step prev → next neither created nor destroyed the ${what} of flow '${f.name}'.`,
        ]).trimEnd(),
      );
      out.push(
        `export function ${camelCase(f.name)}Conserved(prev: ${system}, next: ${system}): boolean {`,
      );
      out.push(`  return ${value}(prev) === ${value}(next);`);
      out.push("}");
    }
  }
  return out.join("\n") + "\n";
}

/** The event a flow's `channel` record holds (undefined when its expressions cannot read one). */
function channelEvent(
  program: Program,
  f: Flow,
  parts: readonly { name: string }[],
): Ref | undefined {
  if (channelPayload(program, f) === undefined || parts.some((p) => p.name === CHANNEL_NAME))
    return undefined;
  return f.steps.find((s) => s.async === true && s.triggers !== undefined)?.triggers;
}

export const systemInvariantsEmitter = defineEmitter({
  name: "system-invariants",
  description:
    "contracts/<domain>/flows.ts (flow invariants and conserved values over the participants)",
  emit(program) {
    const files = new Map<string, string>();
    for (const d of program.domains) {
      const text = systemInvariantsModule(program, d.name);
      if (text !== undefined) files.set(`contracts/${d.name}/flows.ts`, withHeader(text, "ts"));
    }
    return files;
  },
});
