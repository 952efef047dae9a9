/**
 * Reference models: the pure `transition(snapshot, event)` every generated `<Machine>.model.ts`
 * is built on. One meaning of a machine, shared by the generated XState machine, the model-based
 * tests and the runtime monitor: guards are tried in declaration order, every effect sees the
 * context before the step, and the state field (if any) is set to the target state.
 */

/** A machine's state name and its entity. */
export interface ModelSnapshot<TState extends string, TContext> {
  readonly state: TState;
  readonly context: TContext;
}

/** An event object: a `type` plus payload fields. */
export interface ModelEventObject {
  readonly type: string;
}

/** One transition of a reference model. */
export interface ModelTransition<TState extends string, TContext, TEvent extends ModelEventObject> {
  /** `<source>.<event>.<n>`, stable across builds. */
  readonly id: string;
  readonly source: TState;
  readonly event: TEvent["type"];
  readonly target: TState;
  readonly guard?: (context: TContext, event: TEvent) => boolean;
  /** Fields assigned by `set`, all computed from the context before the step. */
  readonly effect?: (context: TContext, event: TEvent) => Partial<TContext>;
}

/** A reference model: states, transitions in declaration order, the state field. */
export interface ModelDefinition<TState extends string, TContext, TEvent extends ModelEventObject> {
  /** `<domain>.<Machine>`. */
  readonly id: string;
  readonly initial: TState;
  readonly states: readonly TState[];
  readonly finals: readonly TState[];
  /** The entity field that holds the state name, if the entity has one. */
  readonly stateField?: string;
  /** Fixed initial field values (`init`); `undefined` means the field starts absent. */
  readonly init: Partial<TContext>;
  readonly transitions: readonly ModelTransition<TState, TContext, TEvent>[];
}

/** Outcome of one step: the next snapshot and the transition taken, or a rejection (snapshot unchanged). */
export type TransitionResult<TState extends string, TContext> =
  | {
      readonly ok: true;
      readonly snapshot: ModelSnapshot<TState, TContext>;
      readonly transition: string;
    }
  | {
      readonly ok: false;
      readonly snapshot: ModelSnapshot<TState, TContext>;
      readonly reason: "no-transition" | "guard-failed";
    };

/**
 * Define a reference model (identity, for inference).
 * @example const model = defineModel<S, C, E>({ id: "shop.Jugs", initial: "running", states: ["running"], finals: [], init: {}, transitions: [] });
 */
export function defineModel<TState extends string, TContext, TEvent extends ModelEventObject>(
  def: ModelDefinition<TState, TContext, TEvent>,
): ModelDefinition<TState, TContext, TEvent> {
  return def;
}

/** Copy of a record without members whose value is `undefined` (absent optional fields). */
export function withoutUndefined<T>(value: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>))
    if (v !== undefined) out[k] = v;
  return out as T;
}

/** The initial snapshot for an entity: `init` values and the state field applied. */
export function initialSnapshot<TState extends string, TContext, TEvent extends ModelEventObject>(
  model: ModelDefinition<TState, TContext, TEvent>,
  context: TContext,
): ModelSnapshot<TState, TContext> {
  const next: Record<string, unknown> = {
    ...(context as Record<string, unknown>),
    ...(model.init as Record<string, unknown>),
  };
  for (const k of Object.keys(model.init as object))
    if ((model.init as Record<string, unknown>)[k] === undefined) delete next[k];
  if (model.stateField !== undefined) next[model.stateField] = model.initial;
  return { state: model.initial, context: withoutUndefined(next) as TContext };
}

/** Transitions of the current state for this event whose guard holds, in declaration order. */
export function enabledTransitions<
  TState extends string,
  TContext,
  TEvent extends ModelEventObject,
