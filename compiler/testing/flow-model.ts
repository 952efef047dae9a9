/**
 * The composed reference model of a flow, over the generated reference models of its
 * participants (`<Machine>.model.ts`): the step rule of the system exploration
 * (compiler/explore/compose.ts), for the generated flow tests. test/testing/flow-model.test.ts
 * checks that both take the same steps.
 *
 * - A system is one snapshot per participant instance (a slot: `order`, or `account[1]` for the
 *   second of several instances) and the channel of `async` steps (oldest first).
 * - An event sent to a slot takes the first enabled transition of its state. Each flow step whose
 *   trigger it is then makes its consequence happen in every participant that handles it (one
 *   instance: the one `to` picks, else the instance of the trigger's index), with the payload the
 *   step maps, in the same atomic step; an `async` step queues it instead (a full channel makes
 *   the trigger wait). If any event of the chain is refused, nothing happens (a handshake).
 * - Delivering takes the oldest queued event to its slot; refused there, it is lost.
 */
import {
  canonicalJson,
  initialSnapshot,
  modelTransition,
  withoutUndefined,
  type ModelDefinition,
  type ModelEventObject,
  type ModelSnapshot,
} from "../../runtime/model.js";
import type { InvariantViolation } from "../../runtime/invariants.js";

/** An entity as the flow tests handle it. */
export type Entity = Readonly<Record<string, unknown>>;

/** A participant's reference model with its types erased (see {@link flowParticipant}). */
export type AnyModel = ModelDefinition<string, Entity, ModelEventObject>;

/** One participant of a flow, as its generated flow suite describes it. */
export interface FlowParticipant {
  /** The record name in the flow's expressions (`order`). */
  readonly name: string;
  /** The domain of its machine: events of other domains are `domain.event` to it. */
  readonly domain: string;
  readonly instances: number;
  readonly model: AnyModel;
  readonly validate?: (value: unknown) => {
    readonly ok: boolean;
    readonly issues?: readonly unknown[];
  };
  readonly checkInvariants?: (
    prev: Entity | undefined,
    next: Entity,
  ) => readonly InvariantViolation[];
  /** Invariant ids (`domain.ID`) `checkInvariants` evaluates. */
  readonly invariants?: readonly string[];
  /** Numeric entity fields that payload values are derived from. */
  readonly numericFields: readonly string[];
}

/**
 * A participant with its model's types checked against its contract's validator and invariants,
 * then erased (the suite holds participants of several entity types).
 */
export function flowParticipant<TState extends string, TContext, TEvent extends ModelEventObject>(
  p: Omit<FlowParticipant, "model" | "checkInvariants"> & {
    readonly model: ModelDefinition<TState, TContext, TEvent>;
    readonly checkInvariants?: (
      prev: TContext | undefined,
      next: TContext,
    ) => readonly InvariantViolation[];
  },
): FlowParticipant {
  return p as unknown as FlowParticipant;
}

/** One step `on -> then` of a flow (steps that trigger nothing are not listed). */
export interface FlowStepSpec {
  /** The trigger, `domain.event`. */
  readonly on: string;
  /** The event it causes, `domain.event`. */
  readonly then: string;
  /** The triggered payload from the trigger's (`with:`, else the fields of the same name). */
  readonly map: (event: never) => object;
  /** Which instance of the triggered participant takes it (`to:`). */
  readonly to?: (event: never) => unknown;
  /** True when the mapped payload fits the triggered event's contract. */
  readonly fits?: (payload: Record<string, unknown>) => boolean;
  /** Queued in the channel instead of taken in the same step. */
  readonly async: boolean;
}

/** The composition a flow suite describes. */
export interface FlowSpec {
  /** `domain.flow`. */
  readonly name: string;
  readonly participants: readonly FlowParticipant[];
  readonly steps: readonly FlowStepSpec[];
  /** Capacity of the channel of `async` steps. @default 1 */
  readonly channel?: number;
}

/** One participant instance. */
export interface Slot {
  /** `order`, or `account[1]`. */
  readonly name: string;
  readonly participant: FlowParticipant;
  readonly index: number;
}

/** A queued event: the slot that takes it and its payload (`type` as that slot names it). */
export interface Message {
  readonly to: number;
  readonly event: ModelEventObject;
}

/** A configuration of the composed system. */
export interface FlowState {
  readonly snapshots: readonly ModelSnapshot<string, Entity>[];
  readonly channel: readonly Message[];
}

/** One event a slot takes within a composed step. */
export interface Delivery {
  readonly slot: number;
  readonly event: ModelEventObject;
}

/** A composed step that happened (`taken`), or a delivered event refused and dropped (`lost`). */
export interface FlowStepTaken {
  readonly kind: "taken" | "lost";
  readonly state: FlowState;
  /** The events the slots took (for `lost`, the one refused), in order. */
  readonly deliveries: readonly Delivery[];
}

/**
 * The outcome of a composed step: taken or lost, else `refused` (the trigger's own machine refuses
 * it), `blocked` (a consequence is refused or the channel is full) or `empty` (nothing to deliver).
 */
export type FlowStepResult =
  | (FlowStepTaken & { readonly kind: "taken" })
  | (FlowStepTaken & { readonly kind: "lost" })
  | { readonly kind: "refused" }
  | { readonly kind: "blocked" }
  | { readonly kind: "empty" };

/** A mapped payload outside the triggered event's contract: the flow's mistake, not the implementation's. */
export class FlowPayloadError extends Error {}

/** Deepest chain of triggered events followed in one step (the checker refuses cycles). */
const CHAIN_DEPTH = 8;

