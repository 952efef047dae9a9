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
import { compileFunction } from "../expr/compile.js";
import { eventKey } from "../ir/event-key.js";
import {
  channelPayload,
  CHANNEL_NAME,
  flowParticipants,
  SYSTEM_DOMAIN,
  type Participant,
} from "../ir/flows.js";
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

/** Prefix of the error a step throws when it maps a payload outside the triggered event's type. */
export const PAYLOAD_ERROR = "flow payload: ";

/** Most product states a composition enumerates. */
export const PRODUCT_CAP = 4096;

/** Most payloads a step remembers (see `cached` in composeFlow). */
const PAYLOAD_CACHE = 4096;

/** Deepest chain of triggered events followed in one step (the checker refuses cycles). */
const CHAIN_DEPTH = 8;

/** One instance of a participant in the composed model. */
export interface Slot {
  /** Prefix of its fields and events: `order`, or `account[1]`. */
  readonly name: string;
  readonly participant: Participant;
  readonly index: number;
  readonly model: MachineModel;
}

/** A composed model, or why a flow cannot be composed. */
export type Composition =
  | { readonly ok: true; readonly model: MachineModel; readonly slots: readonly Slot[] }
  | { readonly ok: false; readonly reason: string };

type Fn = (fields: unknown, event?: unknown, prev?: unknown) => unknown;
type Fields = Readonly<Record<string, unknown>>;

/** A trigger: what a step makes happen after an event of one participant. */
interface Consequence {
  readonly target: Ref;
  /** Build the triggered payload from the trigger's. */
  readonly payload: (event: ModelEvent) => ModelEvent;
  /** The instance index that takes it, from the trigger's payload (`to:`). */
  readonly to?: Fn;
  /** Queued in the channel (`async: true`) instead of taken in the same step. */
  readonly async: boolean;
}

/** A queued asynchronous event: the slot that takes it and its payload (`type` is `domain.event`). */
interface Message {
  readonly to: string;
  readonly event: ModelEvent;
}

/** The composed fields of the channel of `async` steps and of the event it last refused. */
export const CHANNEL_FIELD = "$channel";
export const REFUSED_FIELD = "$refused";
/** The environment event that delivers the channel's oldest event. */
export const DELIVER_EVENT = "$channel.deliver";

/** The outcome of one composed step, computed once per (fields, event). */
interface Run {
  /** Choice key: the transitions taken, in order. */
  readonly key: string;
  /** The fields after the step, of the touched slots only (flat names). */
  readonly next: Record<string, unknown>;
}

/** An invariant added by the caller, with the flat fields it reads (they become relevant). */
export type ExtraInvariant = CompiledInvariant & { readonly reads: readonly string[] };

/**
 * The participants' records of a composed configuration, as system expressions read them:
 * `{ order: {…}, payment: {…} }`, an array per participant with several instances.
 */
