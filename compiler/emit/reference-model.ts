/**
 * Emitter: machines/<domain>/<Machine>.model.ts — the reference model of each machine: guards and
 * effects compiled from the intent's expressions (the same compiler the explorer uses), a
 * `defineModel` table in declaration order, the pure `transition(snapshot, event)`, and the
 * `<Machine>Implementation` interface through which an implementation joins the model-based tests.
 */
import { eventKey } from "../ir/event-key.js";
import type { Machine, Program, Ref } from "../ir/types.js";
import {
  COLLECTIONS,
  compileEffects,
  compileExpr,
  effectsUseCollections,
  usesCollections,
} from "../expr/compile.js";
import { commentText, createWriter, jsString, withHeader, type CodeWriter } from "./code.js";
import { defineEmitter } from "./emitter.js";
import { camelCase, pascalCase, propKey } from "./naming.js";
import { RUNTIME_IMPORT } from "./runtime-import.js";

/** One transition of a machine as the emitters see it. @internal */
export interface EmitTransition {
  readonly id: string;
  readonly source: string;
  readonly event: string;
  readonly target: string;
  readonly guard?: string;
  readonly guardSource?: string;
  readonly sets: readonly { readonly field: string; readonly code: string }[];
}

/** Import alias of a domain's contract types, seen from `from`. @internal */
export function typesAlias(domain: string, from: string): string {
  return domain === from ? "$T" : `$${camelCase(domain)}`;
}

/** Every machine in sorted order. @internal */
export function allMachines(program: Program): Machine[] {
  return program.domains.flatMap((d) =>
    [...d.machines].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
  );
}

/** Event key used in generated code: `pay`, or `payments.capture` from another domain. @internal */
export function eventKeyOf(machine: Machine, ref: Ref): string {
  return eventKey(machine.domain, ref);
}

/** The machine's events (first use order), each with its payload type. @internal */
export function machineEvents(machine: Machine): { key: string; ref: Ref; payloadType: string }[] {
  const seen = new Map<string, { key: string; ref: Ref; payloadType: string }>();
  for (const s of machine.states)
    for (const t of s.transitions) {
      const key = eventKeyOf(machine, t.event);
      if (!seen.has(key))
        seen.set(key, {
          key,
          ref: t.event,
          payloadType: `${typesAlias(t.event.domain, machine.domain)}.${pascalCase(t.event.name)}Event`,
        });
    }
  return [...seen.values()];
}

/** Compiled transitions of a machine, with ids `<state>.<event>.<n>`. @internal */
export function machineTransitions(machine: Machine): EmitTransition[] {
  const out: EmitTransition[] = [];
  for (const s of machine.states) {
    const counts = new Map<string, number>();
    for (const t of s.transitions) {
      const key = eventKeyOf(machine, t.event);
      const n = counts.get(key) ?? 0;
      counts.set(key, n + 1);
      const scope = { fields: "context", event: "event" };
      out.push({
        id: `${s.name}.${key}.${n}`,
        source: s.name,
        event: key,
        target: t.to,
        ...(t.guard !== undefined
          ? { guard: compileExpr(t.guard, scope), guardSource: t.guard.source }
          : {}),
        sets: compileEffects(t.set, scope),
      });
    }
  }
  return out;
}

/** Names used by the generated files of a machine. @internal */
export function machineNames(machine: Machine): {
  model: string;
  machine: string;
  event: string;
  snapshot: string;
  impl: string;
  entity: string;
  state: string;
} {
  const d = machine.domain;
  return {
    model: `${camelCase(machine.name)}Model`,
    machine: `${camelCase(machine.name)}Machine`,
    event: `${machine.name}Event`,
    snapshot: `${machine.name}Snapshot`,
    impl: `${machine.name}Implementation`,
    entity: `${typesAlias(machine.entity.domain, d)}.${machine.entity.name}`,
    state: `$T.${machine.name}State`,
  };
}

