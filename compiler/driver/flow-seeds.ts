/**
 * The composed flows of the analysis phase (emit/emitter.ts ComposedFlow): each flow explored as
 * a system (explore/system.ts) composed into one model (explore/compose.ts), and what its
 * flow-based suite embeds taken from that model: participants, initial systems, event payloads
 * and the seed search's paths (explore/build.ts SEED_SEARCH). Computed once per build, or taken
 * from the build memo by the flow's content key; the flow-tests emitter only prints it.
 */
import type {
  BuildMemo,
  ComposedCommand,
  ComposedEvent,
  ComposedFlow,
  ComposedParticipant,
  EntitiesByRecord,
} from "../emit/emitter.js";
import { SEED_SEARCH, seedCoverage } from "../explore/build.js";
import { composeFlow, DELIVER_EVENT, type Composition, type Slot } from "../explore/compose.js";
import type { MachineModel } from "../explore/model.js";
import { product, spreadInitialConfigs } from "../explore/payloads.js";
import { systemKey } from "../explore/system-build.js";
import { systemFlows } from "../explore/system.js";
import type { Trace } from "../explore/trace.js";
import { fieldDomain } from "../explore/values.js";
import { flowParticipants } from "../ir/flows.js";
import type { Flow, Program } from "../ir/types.js";
import { isNumeric, spread } from "./machine-seeds.js";
import { every, isRecord, isString } from "../shared/shape-guards.js";

/** Most initial systems, payloads per event and seed paths embedded per flow. */
const MAX_INITIAL = 24;
const MAX_PAYLOADS = 16;
const MAX_SEEDS = 16;

/** The composed flows of `program` in program order, each from `memo` when it holds it. */
export function composeFlows(program: Program, memo?: BuildMemo): Map<Flow, ComposedFlow> {
  const out = new Map<Flow, ComposedFlow>();
  for (const flow of systemFlows(program)) {
    const key = composedFlowKey(program, flow);
    const valid = (v: unknown): v is ComposedFlow | null =>
      isComposedFlowOrNull(v) && (v === null || namesOf(program, flow, v));
    let x = memo?.peek(key, valid);
    if (x === undefined) {
      x = composedFlow(program, flow);
      memo?.put(key, x);
    }
    if (x !== null) out.set(flow, x);
  }
  return out;
}

/** The content key of a flow's composed data: what the seed search of its system reads. */
export function composedFlowKey(program: Program, flow: Flow): string {
  return `flow-seeds ${systemKey(program, flow, SEED_SEARCH.budget)}`;
}

/** A flow's composed data, or null when it cannot be composed (the build reports why, IC8025). */
export function composedFlow(program: Program, flow: Flow): ComposedFlow | null {
  let composition: Composition;
  try {
    composition = composeFlow(program, flow, () => []);
  } catch {
    return null;
  }
  if (!composition.ok) return null;
  const { model, slots } = composition;
  const participants: ComposedParticipant[] = [
    ...new Map(slots.map((s) => [s.participant, s])).values(),
  ].map(({ participant: p, model: pm }) => ({
    name: p.name,
    instances: p.instances,
    machine: { domain: p.machine.domain, name: p.machine.name },
    numericFields: pm.fields.filter((f) => isNumeric(pm, f.type)).map((f) => f.name),
  }));
  const seeds = spread(seedCoverage(program, model.machine, model), MAX_SEEDS).map((t) => ({
    initial: entitiesByRecord(slots, t.initial.fields),
    commands: commandsOf(t),
  }));
  const initial = spreadInitialConfigs(model, 4096, MAX_INITIAL).map((c) =>
    entitiesByRecord(slots, c.fields),
  );
  return { participants, initial, events: eventsOf(model, slots), seeds };
}

/** The record without its undefined entries (JSON drops them; the suites print none). */
function defined(record: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(record)) if (v !== undefined) out[k] = v;
  return out;
}

