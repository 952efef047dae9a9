/**
 * Runtime invariant monitors for XState actors. `createInvariantMonitor` observes through
 * XState's `inspect` option (`@xstate.snapshot` events) and reports violations as structured
 * events; `createGuardedSend` checks the next snapshot first (XState's pure `transition`) and
 * rejects a step that would break an invariant.
 */
import { transition, type AnyActorRef, type AnyStateMachine, type InspectionEvent } from "xstate";
import type { InvariantViolation } from "./invariants.js";

/** A violation seen at run time, as data. */
export interface MonitorEvent<TContext> {
  readonly type: "intentc.invariant-violated";
  /** Session id of the actor that stepped. */
  readonly actor: string;
  /** The event that caused the step (`xstate.init` for the first snapshot). */
  readonly event: { readonly type: string };
  readonly prev: TContext | undefined;
  readonly next: TContext;
  readonly state: unknown;
  readonly violations: readonly InvariantViolation[];
  /** True when the step was refused (guarded send), false when it was only observed. */
  readonly rejected: boolean;
}

/** What a monitor checks and where it reports. */
export interface MonitorOptions<TContext> {
  /** `check<Entity>Invariants` from the generated contracts. */
  readonly check: (prev: TContext | undefined, next: TContext) => readonly InvariantViolation[];
  /** Called once per violating step. */
  readonly onViolation?: (event: MonitorEvent<TContext>) => void;
}

/** An inspection observer plus the violations it saw. */
export interface InvariantMonitor<TContext> {
  /** Pass as `createActor(machine, { inspect: monitor.inspect })`. */
  readonly inspect: (event: InspectionEvent) => void;
  readonly violations: readonly MonitorEvent<TContext>[];
}

/**
 * Attach invariants to running actors through `inspect`.
 * @example const monitor = createInvariantMonitor({ check: checkOrderInvariants, onViolation: (v) => log.error(v) });
 * const actor = createActor(orderLifecycleMachine, { input, inspect: monitor.inspect }).start();
 */
export function createInvariantMonitor<TContext>(
  options: MonitorOptions<TContext>,
): InvariantMonitor<TContext> {
  const last = new Map<string, TContext>();
  const violations: MonitorEvent<TContext>[] = [];
  return {
    violations,
    inspect(ev) {
      if (ev.type !== "@xstate.snapshot") return;
      const snap = ev.snapshot as { context?: TContext; value?: unknown };
      if (snap.context === undefined) return;
      const id = (ev.actorRef as AnyActorRef).sessionId;
      const prev = last.get(id);
      const next = snap.context;
      last.set(id, next);
      if (prev === next) return;
      const found = options.check(prev, next);
      if (found.length === 0) return;
      const report: MonitorEvent<TContext> = {
        type: "intentc.invariant-violated",
        actor: id,
        event: { type: ev.event.type },
        prev,
        next,
        state: snap.value,
        violations: found,
        rejected: false,
      };
      violations.push(report);
      options.onViolation?.(report);
    },
  };
}

/**
 * A `send` that computes the next snapshot first and refuses the step when an invariant would
 * break (the actor is left untouched). Returns true when the event was forwarded.
 * @example const send = createGuardedSend(actor, orderLifecycleMachine, { check: checkOrderInvariants }); send({ type: "pay", amount: 5 });
 */
export function createGuardedSend<TContext, TEvent extends { type: string }>(
  actor: AnyActorRef,
  machine: AnyStateMachine,
  options: MonitorOptions<TContext>,
): (event: TEvent) => boolean {
  return (event) => {
    const before = actor.getSnapshot();
    const [after] = transition(machine, before, event as never);
    const prev = before.context as TContext;
    const next = after.context as TContext;
    const found = prev === next ? [] : options.check(prev, next);
    if (found.length > 0) {
      options.onViolation?.({
        type: "intentc.invariant-violated",
        actor: actor.sessionId,
        event: { type: event.type },
        prev,
        next,
        state: (after as { value?: unknown }).value,
        violations: found,
        rejected: true,
      });
      return false;
    }
    actor.send(event);
    return true;
  };
}