export type SystemView = (fields: Readonly<Record<string, unknown>>) => Record<string, unknown>;

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

  // Consequences of each event (by `domain.name`), from the flow's steps.
  const consequences = new Map<string, Consequence[]>();
  const targets = new Set<string>();
  for (const step of flow.steps) {
    if (step.triggers === undefined) continue;
    const source = `${step.event.domain}.${step.event.name}`;
    const targetKey = `${step.triggers.domain}.${step.triggers.name}`;
    targets.add(targetKey);
    const targetFields =
      slots
        .flatMap((s) => s.model.events)
        .find((e) => e.ref.domain === step.triggers?.domain && e.ref.name === step.triggers.name)
        ?.fields ?? [];
    const mapping = step.with?.map((a) => ({ field: a.field, fn: compileFunction(a.expr) as Fn }));
    const payload = (event: ModelEvent): ModelEvent => {
      const out: Record<string, unknown> = { type: targetKey };
      if (mapping !== undefined) {
        for (const m of mapping) {
          const v = m.fn({}, event);
          if (v !== undefined) out[m.field] = v;
        }
      } else {
        for (const f of targetFields) if (event[f.name] !== undefined) out[f.name] = event[f.name];
      }
      for (const f of targetFields) {
        const v = out[f.name];
        const problem =
          v === undefined
            ? f.optional
              ? undefined
              : "it is missing"
            : typeProblem(slots[0].model.scope, f.type, v);
        if (problem !== undefined)
          throw new Error(
            `${PAYLOAD_ERROR}payload field '${f.name}' of '${targetKey}' is outside its type: ${problem}`,
          );
      }
      return out as ModelEvent;
    };
    const to = step.to === undefined ? {} : { to: compileFunction(step.to) as Fn };
    // Payloads by trigger (the search sends the same event objects from every configuration):
    // the payload, or the error it threw.
    const made = new Map<ModelEvent, ModelEvent | Error>();
    const cached = (event: ModelEvent): ModelEvent => {
      let out = made.get(event);
      if (out === undefined) {
        try {
          out = payload(event);
        } catch (e) {
          out = e instanceof Error ? e : new Error(String(e));
        }
        if (made.size < PAYLOAD_CACHE) made.set(event, out);
      }
      if (out instanceof Error) throw out;
      return out;
    };
    consequences.set(source, [
      ...(consequences.get(source) ?? []),
      { target: step.triggers, payload: cached, ...to, async: step.async === true },
    ]);
  }
  const refKey = (r: Ref) => `${r.domain}.${r.name}`;
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

  // Views: a slot's fields under their own names, as its machine's functions read them.
  const prefixes = slots.map((s) =>
    s.model.fields.map((f) => [f.name, `${s.name}.${f.name}`] as const),
  );
  const owns = prefixes.map((p) => p.map(([own]) => own));
  const flats = prefixes.map((p) => p.map(([, flat]) => flat));
  const viewOf = (fieldsIn: Fields, si: number): Record<string, unknown> => {
    const v: Record<string, unknown> = {};
    const own = owns[si];
    const flat = flats[si];
    for (let k = 0; k < own.length; k++) {
      const x = fieldsIn[flat[k]];
      if (x !== undefined) v[own[k]] = x;
    }
    return v;
  };

  // The slots' views of the fields last given (the search asks every event of a configuration in
  // a row; views are never modified).
  let viewsOf: Fields | undefined;
  const inViews: (Record<string, unknown> | undefined)[] = [];
  const viewIn = (fieldsIn: Fields, si: number): Record<string, unknown> => {
    if (viewsOf !== fieldsIn) {
      viewsOf = fieldsIn;
      inViews.fill(undefined);
    }
    return (inViews[si] ??= viewOf(fieldsIn, si));
  };

  /**
   * Handler slots of a triggered event, for a trigger in slot `from`: per participant handling it,
   * the instances that may take it — the one `to:` picks from `event` (every instance when no
   * event is given: the static expansion), else the instance of the trigger's index (modulo).
   */
  const handling = new Map<Consequence, readonly number[]>();
  /** The first slot of each participant that handles `c`'s target. */
  const handlingOf = (c: Consequence): readonly number[] => {
    let out = handling.get(c);
    if (out === undefined) {
      const seen = new Set<Participant>();
      const found: number[] = [];
      for (let i = 0; i < slots.length; i++) {
        const s = slots[i];
        if (
          seen.has(s.participant) ||
          !s.model.events.some(
            (e) => e.ref.domain === c.target.domain && e.ref.name === c.target.name,
          )
        )
          continue;
        seen.add(s.participant);
        found.push(i);
      }
      handling.set(c, (out = found));
    }
    return out;
  };
  const handlersOf = (c: Consequence, from: number, event?: ModelEvent): number[][] => {
    const out: number[][] = [];
    for (const i of handlingOf(c)) {
      const s = slots[i];
      const n = s.participant.instances;
      if (c.to !== undefined && n > 1) {
        if (event === undefined) out.push(Array.from({ length: n }, (_, k) => i + k));
        else {
          const idx = c.to({}, event);
          out.push(
            typeof idx === "number" && Number.isInteger(idx) && idx >= 0 && idx < n
              ? [i + idx]
              : [],
          );
        }
      } else out.push([i + (slots[from].index % n)]);
    }
    return out;
  };
  const localKeys = new Map<Ref, string[]>();
  const localKey = (si: number, target: Ref) => {
    let keys = localKeys.get(target);
    if (keys === undefined) localKeys.set(target, (keys = []));
    return (keys[si] ??= eventKey(slots[si].model.machine.domain, target));
  };
  const byRef = new Map<Ref, readonly Consequence[]>();
  const consequencesOf = (ref: Ref): readonly Consequence[] => {
    let cs = byRef.get(ref);
    if (cs === undefined) byRef.set(ref, (cs = consequences.get(refKey(ref)) ?? []));
    return cs;
  };

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
  // The last two views built (an invariant of a step reads the fields before and after it).
  const lastFlat: (Fields | undefined)[] = [undefined, undefined];
  const lastView: Record<string, unknown>[] = [{}, {}];
  const systemView: SystemView = (flat) => {
    if (flat === lastFlat[0]) return lastView[0];
    if (flat === lastFlat[1]) return lastView[1];
    const out = buildView(flat);
    lastFlat[1] = lastFlat[0];
    lastView[1] = lastView[0];
    lastFlat[0] = flat;
    lastView[0] = out;
    return out;
  };
  const buildView = (flat: Fields): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    if (channelNamed)
      out[CHANNEL_NAME] = ((flat[CHANNEL_FIELD] as Message[] | undefined) ?? []).map(
        (m) => m.event,
      );
    slots.forEach((s, si) => {
      const v = viewOf(flat, si);
      if (s.participant.instances === 1) out[s.participant.name] = v;
      else ((out[s.participant.name] ??= []) as unknown[]).push(v);
    });
    return out;
  };
  const extra = extraInvariants(slots, systemView);
  for (const inv of extra) for (const r of inv.reads) relevant.add(r);
  return { ok: true, model: { ...model, invariants: [...extra], relevant }, slots };
}
