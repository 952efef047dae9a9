/**
 * Views of a composed configuration (compose.ts): a slot's fields under their own names, as its
 * machine's functions read them, and the participants' records as system expressions read them.
 * Views are never modified, so the last ones built are handed out again for the same fields.
 */
import { CHANNEL_NAME, type Participant } from "../ir/flows.js";
import type { MachineModel, ModelEvent } from "./model.js";

type Fields = Readonly<Record<string, unknown>>;

/** The composed fields of the channel of `async` steps and of the event it last refused. */
export const CHANNEL_FIELD = "$channel";
export const REFUSED_FIELD = "$refused";
/** The environment event that delivers the channel's oldest event. */
export const DELIVER_EVENT = "$channel.deliver";

/** A queued asynchronous event: the slot that takes it and its payload (`type` is `domain.event`). */
export interface Message {
  readonly to: string;
  readonly event: ModelEvent;
}

/** One instance of a participant in the composed model. */
export interface Slot {
  /** Prefix of its fields and events: `order`, or `account[1]`. */
  readonly name: string;
  readonly participant: Participant;
  readonly index: number;
  readonly model: MachineModel;
}

/**
 * The participants' records of a composed configuration, as system expressions read them:
 * `{ order: {…}, payment: {…} }`, an array per participant with several instances.
 */
export type SystemView = (fields: Readonly<Record<string, unknown>>) => Record<string, unknown>;

/** The views of the slots of one composition. */
export class SlotViews {
  /** Per slot: its fields' own names, and their flat names (`account[1].balance`) in the same order. */
  readonly owns: readonly (readonly string[])[];
  readonly flats: readonly (readonly string[])[];
  private viewsOf: Fields | undefined;
  private readonly inViews: (Record<string, unknown> | undefined)[] = [];

  constructor(private readonly slots: readonly Slot[]) {
    this.owns = slots.map((s) => s.model.fields.map((f) => f.name));
    this.flats = slots.map((s) => s.model.fields.map((f) => `${s.name}.${f.name}`));
  }

  /** Slot `si`'s fields in the composed fields `fieldsIn`, under their own names. */
  viewOf(fieldsIn: Fields, si: number): Record<string, unknown> {
    const v: Record<string, unknown> = {};
    const own = this.owns[si];
    const flat = this.flats[si];
    for (let k = 0; k < own.length; k++) {
      const x = fieldsIn[flat[k]];
      if (x !== undefined) v[own[k]] = x;
    }
    return v;
  }

  /** `viewOf`, the same object again for the fields last given (the search asks every event of a configuration in a row). */
  viewIn(fieldsIn: Fields, si: number): Record<string, unknown> {
    if (this.viewsOf !== fieldsIn) {
      this.viewsOf = fieldsIn;
      this.inViews.fill(undefined);
    }
    return (this.inViews[si] ??= this.viewOf(fieldsIn, si));
  }

  /**
   * The participants' records (with `channel`, the queued events, when `channelNamed`); the last
   * two views built are handed out again (an invariant of a step reads the fields before and after it).
   */
  systemView(channelNamed: boolean): SystemView {
    const lastFlat: (Fields | undefined)[] = [undefined, undefined];
    const lastView: Record<string, unknown>[] = [{}, {}];
    const build = (flat: Fields): Record<string, unknown> => {
      const out: Record<string, unknown> = {};
      if (channelNamed)
        out[CHANNEL_NAME] = ((flat[CHANNEL_FIELD] as Message[] | undefined) ?? []).map(
          (m) => m.event,
        );
      this.slots.forEach((s, si) => {
        const v = this.viewOf(flat, si);
        if (s.participant.instances === 1) out[s.participant.name] = v;
        else ((out[s.participant.name] ??= []) as unknown[]).push(v);
      });
      return out;
    };
    return (flat) => {
      if (flat === lastFlat[0]) return lastView[0];
      if (flat === lastFlat[1]) return lastView[1];
      const out = build(flat);
      lastFlat[1] = lastFlat[0];
      lastView[1] = lastView[0];
      lastFlat[0] = flat;
      lastView[0] = out;
      return out;
    };
  }
}
