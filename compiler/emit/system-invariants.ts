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
import { createWriter, jsString, withHeader, type CodeWriter } from "./code.js";
import { docBlock, domainAlias } from "./contracts/ts.js";
import { defineEmitter } from "./emitter.js";
import { writeInvariantList } from "./invariants.js";
import { camelCase, pascalCase } from "./naming.js";
import { RUNTIME_IMPORT } from "./runtime-import.js";

/** Flows the module covers: those with invariants or holders. */
function flowsWithRules(program: Program, domain: string): Flow[] {
  const d = program.domains.find((x) => x.name === domain);
  return (d?.flows ?? []).filter(
    (f) => (f.invariants ?? []).length > 0 || (f.holders ?? []).length > 0,
  );
}

function checkBody(w: CodeWriter, inv: FlowInvariant): void {
  const scope = { fields: "next", prev: "prev" };
  if (inv.step) w.line("if (prev === undefined) return true;");
  if (inv.when !== undefined) w.line(`if (!${compileExpr(inv.when, scope)}) return true;`);
  w.line(`return ${compileExpr(inv.holds, scope)};`);
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
  const w = createWriter();
  w.lines(
    docBlock([
      `Flows of domain '${domain}': invariants and conserved values over their participants, compiled to predicates.`,
    ]).trimEnd(),
  );
  w.line(
    `import type { InvariantDef as $InvariantDef, InvariantViolation as $InvariantViolation } from "${RUNTIME_IMPORT}";`,
  );
  if (flows.some((f) => (f.invariants ?? []).length > 0))
    w.line(`import { checkInvariants as $checkInvariants } from "${RUNTIME_IMPORT}";`);
  const exprs = flows.flatMap((f) => [
    ...(f.invariants ?? []).flatMap((i) => (i.when !== undefined ? [i.when, i.holds] : [i.holds])),
    ...(f.holders ?? []),
  ]);
  if (exprs.some(usesCollections))
    w.line(`import { collections as ${COLLECTIONS} } from "${RUNTIME_IMPORT}";`);
  if (used.has(domain)) w.line(`import type * as $T from "./types.js";`);
  for (const o of [...used].filter((x) => x !== domain).sort())
    w.line(`import type * as ${domainAlias(o)} from "../${o}/types.js";`);
  for (const f of flows) {
    const system = `${pascalCase(f.name)}System`;
    w.line();
    w.lines(
      docBlock([
        `The participants of flow '${f.name}' (${f.says}), as its invariants and holders read them.`,
      ]).trimEnd(),
    );
    w.block(`export interface ${system} {`, () => {
      for (const p of parts.get(f) ?? []) {
        const t = type(p.entity!.domain, p.entity!.name);
        w.line(
          `/** ${p.machine.domain}.${p.machine.name}${p.instances > 1 ? `, ${p.instances} instances` : ""} */`,
        );
        w.line(`readonly ${p.name}: ${p.instances > 1 ? `readonly ${t}[]` : t};`);
      }
      const queued = channels.get(f);
      if (queued !== undefined) {
        w.line(
          `/** The payloads of queued '${queued.domain}.${queued.name}' events, oldest first */`,
        );
        w.line(
          `readonly ${CHANNEL_NAME}: readonly ${type(queued.domain, `${pascalCase(queued.name)}Event`)}[];`,
        );
      }
    });
    const invs = f.invariants ?? [];
    if (invs.length > 0) {
      const list = `invariantsOf${pascalCase(f.name)}`;
      w.line();
      w.lines(docBlock([`Invariants of flow '${f.name}'.`]).trimEnd());
      writeInvariantList(
        w,
        `${list}: readonly $InvariantDef<${system}>[]`,
        invs,
        system,
        checkBody,
      );
      w.line();
      w.lines(
        docBlock([
          `The invariants of flow '${f.name}' that do not hold on the step prev → next.`,
        ]).trimEnd(),
      );
      w.block(
        `export function check${pascalCase(f.name)}Invariants(prev: ${system} | undefined, next: ${system}): $InvariantViolation[] {`,
        () => w.line(`return $checkInvariants(${list}, prev, next);`),
      );
    }
    const holders = f.holders ?? [];
    if (holders.length > 0) {
      const value = `${camelCase(f.name)}Value`;
      const what = f.value ? `${f.value.domain}.${f.value.name}` : "value";
      w.line();
      w.lines(
        docBlock([`The ${what} that flow '${f.name}' holds: the sum of its holders.`]).trimEnd(),
      );
      w.block(`export function ${value}(system: ${system}): number {`, () =>
        w.line(`return ${holders.map((h) => compileExpr(h, { fields: "system" })).join(" + ")};`),
      );
      w.line();
      w.lines(
        docBlock([
          `True when the step prev → next neither created nor destroyed the ${what} of flow '${f.name}'.`,
        ]).trimEnd(),
      );
      w.block(
        `export function ${camelCase(f.name)}Conserved(prev: ${system}, next: ${system}): boolean {`,
        () => w.line(`return ${value}(prev) === ${value}(next);`),
      );
    }
  }
  return w.toString();
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