/** Type imports of the contract types a machine's files need, relative to machines/<domain>/. @internal */
export function typeImports(machine: Machine): string[] {
  const domains = new Set([
    machine.domain,
    machine.entity.domain,
    ...machineEvents(machine).map((e) => e.ref.domain),
  ]);
  return [...domains]
    .sort()
    .map(
      (d) =>
        `import type * as ${typesAlias(d, machine.domain)} from "../../contracts/${d}/types.js";`,
    );
}

/** The text of one machine's `<Machine>.model.ts` (without header). */
export function referenceModelModule(machine: Machine): string {
  const n = machineNames(machine);
  const events = machineEvents(machine);
  const ts = machineTransitions(machine);
  const w = createWriter();
  w.line("/**");
  w.line(
    ` * Reference model of machine '${commentText(machine.name)}' (domain '${commentText(machine.domain)}'): the one meaning of the`,
  );
  w.line(" * spec, shared by the XState machine, the model-based tests and the runtime monitor.");
  if (machine.description !== undefined) w.line(` * ${commentText(machine.description)}`);
  w.line(" */");
  w.line(`import { defineModel, initialSnapshot, modelTransition } from "${RUNTIME_IMPORT}";`);
  w.line(`import type { ModelSnapshot, TransitionResult } from "${RUNTIME_IMPORT}";`);
  const transitions = machine.states.flatMap((s) => s.transitions);
  const collections =
    machine.init.some((a) => usesCollections(a.expr)) ||
    transitions.some(
      (t) => (t.guard !== undefined && usesCollections(t.guard)) || effectsUseCollections(t.set),
    );
  if (collections) w.line(`import { collections as ${COLLECTIONS} } from "${RUNTIME_IMPORT}";`);
  for (const line of typeImports(machine)) w.line(line);
  w.line();
  w.line(`/** The entity ${commentText(machine.name)} runs on. */`);
  w.line(`export type ${machine.name}Context = ${n.entity};`);
  w.line();
  w.line(`/** The states of ${commentText(machine.name)}. */`);
  w.line(`export type ${machine.name}StateName = ${n.state};`);
  w.line();
  w.line(
    `/** Every event ${commentText(machine.name)} handles: \`type\` plus the event's payload. */`,
  );
  w.line(`export type ${n.event} =`);
  w.indent(() => {
    if (events.length === 0) w.line("never;");
    events.forEach((e, i) =>
      w.line(
        `| ({ readonly type: ${jsString(e.key)} } & ${e.payloadType})${i === events.length - 1 ? ";" : ""}`,
      ),
    );
  });
  w.line();
  w.line(`/** A state of ${commentText(machine.name)} with its entity. */`);
  w.line(`export type ${n.snapshot} = ModelSnapshot<${n.state}, ${n.entity}>;`);
  w.line();
  w.line("/** Guards by transition id (`<state>.<event>.<n>`). */");
  w.block(
    "export const guards = {",
    () => {
      for (const t of ts.filter((x) => x.guard !== undefined)) {
        w.line(`/** ${commentText(t.guardSource ?? "")} */`);
        w.line(
          `${jsString(t.id)}: (context: ${n.entity}, event: ${n.event}): boolean => event.type === ${jsString(t.event)} && ${t.guard},`,
        );
      }
    },
    "} as const;",
  );
  w.line();
  w.line(
    "/** Effects by transition id: the fields `set` assigns, all computed from the context before the step. */",
  );
  w.block(
    "export const effects = {",
    () => {
      for (const t of ts.filter((x) => x.sets.length > 0)) {
        w.line(
          `${jsString(t.id)}: (context: ${n.entity}, event: ${n.event}): Partial<${n.entity}> =>`,
        );
        w.indent(() =>
          w.line(
            `event.type !== ${jsString(t.event)} ? {} : { ${t.sets.map((s) => `${propKey(s.field)}: ${s.code}`).join(", ")} },`,
          ),
        );
      }
    },
    "} as const;",
  );
  w.line();
  modelTable(w, machine, ts);
  w.line();
  w.line("/** The first snapshot for an entity: `init` values and the state field applied. */");
  w.block(`export function initial(context: ${n.entity}): ${n.snapshot} {`, () =>
    w.line(`return initialSnapshot(${n.model}, context);`),
  );
  w.line();
  w.line(
    "/** The pure step: the first enabled transition in declaration order, or a rejection (snapshot unchanged). */",
  );
  w.block(
    `export function transition(snapshot: ${n.snapshot}, event: ${n.event}): TransitionResult<${n.state}, ${n.entity}> {`,
    () => w.line(`return modelTransition(${n.model}, snapshot, event);`),
  );
  w.line();
  implementationInterface(w, machine);
  return w.toString();
}