>(
  model: ModelDefinition<TState, TContext, TEvent>,
  snapshot: ModelSnapshot<TState, TContext>,
  event: TEvent,
): ModelTransition<TState, TContext, TEvent>[] {
  return model.transitions.filter(
    (t) =>
      t.source === snapshot.state &&
      t.event === event.type &&
      (t.guard === undefined || t.guard(snapshot.context, event)),
  );
}

/** Apply a transition's effects and state field to a context (effects see the context before the step). */
export function applyTransition<TState extends string, TContext, TEvent extends ModelEventObject>(
  model: ModelDefinition<TState, TContext, TEvent>,
  t: ModelTransition<TState, TContext, TEvent>,
  context: TContext,
  event: TEvent,
): TContext {
  const assigned = t.effect === undefined ? {} : t.effect(context, event);
  const next: Record<string, unknown> = {
    ...(context as Record<string, unknown>),
    ...(assigned as Record<string, unknown>),
  };
  if (model.stateField !== undefined) next[model.stateField] = t.target;
  return withoutUndefined(next) as TContext;
}

/**
 * The pure step function: the first enabled transition in declaration order, or a rejection.
 * @example const r = modelTransition(model, snapshot, { type: "pay", amount: 5 }); if (r.ok) snapshot = r.snapshot;
 */
export function modelTransition<TState extends string, TContext, TEvent extends ModelEventObject>(
  model: ModelDefinition<TState, TContext, TEvent>,
  snapshot: ModelSnapshot<TState, TContext>,
  event: TEvent,
): TransitionResult<TState, TContext> {
  const candidates = model.transitions.filter(
    (t) => t.source === snapshot.state && t.event === event.type,
  );
  const chosen = chooseTransition(
    candidates,
    (c) => c.guard === undefined || c.guard(snapshot.context, event),
  );
  if (!chosen.ok) return { ok: false, snapshot, reason: chosen.reason };
  const t = chosen.transition;
  return {
    ok: true,
    snapshot: { state: t.target, context: applyTransition(model, t, snapshot.context, event) },
    transition: t.id,
  };
}

/** Which transition a step takes (see {@link chooseTransition}). */
export type TransitionChoice<T> =
  | { readonly ok: true; readonly transition: T }
  | { readonly ok: false; readonly reason: "no-transition" | "guard-failed" };

/**
 * The step rule of every model of a machine — this reference model, the compiler's explorer and
 * its random simulator: of the transitions declared for the current state and the event, in
 * declaration order, the first whose guard holds is taken. A guard that throws propagates.
 */
export function chooseTransition<T>(
  candidates: readonly T[],
  holds: (t: T) => boolean,
): TransitionChoice<T> {
  if (candidates.length === 0) return { ok: false, reason: "no-transition" };
  for (const t of candidates) if (holds(t)) return { ok: true, transition: t };
  return { ok: false, reason: "guard-failed" };
}

/** Replay events from a snapshot; rejected events leave the snapshot unchanged. */
export function replay<TState extends string, TContext, TEvent extends ModelEventObject>(
  model: ModelDefinition<TState, TContext, TEvent>,
  snapshot: ModelSnapshot<TState, TContext>,
  events: readonly TEvent[],
): {
  readonly snapshot: ModelSnapshot<TState, TContext>;
  readonly steps: readonly TransitionResult<TState, TContext>[];
} {
  let current = snapshot;
  const steps: TransitionResult<TState, TContext>[] = [];
  for (const e of events) {
    const r = modelTransition(model, current, e);
    steps.push(r);
    current = r.snapshot;
  }
  return { snapshot: current, steps };
}

/** Sorted-key JSON without `undefined` members: equal values give equal strings. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object")
    return value === undefined ? "null" : JSON.stringify(value);
  if (Array.isArray(value)) return "[" + value.map(canonicalJson).join(",") + "]";
  const rec = value as Record<string, unknown>;
  const keys = Object.keys(rec)
    .filter((k) => rec[k] !== undefined)
    .sort();
  return "{" + keys.map((k) => JSON.stringify(k) + ":" + canonicalJson(rec[k])).join(",") + "}";
}
