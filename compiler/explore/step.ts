/**
 * One step of the explorer's model of a machine, by the rule every model of a machine shares
 * (`chooseTransition` in runtime/model.ts): the first transition declared for the state and
 * event whose guard holds is taken; its effects see the fields before the step. The search
 * (search.ts) and the random simulation (simulate.ts) both step through here.
 */
import { chooseTransition } from "../../runtime/model.js";
import type { CompiledTransition, Config, MachineModel, ModelEvent } from "./model.js";

/** Whether a transition's guard holds in `c` for `event` (a guard that throws propagates). */
export function guardHolds(t: CompiledTransition, c: Config, event: ModelEvent): boolean {
  return t.guard === undefined || t.guard(c.fields, event) === true;
}

/** Enabled transitions of a config for one payload, in declaration order (guards that throw propagate). */
export function enabledFor(
  model: MachineModel,
  c: Config,
  event: ModelEvent,
): CompiledTransition[] {
  return model.transitionsFor(c.state, event.type).filter((t) => guardHolds(t, c, event));
}

/** The outcome of one step: the transition taken and the next config, or undefined when rejected. */
export interface StepTaken {
  readonly transition: CompiledTransition;
  readonly next: Config;
}

/** Take one step from `c` with `event`; undefined when no transition is enabled. */
export function step(model: MachineModel, c: Config, event: ModelEvent): StepTaken | undefined {
  const chosen = chooseTransition(model.transitionsFor(c.state, event.type), (t) =>
    guardHolds(t, c, event),
  );
  if (!chosen.ok) return undefined;
  const t = chosen.transition;
  return { transition: t, next: { state: t.to, fields: model.apply(t, c.fields, event) } };
}