/** The `defineModel({…})` table: states, finals, init values and transitions in order. */
function modelTable(w: CodeWriter, machine: Machine, ts: readonly EmitTransition[]): void {
  const n = machineNames(machine);
  w.line(`/** The model: states, fixed initial values and transitions in declaration order. */`);
  w.block(
    `export const ${n.model} = defineModel<${n.state}, ${n.entity}, ${n.event}>({`,
    () => {
      w.line(`id: ${jsString(`${machine.domain}.${machine.name}`)},`);
      w.line(`initial: ${jsString(machine.initial)},`);
      w.line(`states: [${machine.states.map((s) => jsString(s.name)).join(", ")}],`);
      w.line(
        `finals: [${machine.states
          .filter((s) => s.final)
          .map((s) => jsString(s.name))
          .join(", ")}],`,
      );
      if (machine.stateField !== undefined) w.line(`stateField: ${jsString(machine.stateField)},`);
      const init = machine.init.map(
        (a) => `${propKey(a.field)}: ${compileExpr(a.expr, { fields: "$none" })}`,
      );
      w.line(`init: { ${init.join(", ")} },`);
      w.block(
        "transitions: [",
        () => {
          for (const t of ts) {
            const parts = [
              `id: ${jsString(t.id)}`,
              `source: ${jsString(t.source)}`,
              `event: ${jsString(t.event)}`,
              `target: ${jsString(t.target)}`,
            ];
            if (t.guard !== undefined) parts.push(`guard: guards[${jsString(t.id)}]`);
            if (t.sets.length > 0) parts.push(`effect: effects[${jsString(t.id)}]`);
            w.line(`{ ${parts.join(", ")} },`);
          }
        },
        "],",
      );
    },
    "});",
  );
}

/** The `<Machine>Implementation` interface an implementation fills in for the model-based suite. */
function implementationInterface(w: CodeWriter, machine: Machine): void {
  const n = machineNames(machine);
  w.line("/**");
  w.line(
    ` * How an implementation of ${commentText(machine.name)} plugs into the generated model-based tests`,
  );
  w.line(
    ` * (\`check${machine.name}Implementation\` in tests/${commentText(machine.domain)}/${commentText(machine.name)}.model-suite.ts): the suite calls`,
  );
  w.line(
    " * `create` with an initial entity, then `send` with random events; after each step the entity",
  );
  w.line(
    " * from `snapshot()` must validate against its contract, equal the reference model's, and keep every",
  );
  w.line(
    " * invariant. `send` rejects an event the model rejects by throwing or by leaving the entity unchanged.",
  );
  w.line(" */");
  w.block(`export interface ${n.impl} {`, () => {
    w.line(
      `/** Start from this entity (already in state '${commentText(machine.initial)}', with \`init\` values applied). */`,
    );
    w.line(`create(initial: ${n.entity}): void;`);
    w.line("/** Apply one event. */");
    w.line(`send(event: ${n.event}): void;`);
    w.line("/** The current entity. */");
    w.line(`snapshot(): ${n.entity};`);
    if (machine.stateField === undefined) {
      w.line("/** The current state (the entity has no field holding it). */");
      w.line(`state(): ${n.state};`);
    }
  });
}

export const referenceModelEmitter = defineEmitter({
  name: "reference-model",
  description: "machines/<domain>/<Machine>.model.ts",
  emit(program) {
    const files = new Map<string, string>();
    for (const m of allMachines(program))
      files.set(
        `machines/${m.domain}/${m.name}.model.ts`,
        withHeader(referenceModelModule(m), "ts"),
      );
    return files;
  },
});