/** Per slot, its entity from a composed configuration's flat fields (`order.paid`). */
function entitiesByRecord(
  slots: readonly Slot[],
  flat: Readonly<Record<string, unknown>>,
): EntitiesByRecord {
  const out: Record<string, unknown> = {};
  for (const s of slots) {
    const e: Record<string, unknown> = {};
    const prefix = `${s.name}.`;
    for (const [k, v] of Object.entries(flat))
      if (k.startsWith(prefix) && v !== undefined) e[k.slice(prefix.length)] = v;
    if (s.participant.instances === 1) out[s.participant.name] = e;
    else ((out[s.participant.name] ??= []) as unknown[]).push(e);
  }
  return out;
}

/** A seed path's commands: events sent to slots, or deliveries. */
function commandsOf(trace: Trace): ComposedCommand[] {
  return trace.steps.map((st) => {
    const type = st.event.type;
    if (type === DELIVER_EVENT) return { deliver: true };
    const dot = type.indexOf(".");
    return {
      slot: type.slice(0, dot),
      event: defined({ ...st.event, type: type.slice(dot + 1) }),
    };
  });
}

/** The environment's events, once per participant and event type, with their payloads. */
function eventsOf(model: MachineModel, slots: readonly Slot[]): ComposedEvent[] {
  const out: ComposedEvent[] = [];
  const seen = new Set<string>();
  for (const ev of model.events) {
    if (ev.key === DELIVER_EVENT) continue;
    const slot = slots.find((s) => ev.key.startsWith(`${s.name}.`));
    if (slot === undefined) continue;
    const local = ev.key.slice(slot.name.length + 1);
    const key = `${slot.participant.name} ${local}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const own = slot.model.events.find((x) => x.key === local);
    if (own === undefined) continue;
    const payloads = product(
      ev.fields.map((f) => fieldDomain(model.scope, f)),
      MAX_PAYLOADS,
    ).map((vals) => {
      const p: Record<string, unknown> = { type: local };
      ev.fields.forEach((f, i) => {
        if (vals[i] !== undefined) p[f.name] = vals[i];
      });
      return p;
    });
    out.push({
      participant: slot.participant.name,
      type: local,
      event: { domain: own.ref.domain, name: own.ref.name },
      payloads,
      numeric: ev.fields.filter((f) => isNumeric(model, f.type)).map((f) => f.name),
    });
  }
  return out;
}

/**
 * Whether stored data names what the Program has: the flow's participants, and declared events
 * of participants (the suite prints these names as code, so a stored value must not bring others).
 */
function namesOf(program: Program, flow: Flow, data: ComposedFlow): boolean {
  const parts = flowParticipants(program, flow);
  const names = new Set(parts.map((p) => p.name));
  return (
    data.participants.length === parts.length &&
    parts.every((p, i) => {
      const d = data.participants[i];
      return (
        d.name === p.name &&
        d.instances === p.instances &&
        d.machine.domain === p.machine.domain &&
        d.machine.name === p.machine.name
      );
    }) &&
    data.events.every(
      (e) =>
        names.has(e.participant) &&
        program.domains.some(
          (d) => d.name === e.event.domain && d.events.some((x) => x.name === e.event.name),
        ),
    )
  );
}

const isRef = (v: unknown) => isRecord(v) && isString(v.domain) && isString(v.name);

/** Whether a stored value (from an earlier build's memo, untrusted) has the shape of the data. */
export function isComposedFlowOrNull(v: unknown): v is ComposedFlow | null {
  if (v === null) return true;
  if (!isRecord(v)) return false;
  const participant = (p: unknown) =>
    isRecord(p) &&
    isString(p.name) &&
    Number.isSafeInteger(p.instances) &&
    isRef(p.machine) &&
    every(p.numericFields, isString);
  const event = (e: unknown) =>
    isRecord(e) &&
    isString(e.participant) &&
    isString(e.type) &&
    isRef(e.event) &&
    every(e.payloads, isRecord) &&
    every(e.numeric, isString);
  const command = (c: unknown) =>
    isRecord(c) && (c.deliver === true || (isString(c.slot) && isRecord(c.event)));
  const seed = (s: unknown) => isRecord(s) && isRecord(s.initial) && every(s.commands, command);
  return (
    every(v.participants, participant) &&
    every(v.initial, isRecord) &&
    every(v.events, event) &&
    every(v.seeds, seed)
  );
}
