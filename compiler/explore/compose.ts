/**
 * The machines a flow connects, composed into ONE machine model (the MachineModel of model.ts),
 * so the existing search explores a system exactly as it explores a machine: its verdicts,
 * traces, coverage, budget and stop-at-first apply unchanged.
 *
 * - A configuration is the product of the participants' configurations: the state is the tuple
 *   of their states (`order=submitted payment=authorized`), the fields are theirs, namespaced by
 *   participant (`order.paid`; `account[1].balance` for the second of several instances).
 * - The environment sends the events the flow's steps name (`payment.capture`), or with
 *   `events: all` every event of a participant that no step triggers. A step `a -> b` makes `b` happen in the same atomic step as `a`, with
 *   the payload the step maps, in every participant that handles `b` (with several instances,
 *   the one the step's `to:` picks, else the instance of the trigger's index). The composed step happens only when every event of the
 *   chain is accepted (a handshake): a refused consequence blocks its trigger. Each transition
 *   takes the first enabled transition of its state, as a machine does.
 * - The composed transitions of a state and event are the combinations of the transitions the
 *   chain may take; exactly one of their guards holds (the one the chain takes), so the search
 *   sees no overlap.
 * - Invariants: the flow's invariants over the participants' records and the conservation of its
 *   value (system.ts). A participant's own invariants are its machine's exploration's: the system
 *   only takes steps its machines take, with payloads of their types (a mapped payload outside
 *   its type fails the step, {@link PAYLOAD_ERROR}).
 */
import { channelPayload, CHANNEL_NAME, flowParticipants, SYSTEM_DOMAIN } from "../ir/flows.js";
import type { Field, Flow, Machine, Program, Ref, State, Transition } from "../ir/types.js";
import {
  createMachineModel,
  type CompiledInvariant,
  type CompiledTransition,
  type HandledEvent,
  type MachineModel,
  type ModelEvent,
} from "./model.js";
import { typeProblem } from "./values.js";
import {
  CHANNEL_FIELD,
  DELIVER_EVENT,
  FlowSteps,
  flowRefKey,
  REFUSED_FIELD,
  type Consequence,
  type Message,
} from "./compose-steps.js";
import { SlotViews, type Slot, type SystemView } from "./compose-views.js";

/** Most product states a composition enumerates. */
export const PRODUCT_CAP = 4096;

/** Deepest chain of triggered events followed in one step (the checker refuses cycles). */
const CHAIN_DEPTH = 8;

export { CHANNEL_FIELD, DELIVER_EVENT, PAYLOAD_ERROR, REFUSED_FIELD } from "./compose-steps.js";
export type { Slot, SystemView } from "./compose-views.js";

/** A composed model, or why a flow cannot be composed. */
export type Composition =
  | { readonly ok: true; readonly model: MachineModel; readonly slots: readonly Slot[] }
  | { readonly ok: false; readonly reason: string };

type Fn = (fields: unknown, event?: unknown, prev?: unknown) => unknown;
type Fields = Readonly<Record<string, unknown>>;

/** The outcome of one composed step, computed once per (fields, event). */
interface Run {
  /** Choice key: the transitions taken, in order. */
  readonly key: string;
  /** The fields after the step, of the touched slots only (flat names). */
  readonly next: Record<string, unknown>;
}

/** An invariant added by the caller, with the flat fields it reads (they become relevant). */
export type ExtraInvariant = CompiledInvariant & { readonly reads: readonly string[] };

