/**
 * The machines a flow connects (its participants), shared by the flow checks (check/flows.rule.ts),
 * the system exploration (explore/system.ts) and the emitters: the declared `participants:`, or,
 * when none are declared, every machine with a transition on an event of a step, named after its
 * entity (`Order` → `order`) in order of first appearance.
 */
import { derivation, derived, keyedDerivation } from "./derived.js";
import type { Domain, Entity, Field, Flow, Loc, Machine, Program, Ref, TypeExpr } from "./types.js";

/** One participant, resolved. */
export interface Participant {
  /** The record name in the flow's expressions (`order`). */
  readonly name: string;
  readonly machine: Machine;
  /** The machine's entity (undefined when it does not exist: bind reported it). */
  readonly entity?: Entity;
  readonly instances: number;
  readonly loc: Loc;
}

const sameRef = (a: Ref, b: Ref) => a.domain === b.domain && a.name === b.name;

/** Find a machine by reference. */
export function findMachine(program: Program, ref: Ref): Machine | undefined {
  return program.domains
    .find((d) => d.name === ref.domain)
    ?.machines.find((m) => m.name === ref.name);
}

/** Find an entity by reference. */
export function findEntity(program: Program, ref: Ref): Entity | undefined {
  return program.domains
    .find((d) => d.name === ref.domain)
    ?.entities.find((e) => e.name === ref.name);
}

/** Whether a machine has a transition on `event`. */
export function handles(machine: Machine, event: Ref): boolean {
  return machine.states.some((s) => s.transitions.some((t) => sameRef(t.event, event)));
}

/** The events of a flow's steps, triggers included, in order of first appearance. */
export function flowEvents(flow: Flow): Ref[] {
  const out: Ref[] = [];
  for (const s of flow.steps) {
    for (const r of s.triggers ? [s.event, s.triggers] : [s.event])
      if (!out.some((x) => sameRef(x, r))) out.push(r);
  }
  return out;
}

/** Lower-case the first letter: the record name of an entity (`Order` → `order`). */
export function recordName(entity: string): string {
  return entity.slice(0, 1).toLowerCase() + entity.slice(1);
}

const PARTICIPANTS = keyedDerivation("flow participants", participantsOf);

/** The machines with a transition on each event (`domain\0name`), in program order. */
const HANDLERS = derivation("event handlers", (program: Program) => {
  const out = new Map<string, Machine[]>();
  for (const d of program.domains) {
    for (const machine of d.machines) {
      for (const s of machine.states) {
        for (const t of s.transitions) {
          const key = `${t.event.domain}\u0000${t.event.name}`;
          const list = out.get(key) ?? [];
          if (list[list.length - 1] !== machine) list.push(machine);
          out.set(key, list);
        }
      }
    }
  }
  return out;
});

/**
 * The machines a flow connects, in joining order (declared `participants:`, else each machine at
 * the first of the flow's events it handles). Derived data of the Program: computed once per flow.
 */
export function flowParticipants(program: Program, flow: Flow): readonly Participant[] {
  return derived(program, PARTICIPANTS, flow);
}

function participantsOf(program: Program, flow: Flow): Participant[] {
  if (flow.participants !== undefined) {
    return flow.participants.flatMap((p) => {
      const machine = findMachine(program, p.machine);
      if (machine === undefined) return [];
      const entity = findEntity(program, machine.entity);
      return [
        {
          name: p.name,
          machine,
          ...(entity ? { entity } : {}),
          instances: p.instances,
          loc: p.loc,
        },
      ];
    });
  }
  // Each machine joins at the first of the flow's events it handles, machines of one event in
  // program order: the flow's events in order, each looked up in the Program's index of handlers
  // (built once; scanning every transition per flow made many flows and machines quadratic).
  const handlers = derived(program, HANDLERS);
  const joined = new Set<Machine>();
  for (const ev of flowEvents(flow))
    for (const machine of handlers.get(`${ev.domain}\u0000${ev.name}`) ?? []) joined.add(machine);
  const out: Participant[] = [];
  for (const m of joined) {
    const entity = findEntity(program, m.entity);
    let name = recordName(m.entity.name);
    if (out.some((p) => p.name === name)) name = recordName(m.name);
    out.push({ name, machine: m, ...(entity ? { entity } : {}), instances: 1, loc: flow.loc });
  }
  return out;
}

