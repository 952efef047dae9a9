/**
 * Emitter: tests/<domain>/<Machine>.model-suite.ts (the machine's model-based suite: reference
 * model, contract validators, invariants, the explorer's boundary-biased initial entities and
 * payloads, and its shortest paths as seeds) and tests/<domain>/<Machine>.model.test.ts (runs the
 * suite against the XState machine and the reference model). An implementation runs the same
 * suite through `check<Machine>Implementation(() => impl)`. What the suite embeds from the
 * explorer comes from the analysis phase (Analysis.machines, driver/machine-seeds.ts); this
 * emitter only prints it.
 */
import type { Machine, Program } from "../ir/types.js";
import { invariantsOf } from "../ir/invariants-of.js";
import { commentText, createWriter, jsString, withHeader, type CodeWriter } from "./code.js";
import { defineEmitter, type ModeledMachine } from "./emitter.js";
import { camelCase, pascalCase } from "./naming.js";
import { allMachines, machineEvents, machineNames, typesAlias } from "./reference-model.js";
import { TESTING_IMPORT } from "./runtime-import.js";

/** A JSON value as a TS literal with sorted keys (strings through `jsString`). @internal */
export function literal(value: unknown): string {
  if (value === null || typeof value !== "object")
    return typeof value === "string"
      ? jsString(value)
      : value === undefined
        ? "undefined"
        : JSON.stringify(value);
  if (Array.isArray(value)) return "[" + value.map(literal).join(", ") + "]";
  const rec = value as Record<string, unknown>;
  const keys = Object.keys(rec)
    .filter((k) => rec[k] !== undefined)
    .sort();
  return "{ " + keys.map((k) => `${jsString(k)}: ${literal(rec[k])}`).join(", ") + " }";
}

