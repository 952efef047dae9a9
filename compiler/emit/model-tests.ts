/**
 * Emitter: tests/<domain>/<Machine>.model-suite.ts (the machine's model-based suite: reference
 * model, contract validators, invariants, the explorer's boundary-biased initial entities and
 * payloads, and its shortest paths as seeds) and tests/<domain>/<Machine>.model.test.ts (runs the
 * suite against the XState machine and the reference model). An implementation runs the same
 * suite through `check<Machine>Implementation(() => impl)`.
 */
import type { Machine, Program } from "../ir/types.js";
import { invariantsOf } from "../ir/invariants-of.js";
import { createMachineModel, type MachineModel } from "../explore/model.js";
import { product, spreadInitialConfigs } from "../explore/payloads.js";
import { machineKey, seedCoverage } from "../explore/build.js";
import type { Trace } from "../explore/trace.js";
import { fieldDomain } from "../explore/values.js";
import { commentText, createWriter, jsString, withHeader, type CodeWriter } from "./code.js";
import { defineEmitter, type EmitContext } from "./emitter.js";
import { camelCase, pascalCase } from "./naming.js";
import { allMachines, machineEvents, machineNames, typesAlias } from "./reference-model.js";
import { TESTING_IMPORT } from "./runtime-import.js";

/** Most initial entities, payloads per event and seed paths embedded per machine. */
const MAX_INITIAL = 24;
const MAX_PAYLOADS = 16;
const MAX_SEEDS = 16;

/** At most `max` items of `list`, evenly spread. @internal */
export function spread<T>(list: readonly T[], max: number): T[] {
  if (list.length <= max) return [...list];
  return Array.from({ length: max }, (_, i) => list[Math.floor((i * list.length) / max)]);
}

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

/** Whether a type resolves to `integer` or `number`. @internal */
export function isNumeric(model: MachineModel, t: import("../ir/types.js").TypeExpr): boolean {
  const r = model.scope.resolve(t);
  return r.kind === "primitive" && (r.name === "integer" || r.name === "number");
}

/**
 * The text of `<Machine>.model-suite.ts` (without header). Seed paths come from the seed search
 * (explore/build.ts SEED_SEARCH); `seeds` passes that search's coverage when already known.
 */
export function modelSuiteModule(
  program: Program,
  machine: Machine,
  seeds?: readonly Trace[],
  compiled?: MachineModel,
): string {
  const n = machineNames(machine);
  const model = compiled ?? createMachineModel(program, machine);
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

  const initial = spreadInitialConfigs(model, 4096, MAX_INITIAL).map((c) => c.fields);
  const numericFields = model.fields.filter((f) => isNumeric(model, f.type)).map((f) => f.name);
  const picked = spread(seeds ?? seedCoverage(program, machine, model), MAX_SEEDS);

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
          for (const i of initial) w.line(`${literal(i)},`);
        },
        "],",
      );
      w.block("events: [", () => eventsOf(w, model, vName), "],");
      w.line(`numericFields: [${numericFields.map(jsString).join(", ")}],`);
      w.line(`validate: ${vName(ed, `validate${machine.entity.name}`)},`);
      w.line(`checkInvariants: check${machine.entity.name}Invariants,`);
      w.block(
        "seeds: [",
        () => {
          for (const t of picked)
            w.line(
              `{ initial: ${literal(t.initial.fields)}, events: [${t.steps.map((s) => literal(s.event)).join(", ")}] },`,
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
  model: MachineModel,
  vName: (d: string, x: string) => string,
): void {
  for (const e of model.events) {
    const names = e.fields.map((f) => f.name);
    const combos = product(
      e.fields.map((f) => fieldDomain(model.scope, f)),
      MAX_PAYLOADS,
    );
    const payloads = combos.map((vals) => {
      const p: Record<string, unknown> = { type: e.key };
      names.forEach((nm, i) => {
        if (vals[i] !== undefined) p[nm] = vals[i];
      });
      return literal(p);
    });
    const numeric = e.fields.filter((f) => isNumeric(model, f.type)).map((f) => jsString(f.name));
    const v = vName(e.ref.domain, `validate${pascalCase(e.ref.name)}Event`);
    w.block(
      "{",
      () => {
        w.line(`type: ${jsString(e.key)},`);
        w.line(`payloads: [${payloads.join(", ")}],`);
        w.line(`numeric: [${numeric.join(", ")}],`);
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
      files.set(
        `tests/${m.domain}/${m.name}.model-suite.ts`,
        withHeader(suiteText(program, m, ctx), "ts"),
      );
      files.set(`tests/${m.domain}/${m.name}.model.test.ts`, withHeader(modelTestModule(m), "ts"));
    }
    return files;
  },
});

/**
 * The suite text, remembered by the machine's content key. Its seeds come from the analysis
 * phase's exploration of the machine (the seed search is a prefix of it).
 */
function suiteText(program: Program, machine: Machine, ctx: EmitContext): string {
  const seeds = ctx.analysis.explorations.get(machine)?.seeds;
  const compute = () => modelSuiteModule(program, machine, seeds);
  const memo = ctx.memo;
  return memo === undefined
    ? compute()
    : memo.cached(`model-suite ${machineKey(program, machine)}`, compute, isText);
}

const isText = (v: unknown): v is string => typeof v === "string";
