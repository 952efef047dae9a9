/**
 * Emitter: machines/<domain>/<Machine>.machine.ts — an XState v5 machine built with
 * `setup({ types, guards, actions }).createMachine(…)`. Guards and actions are referenced by
 * transition id and delegate to the reference model's compiled guards and effects, so the machine
 * and the model cannot drift; a generated test replays the same events through both.
 */
import type { Machine } from "../ir/types.js";
import { commentText, createWriter, jsString, withHeader, type CodeWriter } from "./code.js";
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
  const w = createWriter();
  w.line("/**");
  w.line(
    ` * XState v5 machine for '${commentText(machine.name)}' (domain '${commentText(machine.domain)}'). Context is the entity;`,
  );
  w.line(" * guards and actions are the reference model's, referenced by transition id.");
  w.line(
    ' * @example const actor = createActor(machine, { input: entity }).start(); actor.send({ type: "…" });',
  );
  w.line(" */");
  w.line(`import { assign, setup } from "xstate";`);
  const ed = machine.entity.domain;
  w.line(
    `import type * as ${typesAlias(ed, machine.domain)} from "../../contracts/${ed}/types.js";`,
  );
  w.line(`import { effects, guards, type ${n.event} } from "./${machine.name}.model.js";`);
  w.line();
  w.line(
    `/** The ${commentText(machine.name)} machine; \`input\` is the initial entity (state field and \`init\` already applied). */`,
  );
  w.block(
    `export const ${n.machine} = setup({`,
    () => {
      w.line(
        `types: { context: {} as ${n.entity}, events: {} as ${n.event}, input: {} as ${n.entity} },`,
      );
      w.block(
        "guards: {",
        () => {
          for (const t of ts.filter((x) => x.guard !== undefined))
            w.line(
              `${jsString(t.id)}: ({ context, event }) => guards[${jsString(t.id)}](context, event),`,
            );
        },
        "},",
      );
      w.block(
        "actions: {",
        () => {
          for (const t of ts) {
            if (t.sets.length === 0 && sf === undefined) continue;
            const eff = t.sets.length > 0 ? `...effects[${jsString(t.id)}](context, event)` : "";
            const st = sf !== undefined ? `${propKey(sf)}: ${jsString(t.target)} as const` : "";
            const args = t.sets.length > 0 ? "{ context, event }" : "";
            w.line(
              `${jsString(t.id)}: assign((${args}) => ({ ${[eff, st].filter(Boolean).join(", ")} })),`,
            );
          }
        },
        "},",
      );
    },
    "}).createMachine({",
  );
  w.indent(() => {
    w.line(`id: ${jsString(machine.name)},`);
    w.line(`initial: ${jsString(machine.initial)},`);
    w.line("context: ({ input }) => input,");
    w.block("states: {", () => statesOf(w, machine, ts), "},");
  });
  w.line("});");
  return w.toString();
}

/** The `states` entries of the machine config (one per state, with its `on` table). */
function statesOf(
  w: CodeWriter,
  machine: Machine,
  ts: ReturnType<typeof machineTransitions>,
): void {
  const sf = machine.stateField;
  for (const s of machine.states) {
    if (s.final) {
      w.line(`${propKey(s.name)}: { type: "final" },`);
      continue;
    }
    const mine = ts.filter((t) => t.source === s.name);
    if (mine.length === 0) {
      w.line(`${propKey(s.name)}: {},`);
      continue;
    }
    w.block(
      `${propKey(s.name)}: {`,
      () =>
        w.block(
          "on: {",
          () => {
            for (const e of machineEvents(machine)) {
              const list = mine.filter((t) => t.event === e.key);
              if (list.length === 0) continue;
              w.block(
                `${jsString(e.key)}: [`,
                () => {
                  for (const t of list) {
                    const parts: string[] = [];
                    if (t.target !== s.name) parts.push(`target: ${jsString(t.target)}`);
                    if (t.guard !== undefined) parts.push(`guard: ${jsString(t.id)}`);
                    if (t.sets.length > 0 || sf !== undefined)
                      parts.push(`actions: ${jsString(t.id)}`);
                    w.line(`{ ${parts.join(", ")} },`);
                  }
                },
                "],",
              );
            }
          },
          "},",
        ),
      "},",
    );
  }
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