/** The text of `<Machine>.model-suite.ts` (without header), printing the machine's `data`. */
export function modelSuiteModule(program: Program, machine: Machine, data: ModeledMachine): string {
  const n = machineNames(machine);
  const ed = machine.entity.domain;
  const eAlias = typesAlias(ed, machine.domain);
  const suite = `${camelCase(machine.name)}Suite`;
  const w = createWriter();
  w.line("/**");
  w.line(
    ` * Model-based suite of machine '${commentText(machine.name)}': drives an implementation and the reference model with`,
  );
  w.line(
    " * the same events; after each step the entity validates, equals the model's, and keeps every invariant.",
  );
  w.line(
    ` * Plug an implementation in with \`check${machine.name}Implementation(() => impl)\`; see \`${n.impl}\`.`,
  );
  w.line(" */");
  w.line(`import { checkModelBased } from "${TESTING_IMPORT}";`);
  w.line(`import type { ModelCheckOptions, ModelSuite } from "${TESTING_IMPORT}";`);
  w.line(`import { ${n.model} } from "../../machines/${machine.domain}/${machine.name}.model.js";`);
  w.line(
    `import type { ${n.event}, ${n.impl} } from "../../machines/${machine.domain}/${machine.name}.model.js";`,
  );
  const events = machineEvents(machine);
  const validators = new Map<string, string[]>();
  const addV = (d: string, name: string) =>
    validators.set(d, [...new Set([...(validators.get(d) ?? []), name])].sort());
  addV(ed, `validate${machine.entity.name}`);
  for (const e of events) addV(e.ref.domain, `validate${pascalCase(e.ref.name)}Event`);
  for (const [d, names] of [...validators.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const local = names.map((x) => (d === machine.domain ? x : `${x} as ${x}From${pascalCase(d)}`));
    w.line(`import { ${local.join(", ")} } from "../../contracts/${d}/validators.js";`);
  }
  w.line(
    `import { check${machine.entity.name}Invariants } from "../../contracts/${ed}/invariants.js";`,
  );
  const typeDomains = [...new Set([machine.domain, ed])].sort();
  for (const d of typeDomains)
    w.line(
      `import type * as ${typesAlias(d, machine.domain)} from "../../contracts/${d}/types.js";`,
    );
  const vName = (d: string, x: string) => (d === machine.domain ? x : `${x}From${pascalCase(d)}`);

  w.line();
  w.line(
    `/** The suite of ${commentText(machine.name)}: model, contracts, boundary-biased domains and seed paths from \`intentc explore\`. */`,
  );
  w.block(
    `export const ${suite}: ModelSuite<${n.state}, ${eAlias}.${machine.entity.name}, ${n.event}> = {`,
    () => {
      w.line(`name: ${jsString(`${machine.domain}.${machine.name}`)},`);
      const invIds = invariantsOf(program, machine.entity)
        .map((i) => `${i.domain}.${i.name}`)
        .sort();
      w.line(`invariants: [${invIds.map(jsString).join(", ")}],`);
      w.line(`model: ${n.model},`);
      w.block(
        "initial: [",
        () => {
          for (const i of data.initial) w.line(`${literal(i)},`);
        },
        "],",
      );
      w.block("events: [", () => eventsOf(w, data, vName), "],");
      w.line(`numericFields: [${data.numericFields.map(jsString).join(", ")}],`);
      w.line(`validate: ${vName(ed, `validate${machine.entity.name}`)},`);
      w.line(`checkInvariants: check${machine.entity.name}Invariants,`);
      w.block(
        "seeds: [",
        () => {
          for (const t of data.seeds)
            w.line(
              `{ initial: ${literal(t.initial)}, events: [${t.events.map(literal).join(", ")}] },`,
            );
        },
        "],",
      );
    },
    "};",
  );
  w.line();
  w.line(
    `/** Run the ${commentText(machine.name)} suite against an implementation; throws with a shrunk event sequence and a seed. */`,
  );
  w.block(
    `export function check${machine.name}Implementation(factory: () => ${n.impl}, options?: ModelCheckOptions): void {`,
    () => w.line(`checkModelBased(${suite}, factory, options);`),
  );
  return w.toString();
}

/** The suite's `events` entries: per event, its payloads, numeric fields and contract check. */
function eventsOf(
  w: CodeWriter,
  data: ModeledMachine,
  vName: (d: string, x: string) => string,
): void {
  for (const e of data.events) {
    const v = vName(e.event.domain, `validate${pascalCase(e.event.name)}Event`);
    w.block(
      "{",
      () => {
        w.line(`type: ${jsString(e.type)},`);
        w.line(`payloads: [${e.payloads.map(literal).join(", ")}],`);
        w.line(`numeric: [${e.numeric.map(jsString).join(", ")}],`);
        w.line(`fits: ({ type: _type, ...payload }) => ${v}(payload).ok,`);
      },
      "},",
    );
  }
}

/** The text of `<Machine>.model.test.ts` (without header). */
export function modelTestModule(machine: Machine): string {
  const n = machineNames(machine);
  const suite = `${camelCase(machine.name)}Suite`;
  const w = createWriter();
  w.line(
    `/** Model-based tests of '${commentText(machine.name)}': the XState machine and the reference model against the spec. */`,
  );
  w.line(`import { describe, expect, it } from "vitest";`);
  w.line(
    `import { checkModelBased, modelImplementation, replaySeeds, xstateImplementation } from "${TESTING_IMPORT}";`,
  );
  w.line(
    `import { ${n.machine} } from "../../machines/${machine.domain}/${machine.name}.machine.js";`,
  );
  w.line(`import { ${n.model} } from "../../machines/${machine.domain}/${machine.name}.model.js";`);
  w.line(`import { ${suite} } from "./${machine.name}.model-suite.js";`);
  w.line();
  w.block(
    `describe(${jsString(`${machine.name} (model-based)`)}, () => {`,
    () => {
      w.block(
        `it("replays the explorer's shortest paths through the XState machine", () => {`,
        () =>
          w.line(
            `expect(replaySeeds(${suite}, () => xstateImplementation(${n.machine}))).toBe(${suite}.seeds?.length ?? 0);`,
          ),
        "});",
      );
      w.line();
      w.block(
        `it("the XState machine agrees with the reference model on random event sequences", () => {`,
        () =>
          w.line(
            `checkModelBased(${suite}, () => xstateImplementation(${n.machine}), { numRuns: 200 });`,
          ),
        "});",
      );
      w.line();
      w.block(
        `it("the reference model keeps its contract and invariants on random event sequences", () => {`,
        () =>
          w.line(
            `checkModelBased(${suite}, () => modelImplementation(${n.model}), { numRuns: 200 });`,
          ),
        "});",
      );
    },
    "});",
  );
  return w.toString();
}

export const modelTestsEmitter = defineEmitter({
  name: "model-tests",
  description:
    "tests/<domain>/<Machine>.model-suite.ts and <Machine>.model.test.ts — model-based tests per machine",
  emit(program, ctx) {
    const files = new Map<string, string>();
    for (const m of allMachines(program)) {
      // A machine the analysis could not model has no suite (its exploration reports why).
      const data = ctx.analysis.machines.get(m);
      if (data === undefined) continue;
      files.set(
        `tests/${m.domain}/${m.name}.model-suite.ts`,
        withHeader(modelSuiteModule(program, m, data), "ts"),
      );
      files.set(`tests/${m.domain}/${m.name}.model.test.ts`, withHeader(modelTestModule(m), "ts"));
    }
    return files;
  },
});