/** Compose the participants of `flow` (see the module comment). */
export function composeFlow(
  program: Program,
  flow: Flow,
  extraInvariants: (slots: readonly Slot[], view: SystemView) => readonly ExtraInvariant[],
): Composition {
  const participants = flowParticipants(program, flow);
  if (participants.length === 0) return { ok: false, reason: "no machine takes part in it" };
  const slots: Slot[] = [];
  for (const p of participants) {
    const model = createMachineModel(program, p.machine);
    for (let i = 0; i < p.instances; i++)
      slots.push({
        name: p.instances === 1 ? p.name : `${p.name}[${i}]`,
        participant: p,
        index: i,
        model,
      });
  }
  let size = 1;
  for (const s of slots) size *= s.model.machine.states.length;
  if (size > PRODUCT_CAP)
    return {
      ok: false,
      reason: `its participants have ${size} combined states (more than ${PRODUCT_CAP})`,
    };

  const fields: Field[] = slots.flatMap((s) =>
    s.model.fields.map((f) => ({ ...f, name: `${s.name}.${f.name}` })),
  );
  const fieldByName = new Map(fields.map((f) => [f.name, f]));

  const steps = new FlowSteps(flow, slots);
  const { consequences, targets } = steps;
  const refKey = flowRefKey;
  const hasChannel = flow.steps.some((st) => st.async === true && st.triggers !== undefined);
  const capacity = flow.channel ?? 1;
  if (hasChannel) {
    const any: Field["type"] = { kind: "array", items: { kind: "object", fields: [] } };
    for (const name of [CHANNEL_FIELD, REFUSED_FIELD]) {
      const f: Field = { name, type: any, optional: true, loc: flow.loc };
      fields.push(f);
      fieldByName.set(name, f);
    }
  }

  // The composed events: every event of every slot that no step triggers.
  const events: HandledEvent[] = [];
  const eventSource = new Map<string, { slot: number; ev: HandledEvent }>();
  const eventReads = new Map<string, ReadonlySet<string> | "all">();
  slots.forEach((s, si) => {
    for (const ev of s.model.events) {
      if (targets.has(refKey(ev.ref))) continue;
      // By default only the events the flow's steps name; `events: all` adds each participant's others.
      if (flow.events !== "all" && !flow.steps.some((st) => refKey(st.event) === refKey(ev.ref)))
        continue;
      const key = `${s.name}.${ev.key}`;
      const he: HandledEvent = { key, ref: { domain: s.name, name: ev.key }, fields: ev.fields };
      events.push(he);
      eventSource.set(key, { slot: si, ev });
      eventReads.set(
        key,
        consequences.has(refKey(ev.ref))
          ? "all"
          : (s.model.eventReads.get(ev.key) ?? new Set<string>()),
      );
    }
  });
  if (hasChannel) {
    events.push({ key: DELIVER_EVENT, ref: { domain: "$channel", name: "deliver" }, fields: [] });
    eventReads.set(DELIVER_EVENT, new Set<string>());
  }
  const slotByName = new Map(slots.map((s, i) => [s.name, i]));

  const slotViews = new SlotViews(slots);
  const { owns, flats } = slotViews;
  const viewOf = (fieldsIn: Fields, si: number) => slotViews.viewOf(fieldsIn, si);
  const viewIn = (fieldsIn: Fields, si: number) => slotViews.viewIn(fieldsIn, si);

  const handlersOf = (c: Consequence, from: number, event?: ModelEvent) =>
    steps.handlersOf(c, from, event);
  const localKey = (si: number, target: Ref) => steps.localKey(si, target);
  const consequencesOf = (ref: Ref) => steps.consequencesOf(ref);

  // The run of one composed step from a product state (dynamic: guards decide the transitions),
  // memoized on the last inputs (the search asks every guard and effect of one step in a row).
  let lastTuple: readonly string[] | undefined;
  let lastFields: Fields | undefined;
  let lastEvent: ModelEvent | undefined;
  let lastRun: Run | null = null;
  const run = (tuple: readonly string[], fieldsIn: Fields, event: ModelEvent): Run | null => {
    if (tuple === lastTuple && fieldsIn === lastFields && event === lastEvent) return lastRun;
    lastRun = computeRun(tuple, fieldsIn, event);
    lastTuple = tuple;
    lastFields = fieldsIn;
    lastEvent = event;
    return lastRun;
  };
  const computeRun = (
    tuple: readonly string[],
    fieldsIn: Fields,
    event: ModelEvent,
  ): Run | null => {
    const src = eventSource.get(event.type);
    if (src === undefined && event.type !== DELIVER_EVENT) return null;
    const views = new Map<number, Record<string, unknown>>();
    const states = [...tuple];
    let keys: string[] = [];
    const channel: Message[] = hasChannel
      ? [...((fieldsIn[CHANNEL_FIELD] as Message[] | undefined) ?? [])]
      : [];
    let refused: string | undefined;
    const take = (si: number, evKey: string, ev: ModelEvent, ref: Ref, depth: number): boolean => {
      if (depth > CHAIN_DEPTH) return false;
      const slot = slots[si];
      const view = views.get(si) ?? viewIn(fieldsIn, si);
      const state = states[si];
      const ts = slot.model.transitionsFor(state, evKey);
      let chosen: CompiledTransition | undefined;
      for (const t of ts) {
        if (t.guard === undefined || t.guard(view, ev) === true) {
          chosen = t;
          break;
        }
      }
      if (chosen === undefined) return false;
      keys.push(`${slot.name}:${chosen.id}`);
      views.set(si, slot.model.apply(chosen, view, ev));
      states[si] = chosen.to;
      for (const c of consequencesOf(ref)) {
        const payload = c.payload(ev);
        for (const [h] of handlersOf(c, si, ev)) {
          // An instance index out of range refuses the step, as a refused event does.
          if (h === undefined) return false;
          if (c.async) {
            // A full channel makes the trigger wait.
            if (channel.length >= capacity) return false;
            channel.push({ to: slots[h].name, event: payload });
          } else if (!take(h, localKey(h, c.target), payload, c.target, depth + 1)) return false;
        }
      }
      return true;
    };
    if (src !== undefined) {
      if (!take(src.slot, src.ev.key, event, src.ev.ref, 0)) return null;
    } else {
      // Deliver the oldest queued event; refused, it is lost (and reported).
      const msg = channel.shift();
      if (msg === undefined) return null;
      const h = slotByName.get(msg.to) as number;
      const dot = msg.event.type.indexOf(".");
      const ref = { domain: msg.event.type.slice(0, dot), name: msg.event.type.slice(dot + 1) };
      const queued = channel.length;
      if (!take(h, localKey(h, ref), msg.event, ref, 0)) {
        views.clear();
        for (let i = 0; i < states.length; i++) states[i] = tuple[i];
        channel.length = queued;
        keys = [`refused by ${msg.to}`];
        refused = `'${msg.event.type}' was refused by ${msg.to} in state '${tuple[h]}'`;
      }
    }
    const next: Record<string, unknown> = {};
    for (const [si, view] of views) {
      const own = owns[si];
      const flat = flats[si];
      for (let k = 0; k < own.length; k++) next[flat[k]] = view[own[k]];
    }
    if (hasChannel) {
      next[CHANNEL_FIELD] = channel;
      next[REFUSED_FIELD] = refused;
    }
    return { key: keys.join(" + "), next };
  };

  // Product states.
  const stateNames = (tuple: readonly string[]) =>
    tuple.map((st, i) => `${slots[i].name}=${st}`).join(" ");
  const tuples: string[][] = [[]];
  for (const s of slots) {
    const grown: string[][] = [];
    for (const t of tuples) for (const st of s.model.machine.states) grown.push([...t, st.name]);
    tuples.length = 0;
    tuples.push(...grown);
  }
  const tupleOf = new Map(tuples.map((t) => [stateNames(t), t]));
  const finalTuple = (t: readonly string[]) => t.every((st, i) => slots[i].model.finals.has(st));

  // Static expansion of the composed transitions of one product state and event.
  const table = new Map<string, Map<string, CompiledTransition[]>>();
  const expand = (tuple: readonly string[], he: HandledEvent): CompiledTransition[] => {
    const src = eventSource.get(he.key);
    const out: {
      keys: string[];
      tuple: string[];
      writes: Map<number, Set<string>>;
      first: Transition;
    }[] = [];
    const walk = (
      state: string[],
      si: number,
      evKey: string,
      ref: Ref,
      keys: string[],
      writes: Map<number, Set<string>>,
      first: Transition | undefined,
      depth: number,
      rest: (s: string[], k: string[], w: Map<number, Set<string>>, f: Transition) => void,
    ) => {
      if (depth > CHAIN_DEPTH) return;
      const slot = slots[si];
      for (const t of slot.model.transitionsFor(state[si], evKey)) {
        const nextState = [...state];
        nextState[si] = t.to;
        const w = new Map([...writes].map(([k, v]) => [k, new Set(v)]));
        const set = w.get(si) ?? new Set<string>();
        for (const x of t.sets) set.add(x.field.name);
        if (slot.model.machine.stateField !== undefined) set.add(slot.model.machine.stateField);
        w.set(si, set);
        const k = [...keys, `${slot.name}:${t.id}`];
        const f = first ?? t.decl;
        // Then every consequence, in order, for every handler.
        const queue: [readonly number[], Ref][] = [];
        for (const c of consequences.get(refKey(ref)) ?? [])
          if (!c.async) for (const hs of handlersOf(c, si)) queue.push([hs, c.target]);
        const chain = (qi: number, s: string[], kk: string[], ww: Map<number, Set<string>>) => {
          if (qi === queue.length) {
            rest(s, kk, ww, f);
            return;
          }
          const [hs, target] = queue[qi];
          for (const h of hs)
            walk(s, h, localKey(h, target), target, kk, ww, f, depth + 1, (s2, k2, w2) =>
              chain(qi + 1, s2, k2, w2),
            );
        };
        chain(0, nextState, k, w);
      }
    };
    const push = (s: string[], k: string[], w: Map<number, Set<string>>, f: Transition) =>
      out.push({ keys: k, tuple: s, writes: w, first: f });
    if (src !== undefined)
      walk([...tuple], src.slot, src.ev.key, src.ev.ref, [], new Map(), undefined, 0, push);
    else {
      // Delivery: every queued event any participant instance may take, or its refusal.
      const refusal: Transition = { event: he.ref, to: stateNames(tuple), set: [], loc: flow.loc };
      const seen = new Set<string>();
      for (const cs of consequences.values()) {
        for (const c of cs) {
          if (!c.async) continue;
          slots.forEach((sl, i) => {
            if (
              !sl.model.events.some((e) => refKey(e.ref) === refKey(c.target)) ||
              seen.has(`${i} ${refKey(c.target)}`)
            )
              return;
            seen.add(`${i} ${refKey(c.target)}`);
            walk([...tuple], i, localKey(i, c.target), c.target, [], new Map(), undefined, 0, push);
            if (!seen.has(`refused ${i}`)) {
              seen.add(`refused ${i}`);
              push([...tuple], [`refused by ${sl.name}`], new Map(), refusal);
            }
          });
        }
      }
    }
    return out.map((o): CompiledTransition => {
      const key = o.keys.join(" + ");
      const to = stateNames(o.tuple);
      const sets: { field: Field; fn: Fn; loc: Transition["loc"] }[] = [];
      for (const [si, names] of o.writes) {
        for (const own of names) {
          const flat = `${slots[si].name}.${own}`;
          const field = fieldByName.get(flat);
          if (field === undefined) continue;
          sets.push({
            field,
            fn: (f, e) => run(tuple, f as Fields, e as ModelEvent)?.next[flat],
            loc: o.first.loc,
          });
        }
      }
      if (hasChannel) {
        for (const name of [CHANNEL_FIELD, REFUSED_FIELD]) {
          sets.push({
            field: fieldByName.get(name) as Field,
            fn: (f, e) => run(tuple, f as Fields, e as ModelEvent)?.next[name],
            loc: o.first.loc,
          });
        }
      }
      const decl: Transition = {
        event: he.ref,
        to,
        ...(o.first.guard ? { guard: o.first.guard } : {}),
        set: [],
        loc: o.first.loc,
      };
      const sourceName = stateNames(tuple);
      return {
        id: key,
        source: sourceName,
        event: he.key,
        to,
        guard: (f, e) => run(tuple, f as Fields, e as ModelEvent)?.key === key,
        sets,
        decl,
      };
    });
  };
  const transitionsFor = (state: string, event: string): readonly CompiledTransition[] => {
    let byEvent = table.get(state);
    if (byEvent === undefined) {
      byEvent = new Map();
      table.set(state, byEvent);
    }
    let list = byEvent.get(event);
    if (list === undefined) {
      const tuple = tupleOf.get(state);
      const he = events.find((e) => e.key === event);
      list = tuple === undefined || he === undefined ? [] : expand(tuple, he);
      byEvent.set(event, list);
    }
    return list;
  };

  const states: State[] = tuples.map((t) => {
    const name = stateNames(t);
    const transitions = events.flatMap((he) => transitionsFor(name, he.key).map((ct) => ct.decl));
    return { name, final: finalTuple(t), transitions, loc: flow.loc };
  });
  const initialTuple = slots.map((s) => s.model.machine.initial);
  const machine: Machine = {
    kind: "machine",
    domain: SYSTEM_DOMAIN,
    name: flow.name,
    approvedBreaking: [],
    entity: { domain: SYSTEM_DOMAIN, name: flow.name },
    initial: stateNames(initialTuple),
    init: [],
    states,
    // Over the events of its steps only, the system stops where the flow ends: a deadlock is only
    // a finding when every event of the participants is sent (`events: all`).
    ...(flow.events !== "all" ||
    flow.deadlock === "allowed" ||
    slots.some((s) => s.model.machine.deadlock === "allowed")
      ? { deadlock: "allowed" as const }
      : {}),
    loc: flow.loc,
  };

  const init: Record<string, unknown> = {};
  for (const s of slots) {
    for (const [k, v] of Object.entries(s.model.init)) init[`${s.name}.${k}`] = v;
    const sf = s.model.machine.stateField;
    if (sf !== undefined) init[`${s.name}.${sf}`] = s.model.machine.initial;
  }
  const free = slots.flatMap((s) =>
    s.model.free.map((f) => ({
      field: fieldByName.get(`${s.name}.${f.field.name}`)!,
      values: f.values,
    })),
  );
  const relevant = new Set<string>(hasChannel ? [CHANNEL_FIELD, REFUSED_FIELD] : []);
  if (hasChannel) init[CHANNEL_FIELD] = [];
  for (const s of slots) for (const r of s.model.relevant) relevant.add(`${s.name}.${r}`);

  const applyValues = (
    t: CompiledTransition,
    before: Fields,
    values: readonly unknown[],
  ): Record<string, unknown> => {
    const next: Record<string, unknown> = { ...before };
    for (let k = 0; k < t.sets.length; k++) {
      const v = values[k];
      if (v === undefined) delete next[t.sets[k].field.name];
      else next[t.sets[k].field.name] = v;
    }
    return next;
  };
  const model: MachineModel = {
    id: `${flow.domain}.${flow.name}`,
    machine,
    scope: slots[0].model.scope,
    fields,
    finals: new Set(states.filter((s) => s.final).map((s) => s.name)),
    events,
    invariants: [],
    transitionsFor,
    init,
    free,
    relevant,
    eventReads,
    apply: (t, before, event) =>
      applyValues(
        t,
        before,
        t.sets.map((s) => s.fn(before, event)),
      ),
    applyValues,
    fieldProblem: (field, value) =>
      field.name.startsWith("$")
        ? undefined
        : value === undefined
          ? field.optional
            ? undefined
            : `'${field.name}' is missing`
          : typeProblem(slots[0].model.scope, field.type, value),
  };
  const channelNamed =
    hasChannel &&
    channelPayload(program, flow) !== undefined &&
    !slots.some((s) => s.participant.name === CHANNEL_NAME);
  const systemView: SystemView = slotViews.systemView(channelNamed);
  const extra = extraInvariants(slots, systemView);
  for (const inv of extra) for (const r of inv.reads) relevant.add(r);
  return { ok: true, model: { ...model, invariants: [...extra], relevant }, slots };
}
