/**
 * The steps of a flow as the composition (compose.ts) takes them: what each event of a
 * participant triggers (its consequences: the target event, the payload mapped from the
 * trigger's, the instance `to:` picks, whether it is queued), and which slots handle a target.
 */
import { compileFunction } from "../expr/compile.js";
import { eventKey } from "../ir/event-key.js";
import type { Participant } from "../ir/flows.js";
import type { Flow, Ref } from "../ir/types.js";
import type { ModelEvent } from "./model.js";
import type { Slot } from "./compose-views.js";
export { CHANNEL_FIELD, DELIVER_EVENT, REFUSED_FIELD, type Message } from "./compose-views.js";
import { typeProblem } from "./values.js";

/** A trigger: what a step makes happen after an event of one participant. */
export interface Consequence {
  readonly target: Ref;
  /** Build the triggered payload from the trigger's. */
  readonly payload: (event: ModelEvent) => ModelEvent;
  /** The instance index that takes it, from the trigger's payload (`to:`). */
  readonly to?: Fn;
  /** Queued in the channel (`async: true`) instead of taken in the same step. */
  readonly async: boolean;
}

/** Prefix of the error a step throws when it maps a payload outside the triggered event's type. */
export const PAYLOAD_ERROR = "flow payload: ";

/** Most payloads a step remembers (see `cached` in composeFlow). */
const PAYLOAD_CACHE = 4096;

type Fn = (fields: unknown, event?: unknown, prev?: unknown) => unknown;

/** `domain.name` of an event. */
export const flowRefKey = (r: Ref): string => `${r.domain}.${r.name}`;

/** The consequences of a flow's steps over its participants' slots. */
export class FlowSteps {
  /** Consequences of each event (by `domain.name`), from the flow's steps. */
  readonly consequences = new Map<string, Consequence[]>();
  /** The events (by `domain.name`) some step triggers. */
  readonly targets = new Set<string>();
  private readonly handling = new Map<Consequence, readonly number[]>();
  private readonly localKeys = new Map<Ref, string[]>();
  private readonly byRef = new Map<Ref, readonly Consequence[]>();

  constructor(
    flow: Flow,
    private readonly slots: readonly Slot[],
  ) {
    for (const step of flow.steps) {
      if (step.triggers === undefined) continue;
      const source = `${step.event.domain}.${step.event.name}`;
      const targetKey = `${step.triggers.domain}.${step.triggers.name}`;
      this.targets.add(targetKey);
      const targetFields =
        slots
          .flatMap((s) => s.model.events)
          .find((e) => e.ref.domain === step.triggers?.domain && e.ref.name === step.triggers.name)
          ?.fields ?? [];
      const mapping = step.with?.map((a) => ({
        field: a.field,
        fn: compileFunction(a.expr) as Fn,
      }));
      const payload = (event: ModelEvent): ModelEvent => {
        const out: Record<string, unknown> = { type: targetKey };
        if (mapping !== undefined) {
          for (const m of mapping) {
            const v = m.fn({}, event);
            if (v !== undefined) out[m.field] = v;
          }
        } else {
          for (const f of targetFields)
            if (event[f.name] !== undefined) out[f.name] = event[f.name];
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
      this.consequences.set(source, [
        ...(this.consequences.get(source) ?? []),
        { target: step.triggers, payload: cached, ...to, async: step.async === true },
      ]);
    }
    const refKey = (r: Ref) => `${r.domain}.${r.name}`;
  }

  /** The first slot of each participant that handles `c`'s target. */
  private handlingOf(c: Consequence): readonly number[] {
    let out = this.handling.get(c);
    if (out === undefined) {
      const seen = new Set<Participant>();
      const found: number[] = [];
      const slots = this.slots;
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
      this.handling.set(c, (out = found));
    }
    return out;
  }
  /**
   * Handler slots of a triggered event, for a trigger in slot `from`: per participant handling it,
   * the instances that may take it — the one `to:` picks from `event` (every instance when no
   * event is given: the static expansion), else the instance of the trigger's index (modulo).
   */
  handlersOf(c: Consequence, from: number, event?: ModelEvent): number[][] {
    const slots = this.slots;
    const out: number[][] = [];
    for (const i of this.handlingOf(c)) {
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
  }
  /** The key of event `target` in slot `si`'s machine. */
  localKey(si: number, target: Ref): string {
    let keys = this.localKeys.get(target);
    if (keys === undefined) this.localKeys.set(target, (keys = []));
    return (keys[si] ??= eventKey(this.slots[si].model.machine.domain, target));
  }
  /** The consequences of event `ref` (by identity of `ref`). */
  consequencesOf(ref: Ref): readonly Consequence[] {
    let cs = this.byRef.get(ref);
    if (cs === undefined) this.byRef.set(ref, (cs = this.consequences.get(flowRefKey(ref)) ?? []));
    return cs;
  }
}
