/**
 * Emitter: tests/<domain>/<flow>.flow-suite.ts (the flow-based suite of a flow explored as a
 * system: its participants' reference models, contracts and invariants, the flow's steps with
 * their payload mappings, its invariants and value, and initial systems, payloads and seed
 * paths from the composed model the analysis phase computed, Analysis.flows from
 * driver/flow-seeds.ts) and tests/<domain>/<flow>.flow.test.ts (runs the suite against the
 * participants' reference models and XState machines). Implementations run the same suite
 * through `check<Flow>Flow({ payment: () => impl })`; see intentc/testing `checkFlowBased`.
 */
import { compilerAssert } from "../diagnostic.js";
import { COLLECTIONS, compileExpr, usesCollections } from "../expr/compile.js";
import { invariantsOf } from "../ir/invariants-of.js";
import { channelPayload, CHANNEL_NAME, findMachine, flowParticipants } from "../ir/flows.js";
import type { Field, Flow, Machine, Program, Ref } from "../ir/types.js";
import { commentText, createWriter, jsString, withHeader, type CodeWriter } from "./code.js";
import {
  defineEmitter,
  type ComposedCommand,
  type ComposedEvent,
  type ComposedFlow,
  type ComposedParticipant,
} from "./emitter.js";
import { literal } from "./model-tests.js";
import { camelCase, pascalCase } from "./naming.js";
import { machineNames, typesAlias } from "./reference-model.js";
import { RUNTIME_IMPORT, TESTING_IMPORT } from "./runtime-import.js";

/** The names a flow's generated suite exports. */
export function flowSuiteNames(flow: Flow): {
  suite: string;
  check: string;
  entities: string;
  impls: string;
} {
  const p = pascalCase(flow.name);
  return {
    suite: `${camelCase(flow.name)}FlowSuite`,
    check: `check${p}Flow`,
    entities: `${p}Entities`,
    impls: `${p}Implementations`,
  };
}

