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
import { commentText, jsString, withHeader } from "./code.js";
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
  const o: string[] = [];
  o.push("/**");
  o.push(
    ` * Model-based suite of machine '${commentText(machine.name)}': drives an implementation and the reference model with`,
  );
  o.push(
    " * the same events; after each step the entity validates, equals the model's, and keeps every invariant.",
  );
  o.push(
    ` * Plug an implementation in with \`check${machine.name}Implementation(() => impl)\`; see \`${n.impl}\`.`,
  );
  o.push(" */");
  o.push(`import { checkModelBased } from "${TESTING_IMPORT}";`);
  o.push(`import type { ModelCheckOptions, ModelSuite } from "${TESTING_IMPORT}";`);
  o.push(`import { ${n.model} } from "../../machines/${machine.domain}/${machine.name}.model.js";`);
  o.push(
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
    o.push(`import { ${local.join(", ")} } from "../../contracts/${d}/validators.js";`);
  }
  o.push(
    `import { check${machine.entity.name}Invariants } from "../../contracts/${ed}/invariants.js";`,
  );
  const typeDomains = [...new Set([machine.domain, ed])].sort();
  for (const d of typeDomains)
    o.push(
      `import type * as ${typesAlias(d, machine.domain)} from "../../contracts/${d}/types.js";`,
    );
  const vName = (d: string, x: string) => (d === machine.domain ? x : `${x}From${pascalCase(d)}`);

  const initial = spreadInitialConfigs(model, 4096, MAX_INITIAL).map((c) => c.fields);
  const numericFields = model.fields.filter((f) => isNumeric(model, f.type)).map((f) => f.name);
  const picked = spread(seeds ?? seedCoverage(program, machine, model), MAX_SEEDS);

  o.push("");
  o.push(
    `/** The suite of ${commentText(machine.name)}: model, contracts, boundary-biased domains and seed paths from \`intentc explore\`. */`,
  );
  o.push(
    `export const ${suite}: ModelSuite<${n.state}, ${eAlias}.${machine.entity.name}, ${n.event}> = {`,
  );
  o.push(`  name: ${jsString(`${machine.domain}.${machine.name}`)},`);
  const invIds = invariantsOf(program, machine.entity)
    .map((i) => `${i.domain}.${i.name}`)
    .sort();
  o.push(`  invariants: [${invIds.map(jsString).join(", ")}],`);
  o.push(`  model: ${n.model},`);
  o.push("  initial: [");
  for (const i of initial) o.push(`    ${literal(i)},`);
  o.push("  ],");
  o.push("  events: [");
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
    o.push("    {");
    o.push(`      type: ${jsString(e.key)},`);
    o.push(`      payloads: [${payloads.join(", ")}],`);
    o.push(`      numeric: [${numeric.join(", ")}],`);
    o.push(`      fits: ({ type: _type, ...payload }) => ${v}(payload).ok,`);
    o.push("    },");
  }
  o.push("  ],");
  o.push(`  numericFields: [${numericFields.map(jsString).join(", ")}],`);
  o.push(`  validate: ${vName(ed, `validate${machine.entity.name}`)},`);
  o.push(`  checkInvariants: check${machine.entity.name}Invariants,`);
  o.push("  seeds: [");
  for (const t of picked)
    o.push(
      `    { initial: ${literal(t.initial.fields)}, events: [${t.steps.map((s) => literal(s.event)).join(", ")}] },`,
    );
  o.push("  ],");
  o.push("};");
  o.push("");
  o.push(
    `/** Run the ${commentText(machine.name)} suite against an implementation; throws with a shrunk event sequence and a seed. */`,
  );
  o.push(
    `export function check${machine.name}Implementation(factory: () => ${n.impl}, options?: ModelCheckOptions): void {`,
  );
  o.push(`  checkModelBased(${suite}, factory, options);`);
  o.push("}");
  return o.join("\n") + "\n";
}

/** The text of `<Machine>.model.test.ts` (without header). */
export function modelTestModule(machine: Machine): string {
  const n = machineNames(machine);
  const suite = `${camelCase(machine.name)}Suite`;
  return [
    `/** Model-based tests of '${commentText(machine.name)}': the XState machine and the reference model against the spec. */`,
    `import { describe, expect, it } from "vitest";`,
    `import { checkModelBased, modelImplementation, replaySeeds, xstateImplementation } from "${TESTING_IMPORT}";`,
    `import { ${n.machine} } from "../../machines/${machine.domain}/${machine.name}.machine.js";`,
    `import { ${n.model} } from "../../machines/${machine.domain}/${machine.name}.model.js";`,
    `import { ${suite} } from "./${machine.name}.model-suite.js";`,
    "",
    `describe(${jsString(`${machine.name} (model-based)`)}, () => {`,
    `  it("replays the explorer's shortest paths through the XState machine", () => {`,
    `    expect(replaySeeds(${suite}, () => xstateImplementation(${n.machine}))).toBe(${suite}.seeds?.length ?? 0);`,
    "  });",
    "",
    `  it("the XState machine agrees with the reference model on random event sequences", () => {`,
    `    checkModelBased(${suite}, () => xstateImplementation(${n.machine}), { numRuns: 200 });`,
    "  });",
    "",
    `  it("the reference model keeps its contract and invariants on random event sequences", () => {`,
    `    checkModelBased(${suite}, () => modelImplementation(${n.model}), { numRuns: 200 });`,
    "  });",
    "});",
    "",
  ].join("\n");
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