/** The composed model of a flow suite. */
export interface FlowModel {
  readonly slots: readonly Slot[];
  /** True when the flow has `async` steps (the environment may deliver). */
  readonly hasChannel: boolean;
  /** The first configuration from each slot's initial entity (`init` and the state field applied). */
  initial(entities: readonly Entity[]): FlowState;
  /** Send `event` (as the slot names it) to `slot`. */
  send(state: FlowState, slot: number, event: ModelEventObject): FlowStepResult;
  /** Deliver the oldest queued event. */
  deliver(state: FlowState): FlowStepResult;
}

/** The `domain.event` reference of an event as a participant of `domain` names it. */
export function eventRef(domain: string, type: string): string {
  return type.includes(".") ? type : `${domain}.${type}`;
}

/** The name a participant of `domain` gives the event `ref` (`domain.event`). */
export function localType(domain: string, ref: string): string {
  const dot = ref.indexOf(".");
  return ref.slice(0, dot) === domain ? ref.slice(dot + 1) : ref;
}

/** Compose a flow suite's participants (see the module comment). */
export function createFlowModel(spec: FlowSpec): FlowModel {
  const slots: Slot[] = spec.participants.flatMap((p) =>
    Array.from({ length: p.instances }, (_, index) => ({
      name: p.instances === 1 ? p.name : `${p.name}[${index}]`,
      participant: p,
      index,
    })),
  );
  const first = new Map<FlowParticipant, number>();
  slots.forEach((s, i) => {
    if (!first.has(s.participant)) first.set(s.participant, i);
  });
  const handles = (p: FlowParticipant, ref: string) =>
    p.model.transitions.some((t) => t.event === localType(p.domain, ref));
  const byTrigger = new Map<string, FlowStepSpec[]>();
  for (const st of spec.steps) byTrigger.set(st.on, [...(byTrigger.get(st.on) ?? []), st]);
  const capacity = spec.channel ?? 1;
  const hasChannel = spec.steps.some((s) => s.async);

  /** The payload a step maps from its trigger, without absent fields. */
  const mapped = (st: FlowStepSpec, event: ModelEventObject): Record<string, unknown> => {
    const { type: _type, ...payload } = withoutUndefined(
      (st.map as (e: ModelEventObject) => Record<string, unknown>)(event),
    ) as Record<string, unknown>;
    if (st.fits !== undefined && !st.fits(payload))
      throw new FlowPayloadError(
        `flow '${spec.name}' maps ${canonicalJson(payload)} from ${canonicalJson(event)}, outside the contract of '${st.then}'`,
      );
    return payload;
  };

  /** Run one composed step from `start`; null when some event of the chain is refused. */
  const run = (
    start: FlowState,
    origin: Delivery,
    channelIn: Message[],
  ): { state: FlowState; deliveries: Delivery[] } | null => {
    const snaps = [...start.snapshots];
    const channel = channelIn;
    const deliveries: Delivery[] = [];
    const take = (si: number, event: ModelEventObject, depth: number): boolean => {
      if (depth > CHAIN_DEPTH) return false;
      const slot = slots[si];
      const r = modelTransition(slot.participant.model, snaps[si], event);
      if (!r.ok) return false;
      snaps[si] = r.snapshot;
      deliveries.push({ slot: si, event });
      for (const st of byTrigger.get(eventRef(slot.participant.domain, event.type)) ?? []) {
        const payload = mapped(st, event);
        for (const p of spec.participants) {
          if (!handles(p, st.then)) continue;
          const base = first.get(p) as number;
          let h: number;
          if (st.to !== undefined && p.instances > 1) {
            const idx = (st.to as (e: ModelEventObject) => unknown)(event);
            if (typeof idx !== "number" || !Number.isInteger(idx) || idx < 0 || idx >= p.instances)
              return false;
            h = base + idx;
          } else h = base + (slot.index % p.instances);
          const next = { ...payload, type: localType(p.domain, st.then) };
          if (st.async) {
            if (channel.length >= capacity) return false;
            channel.push({ to: h, event: next });
          } else if (!take(h, next, depth + 1)) return false;
        }
      }
      return true;
    };
    if (!take(origin.slot, origin.event, 0)) return null;
    return { state: { snapshots: snaps, channel }, deliveries };
  };

  return {
    slots,
    hasChannel,
    initial(entities) {
      return {
        snapshots: slots.map((s, i) => initialSnapshot(s.participant.model, entities[i] as Entity)),
        channel: [],
      };
    },
    send(state, slot, event) {
      const own = modelTransition(slots[slot].participant.model, state.snapshots[slot], event);
      if (!own.ok) return { kind: "refused" };
      const r = run(state, { slot, event }, [...state.channel]);
      return r === null ? { kind: "blocked" } : { kind: "taken", ...r };
    },
    deliver(state) {
      const [msg, ...rest] = state.channel;
      if (msg === undefined) return { kind: "empty" };
      const r = run(state, { slot: msg.to, event: msg.event }, [...rest]);
      return r === null
        ? {
            kind: "lost",
            state: { snapshots: state.snapshots, channel: rest },
            deliveries: [{ slot: msg.to, event: msg.event }],
          }
        : { kind: "taken", ...r };
    },
  };
}

/**
 * The participants' records as the flow's invariants and holders read them: `{ order: {…} }`, an
 * array per participant with several instances, and `channel` (the queued payloads, oldest first)
 * when the suite names it.
 */
export function systemRecord(
  slots: readonly Slot[],
  entities: readonly Entity[],
  channel?: readonly Message[],
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (channel !== undefined)
    out.channel = channel.map((m) => {
      const { type: _type, ...payload } = m.event as ModelEventObject & Record<string, unknown>;
      return payload;
    });
  slots.forEach((s, i) => {
    if (s.participant.instances === 1) out[s.participant.name] = entities[i];
    else ((out[s.participant.name] ??= []) as unknown[]).push(entities[i]);
  });
  return out;
}