/** Imports of one generated module, by module path; foreign names get a `From<Domain>` alias. */
class Imports {
  private readonly values = new Map<string, Set<string>>();
  private readonly types = new Map<string, Set<string>>();
  constructor(private readonly home: string) {}
  /** Import `name` of `domain`'s module `path` (relative); returns its local name. */
  value(path: string, domain: string, name: string, type = false): string {
    const local = domain === this.home ? name : `${name}From${pascalCase(domain)}`;
    const map = type ? this.types : this.values;
    const set = map.get(path) ?? new Set<string>();
    set.add(local === name ? name : `${name} as ${local}`);
    map.set(path, set);
    return local;
  }
  type(path: string, domain: string, name: string): string {
    return this.value(path, domain, name, true);
  }
  /** Write the import lines: values, then types, each sorted by module path. */
  writeTo(w: CodeWriter): void {
    const sorted = (m: Map<string, Set<string>>) =>
      [...m.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    for (const [path, names] of sorted(this.values))
      w.line(`import { ${[...names].sort().join(", ")} } from "${path}";`);
    for (const [path, names] of sorted(this.types))
      w.line(`import type { ${[...names].sort().join(", ")} } from "${path}";`);
  }
}

/** The declared fields of an event (none when it does not exist). */
function eventFields(program: Program, ref: Ref): readonly Field[] {
  return (
    program.domains.find((d) => d.name === ref.domain)?.events.find((e) => e.name === ref.name)
      ?.fields ?? []
  );
}

/** A seed path's command as a literal. */
function commandText(c: ComposedCommand): string {
  return "deliver" in c
    ? "{ deliver: true }"
    : `{ slot: ${jsString(c.slot)}, event: ${literal(c.event)} }`;
}

/** A participant's machine in the Program (the analysis was computed from this Program). */
function machineOf(program: Program, p: ComposedParticipant): Machine {
  const m = findMachine(program, p.machine);
  compilerAssert(m !== undefined, `composed flow names unknown machine ${p.machine.name}`);
  return m;
}

/**
 * The text of `<flow>.flow-suite.ts` (without header) from the flow's composed data (the
 * analysis phase's, Analysis.flows).
 */
export function flowSuiteModule(program: Program, flow: Flow, data: ComposedFlow): string {
  const names = flowSuiteNames(flow);
  const home = flow.domain;
  const im = new Imports(home);
  const alias = (d: string) => typesAlias(d, home);
  const typeDomains = new Set<string>();
  const typeOf = (ref: Ref, suffix = "") => {
    typeDomains.add(ref.domain);
    return `${alias(ref.domain)}.${pascalCase(ref.name)}${suffix}`;
  };
  const participants = data.participants.map((p) => ({ p, m: machineOf(program, p) }));

  const w = createWriter();
  w.line();
  w.line(
    `/** The participants' entities by record name (an array for several instances), as each step checks them. */`,
  );
  w.block(`export interface ${names.entities} {`, () => {
    for (const { p, m } of participants) {
      const t = typeOf(m.entity);
      w.line(`/** ${commentText(`${m.domain}.${m.name}`)} */`);
      w.line(`readonly ${p.name}: ${p.instances > 1 ? `readonly ${t}[]` : t};`);
    }
  });
  w.line();
  w.line(
    `/** One factory per participant, by record name; a participant left out runs its reference model. */`,
  );
  w.block(`export interface ${names.impls} {`, () => {
    for (const { p, m } of participants) {
      const impl = im.type(
        `../../machines/${m.domain}/${m.name}.model.js`,
        m.domain,
        machineNames(m).impl,
      );
      w.line(`readonly ${p.name}?: () => ${impl};`);
    }
  });
  w.line();
  w.line(
    `/** The suite of flow ${commentText(flow.name)}: participants, steps and rules, with initial systems, payloads and seed paths from \`intentc explore\`. */`,
  );
  const uses = { collections: false };
  w.block(
    `export const ${names.suite}: FlowSuite<${names.entities}> = {`,
    () => {
      w.line(`name: ${jsString(`${flow.domain}.${flow.name}`)},`);
      const flowInvariants = (flow.invariants ?? []).map((i) => `${flow.domain}.${i.name}`);
      w.line(`invariants: [${flowInvariants.map(jsString).join(", ")}],`);
      w.block("participants: [", () => participantsOf(w, program, participants, im), "],");
      w.block("steps: [", () => stepsOf(w, program, flow, im, typeOf, uses), "],");
      const hasChannel = flow.steps.some((s) => s.async === true && s.triggers !== undefined);
      if (hasChannel) w.line(`channel: ${flow.channel ?? 1},`);
      const channelRecord =
        hasChannel &&
        channelPayload(program, flow) !== undefined &&
        !participants.some(({ p }) => p.name === CHANNEL_NAME);
      if (channelRecord) w.line("channelRecord: true,");

      // Initial systems: the composed model's initial domains, then the seeds' starts, each once.
      const initial: string[] = [];
      for (const c of [...data.initial, ...data.seeds.map((t) => t.initial)]) {
        const text = literal(c);
        if (!initial.includes(text)) initial.push(text);
      }
      w.block(
        "initial: [",
        () => {
          for (const t of initial) w.line(`${t},`);
        },
        "],",
      );
      w.block("events: [", () => eventsOf(w, data.events, im), "],");

      // The flow's invariants and value (contracts/<domain>/flows.ts).
      const flowsPath = `../../contracts/${flow.domain}/flows.js`;
      if ((flow.invariants ?? []).length > 0)
        w.line(
          `checkInvariants: ${im.value(flowsPath, home, `check${pascalCase(flow.name)}Invariants`)},`,
        );
      if ((flow.holders ?? []).length > 0) {
        w.line(`value: ${im.value(flowsPath, home, `${camelCase(flow.name)}Value`)},`);
        w.line(
          `valueName: ${jsString(flow.value ? `${flow.value.domain}.${flow.value.name}` : "value")},`,
        );
      }
      w.block(
        "seeds: [",
        () => {
          for (const t of data.seeds)
            w.line(
              `{ initial: ${literal(t.initial)}, commands: [${t.commands.map(commandText).join(", ")}] },`,
            );
        },
        "],",
      );
    },
    "};",
  );
  w.line();
  w.line(
    `/** Run the suite of flow ${commentText(flow.name)} against implementations of its participants; throws with a shrunk command sequence and a seed. */`,
  );
  w.block(
    `export function ${names.check}(implementations: ${names.impls} = {}, options?: FlowCheckOptions): void {`,
    () =>
      w.line(`checkFlowBased(${names.suite}, implementations as FlowImplementations, options);`),
  );

  const h = createWriter();
  h.line("/**");
  h.line(
    ` * Flow-based suite of flow '${commentText(flow.name)}' (${commentText(flow.says)}): drives implementations of its`,
  );
  h.line(
    " * participants through the composed system — an event to one participant, the flow's consequences to the",
  );
  h.line(
    " * others with the payloads it maps — and after each step checks every entity against the composed reference",
  );
  h.line(" * model, its contract and invariants, the flow's invariants and its conserved value.");
  h.line(
    ` * Plug implementations in with \`${names.check}({ ${participants[0].p.name}: () => impl })\`; see \`${names.impls}\`.`,
  );
  h.line(" */");
  h.line(`import { checkFlowBased, flowParticipant } from "${TESTING_IMPORT}";`);
  h.line(
    `import type { FlowCheckOptions, FlowImplementations, FlowSuite } from "${TESTING_IMPORT}";`,
  );
  if (uses.collections)
    h.line(`import { collections as ${COLLECTIONS} } from "${RUNTIME_IMPORT}";`);
  im.writeTo(h);
  for (const d of [...typeDomains].sort())
    h.line(`import type * as ${alias(d)} from "../../contracts/${d}/types.js";`);
  // The imports are known only once the suite is written; they go first.
  return h.toString() + w.toString();
}

/** The suite's `participants` entries: each participant's model, contract and invariants. */
function participantsOf(
  w: CodeWriter,
  program: Program,
  participants: readonly { p: ComposedParticipant; m: Machine }[],
  im: Imports,
): void {
  for (const { p, m } of participants) {
    const e = m.entity;
    const modelName = im.value(
      `../../machines/${m.domain}/${m.name}.model.js`,
      m.domain,
      machineNames(m).model,
    );
    const contract = (file: string, name: string) =>
      im.value(`../../contracts/${e.domain}/${file}.js`, e.domain, name);
    const validate = contract("validators", `validate${e.name}`);
    const check = contract("invariants", `check${e.name}Invariants`);
    const invIds = invariantsOf(program, e)
      .map((i) => `${i.domain}.${i.name}`)
      .sort();
    const numeric = p.numericFields.map((f) => jsString(f));
    w.block(
      "flowParticipant({",
      () => {
        w.line(`name: ${jsString(p.name)},`);
        w.line(`domain: ${jsString(m.domain)},`);
        w.line(`instances: ${p.instances},`);
        w.line(`model: ${modelName},`);
        w.line(`validate: ${validate},`);
        w.line(`checkInvariants: ${check},`);
        w.line(`invariants: [${invIds.map(jsString).join(", ")}],`);
        w.line(`numericFields: [${numeric.join(", ")}],`);
      },
      "}),",
    );
  }
}

/** The suite's `steps` entries (steps that trigger another event); notes collection helpers used. */
function stepsOf(
  w: CodeWriter,
  program: Program,
  flow: Flow,
  im: Imports,
  typeOf: (ref: Ref, suffix?: string) => string,
  uses: { collections: boolean },
): void {
  const scope = { fields: "$fields", event: "event" };
  for (const st of flow.steps) {
    if (st.triggers === undefined) continue;
    const target = st.triggers;
    const source = eventFields(program, st.event);
    const fields = st.with
      ? st.with.map((a) => {
          if (usesCollections(a.expr)) uses.collections = true;
          return `${jsString(a.field)}: ${compileExpr(a.expr, scope)}`;
        })
      : eventFields(program, target)
          .filter((f) => source.some((x) => x.name === f.name))
          .map((f) => `${jsString(f.name)}: event[${jsString(f.name)}]`);
    const fits = im.value(
      `../../contracts/${target.domain}/validators.js`,
      target.domain,
      `validate${pascalCase(target.name)}Event`,
    );
    w.block(
      "{",
      () => {
        w.line(`on: ${jsString(`${st.event.domain}.${st.event.name}`)},`);
        w.line(`then: ${jsString(`${target.domain}.${target.name}`)},`);
        w.line(`async: ${st.async === true},`);
        w.line(
          `map: (event: ${typeOf(st.event, "Event")}): ${typeOf(target, "Event")} => (${fields.length === 0 ? "{}" : `{ ${fields.join(", ")} }`}),`,
        );
        if (st.to !== undefined) {
          if (usesCollections(st.to)) uses.collections = true;
          w.line(`to: (event: ${typeOf(st.event, "Event")}) => ${compileExpr(st.to, scope)},`);
        }
        w.line(`fits: (payload) => ${fits}(payload).ok,`);
      },
      "},",
    );
  }
}

/** The suite's `events` entries: the environment's events, once per participant. */
function eventsOf(w: CodeWriter, events: readonly ComposedEvent[], im: Imports): void {
  for (const ev of events) {
    const v = im.value(
      `../../contracts/${ev.event.domain}/validators.js`,
      ev.event.domain,
      `validate${pascalCase(ev.event.name)}Event`,
    );
    w.block(
      "{",
      () => {
        w.line(`participant: ${jsString(ev.participant)},`);
        w.line(`type: ${jsString(ev.type)},`);
        w.line(`payloads: [${ev.payloads.map(literal).join(", ")}],`);
        w.line(`numeric: [${ev.numeric.map(jsString).join(", ")}],`);
        w.line(`fits: ({ type: _type, ...payload }) => ${v}(payload).ok,`);
      },
      "},",
    );
  }
}

/** The text of `<flow>.flow.test.ts` (without header). */
export function flowTestModule(program: Program, flow: Flow): string {
  const names = flowSuiteNames(flow);
  const im = new Imports(flow.domain);
  const typeDomains = new Set<string>();
  const impls = flowParticipants(program, flow).map((p) => {
    const m = p.machine;
    const path = `../../machines/${m.domain}/${m.name}.machine.js`;
    const n = machineNames(m);
    const machine = im.value(path, m.domain, n.machine);
    const event = im.type(`../../machines/${m.domain}/${m.name}.model.js`, m.domain, n.event);
    typeDomains.add(m.domain).add(m.entity.domain);
    const state = `${typesAlias(m.domain, flow.domain)}.${m.name}State`;
    const entity = `${typesAlias(m.entity.domain, flow.domain)}.${m.entity.name}`;
    return `${p.name}: () => xstateImplementation<${state}, ${entity}, ${event}>(${machine}),`;
  });
  const w = createWriter();
  w.line(
    `/** Flow-based tests of '${commentText(flow.name)}': its participants' reference models and XState machines, wired by the flow, against the composed model and the flow's rules. */`,
  );
  w.line(`import { describe, expect, it } from "vitest";`);
  w.line(`import { replayFlowSeeds, xstateImplementation } from "${TESTING_IMPORT}";`);
  im.writeTo(w);
  for (const d of [...typeDomains].sort())
    w.line(`import type * as ${typesAlias(d, flow.domain)} from "../../contracts/${d}/types.js";`);
  w.line(`import { ${names.check}, ${names.suite} } from "./${flow.name}.flow-suite.js";`);
  w.line();
  w.block(
    `describe(${jsString(`${flow.name} (flow-based)`)}, () => {`,
    () => {
      w.block(
        `it("replays the explorer's paths through the composed system", () => {`,
        () =>
          w.line(
            `expect(replayFlowSeeds(${names.suite})).toBe(${names.suite}.seeds?.length ?? 0);`,
          ),
        "});",
      );
      w.line();
      w.block(
        `it("the participants' reference models keep the flow's rules on random command sequences", () => {`,
        () => w.line(`${names.check}({}, { numRuns: 100 });`),
        "});",
      );
      w.line();
      w.block(
        `it("the participants' XState machines agree with the composed model on random command sequences", () => {`,
        () =>
          w.block(
            `${names.check}(`,
            () => {
              w.block(
                "{",
                () => {
                  for (const l of impls) w.line(l);
                },
                "},",
              );
              w.line("{ numRuns: 100 },");
            },
            ");",
          ),
        "});",
      );
    },
    "});",
  );
  return w.toString();
}

export const flowTestsEmitter = defineEmitter({
  name: "flow-tests",
  description:
    "tests/<domain>/<flow>.flow-suite.ts and <flow>.flow.test.ts — flow-based tests of each flow explored as a system",
  emit(program, ctx) {
    const files = new Map<string, string>();
    for (const [flow, data] of ctx.analysis.flows) {
      files.set(
        `tests/${flow.domain}/${flow.name}.flow-suite.ts`,
        withHeader(flowSuiteModule(program, flow, data), "ts"),
      );
      files.set(
        `tests/${flow.domain}/${flow.name}.flow.test.ts`,
        withHeader(flowTestModule(program, flow), "ts"),
      );
    }
    return files;
  },
});
