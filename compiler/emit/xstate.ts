/**
 * Emitter: machines/<domain>/<Machine>.machine.ts — an XState v5 machine built with
 * `setup({ types, guards, actions }).createMachine(…)`. Guards and actions are referenced by
 * transition id and delegate to the reference model's compiled guards and effects, so the machine
 * and the model cannot drift; a generated test replays the same events through both.
 */
import type { Machine } from "../ir/types.js";
import { commentText, jsString, withHeader } from "./code.js";
import { defineEmitter } from "./emitter.js";
import { propKey } from "./naming.js";
import {
  allMachines,
  machineNames,
  machineTransitions,
  machineEvents,
  typesAlias,
} from "./reference-model.js";

/** The text of one machine's `<Machine>.machine.ts` (without header). */
export function xstateModule(machine: Machine): string {
  const n = machineNames(machine);
  const ts = machineTransitions(machine);
  const sf = machine.stateField;
  const o: string[] = [];
  o.push("/**");
  o.push(
    ` * XState v5 machine for '${commentText(machine.name)}' (domain '${commentText(machine.domain)}'). Context is the entity;`,
  );
  o.push(" * guards and actions are the reference model's, referenced by transition id.");
  o.push(
    ' * @example const actor = createActor(machine, { input: entity }).start(); actor.send({ type: "…" });',
  );
  o.push(" */");
  o.push(`import { assign, setup } from "xstate";`);
  const ed = machine.entity.domain;
  o.push(
    `import type * as ${typesAlias(ed, machine.domain)} from "../../contracts/${ed}/types.js";`,
  );
  o.push(`import { effects, guards, type ${n.event} } from "./${machine.name}.model.js";`);
  o.push("");
  o.push(
    `/** The ${commentText(machine.name)} machine; \`input\` is the initial entity (state field and \`init\` already applied). */`,
  );
  o.push(`export const ${n.machine} = setup({`);
  o.push(
    `  types: { context: {} as ${n.entity}, events: {} as ${n.event}, input: {} as ${n.entity} },`,
  );
  o.push("  guards: {");
  for (const t of ts.filter((x) => x.guard !== undefined)) {
    o.push(
      `    ${jsString(t.id)}: ({ context, event }) => guards[${jsString(t.id)}](context, event),`,
    );
  }
  o.push("  },");
  o.push("  actions: {");
  for (const t of ts) {
    if (t.sets.length === 0 && sf === undefined) continue;
    const eff = t.sets.length > 0 ? `...effects[${jsString(t.id)}](context, event)` : "";
    const st = sf !== undefined ? `${propKey(sf)}: ${jsString(t.target)} as const` : "";
    const args = t.sets.length > 0 ? "{ context, event }" : "";
    o.push(
      `    ${jsString(t.id)}: assign((${args}) => ({ ${[eff, st].filter(Boolean).join(", ")} })),`,
    );
  }
  o.push("  },");
  o.push("}).createMachine({");
  o.push(`  id: ${jsString(machine.name)},`);
  o.push(`  initial: ${jsString(machine.initial)},`);
  o.push("  context: ({ input }) => input,");
  o.push("  states: {");
  for (const s of machine.states) {
    if (s.final) {
      o.push(`    ${propKey(s.name)}: { type: "final" },`);
      continue;
    }
    const mine = ts.filter((t) => t.source === s.name);
    if (mine.length === 0) {
      o.push(`    ${propKey(s.name)}: {},`);
      continue;
    }
    o.push(`    ${propKey(s.name)}: {`);
    o.push("      on: {");
    for (const e of machineEvents(machine)) {
      const list = mine.filter((t) => t.event === e.key);
      if (list.length === 0) continue;
      o.push(`        ${jsString(e.key)}: [`);
      for (const t of list) {
        const parts: string[] = [];
        if (t.target !== s.name) parts.push(`target: ${jsString(t.target)}`);
        if (t.guard !== undefined) parts.push(`guard: ${jsString(t.id)}`);
        if (t.sets.length > 0 || sf !== undefined) parts.push(`actions: ${jsString(t.id)}`);
        o.push(`          { ${parts.join(", ")} },`);
      }
      o.push("        ],");
    }
    o.push("      },");
    o.push("    },");
  }
  o.push("  },");
  o.push("});");
  return o.join("\n") + "\n";
}

export const xstateEmitter = defineEmitter({
  name: "xstate",
  description: "machines/<domain>/<Machine>.machine.ts",
  emit(program) {
    const files = new Map<string, string>();
    for (const m of allMachines(program))
      files.set(`machines/${m.domain}/${m.name}.machine.ts`, withHeader(xstateModule(m), "ts"));
    return files;
  },
});