/** The participants (of `list`) whose machine handles `event`. */
export function handlersOf(list: readonly Participant[], event: Ref): Participant[] {
  return list.filter((p) => handles(p.machine, event));
}

/** The name of the synthetic domain that holds a flow's system record (never a user domain: `$`). */
export const SYSTEM_DOMAIN = "$system";

/**
 * The Program a flow's system expressions are type-checked and compiled against: `program` plus
 * a domain {@link SYSTEM_DOMAIN} with one entity, `<flow>`, whose fields are the participants
 * (`order: orders.Order`; an array of the entity for several instances), and, when `value` is
 * given, a hidden field `$value` of that type (the result type of a holder).
 */
export function systemProgram(
  program: Program,
  flow: Flow,
  participants: readonly Participant[],
): { program: Program; entity: Ref } {
  const fields: Field[] = participants.flatMap((p): Field[] => {
    if (p.entity === undefined) return [];
    const one: TypeExpr = {
      kind: "ref",
      target: "entity",
      ref: { domain: p.entity.domain, name: p.entity.name },
    };
    const type: TypeExpr =
      p.instances === 1
        ? one
        : { kind: "array", items: one, minItems: p.instances, maxItems: p.instances };
    return [{ name: p.name, type, optional: false, loc: p.loc }];
  });
  const queued = channelPayload(program, flow);
  if (queued !== undefined && !participants.some((p) => p.name === CHANNEL_NAME)) {
    fields.push({
      name: CHANNEL_NAME,
      type: { kind: "array", items: { kind: "object", fields: queued } },
      optional: false,
      loc: flow.loc,
    });
  }
  const value: TypeExpr = flow.value
    ? { kind: "ref", target: isEntityRef(program, flow.value) ? "entity" : "type", ref: flow.value }
    : { kind: "primitive", name: "number", constraints: {} };
  fields.push({ name: VALUE_FIELD, type: value, optional: false, loc: flow.loc });
  const entity: Entity = {
    kind: "entity",
    domain: SYSTEM_DOMAIN,
    name: flow.name,
    approvedBreaking: [],
    fields,
    loc: flow.loc,
  };
  const domain: Domain = {
    name: SYSTEM_DOMAIN,
    version: "0.0.0",
    owners: [],
    file: flow.loc.file,
    loc: flow.loc,
    versionLoc: flow.loc,
    types: [],
    entities: [entity],
    events: [],
    machines: [],
    invariants: [],
    apis: [],
    flows: [],
    slices: [],
  };
  return {
    program: { ...program, domains: [...program.domains, domain] },
    entity: { domain: SYSTEM_DOMAIN, name: flow.name },
  };
}

/** The record name of the queued events of a flow's `async` steps. */
export const CHANNEL_NAME = "channel";

/**
 * The payload fields of the events a flow's `async` steps queue, when they all queue the same
 * event (its expressions then read `channel`, the queued payloads, oldest first); else undefined.
 */
export function channelPayload(program: Program, flow: Flow): readonly Field[] | undefined {
  const targets = flow.steps
    .filter((s) => s.async === true && s.triggers !== undefined)
    .map((s) => s.triggers as Ref);
  if (
    targets.length === 0 ||
    targets.some((t) => t.domain !== targets[0].domain || t.name !== targets[0].name)
  )
    return undefined;
  return program.domains
    .find((d) => d.name === targets[0].domain)
    ?.events.find((e) => e.name === targets[0].name)?.fields;
}

/** The hidden field of the system record typed by the flow's value (see {@link systemProgram}). */
export const VALUE_FIELD = "$value";

function isEntityRef(program: Program, ref: Ref): boolean {
  return findEntity(program, ref) !== undefined;
}
