/**
 * Model-based testing: drive an implementation and the reference model with the same event
 * sequences (fast-check `commands`). After every step the implementation's entity must validate
 * against its contract, equal the model's, and keep every invariant. Failures report a shrunk
 * sequence and the seed to replay it.
 */
import fc from "fast-check";
import { createActor, type AnyStateMachine } from "xstate";
import type { InvariantViolation } from "../../runtime/invariants.js";
import {
  canonicalJson,
  initialSnapshot,
  modelTransition,
  type ModelDefinition,
  type ModelEventObject,
  type ModelSnapshot,
} from "../../runtime/model.js";
import { isReference, markReference, recordSuiteRun } from "./report.js";

/** What an implementation exposes to the model-based tests (the generated `<Machine>Implementation`). */
export interface ModelImplementation<
  TState extends string,
  TContext,
  TEvent extends ModelEventObject,
> {
  create(initial: TContext): void;
  /** Apply one event; may throw to reject it. */
  send(event: TEvent): void;
  snapshot(): TContext;
  /** The state name, for machines whose entity has no state field. */
  state?(): TState;
}

/** Payload candidates of one event type. */
export interface EventDomain<TEvent extends ModelEventObject> {
  readonly type: TEvent["type"];
  /** Boundary-biased payloads (from the explorer's domains). */
  readonly payloads: readonly TEvent[];
  /** Numeric payload fields that also take values derived from the entity (a field, or a difference of two). */
  readonly numeric: readonly string[];
  /** True when a derived payload still fits the event's contract. */
  readonly fits?: (event: TEvent) => boolean;
}

/** Everything a machine's model-based suite needs (generated per machine). */
export interface ModelSuite<TState extends string, TContext, TEvent extends ModelEventObject> {
  /** `domain.Machine`, named in the suite report. */
  readonly name?: string;
  /** Invariant ids (`domain.ID`) that `checkInvariants` evaluates, named in the suite report. */
  readonly invariants?: readonly string[];
  readonly model: ModelDefinition<TState, TContext, TEvent>;
  /** Initial entities (before `init` and the state field are applied). */
  readonly initial: readonly TContext[];
  readonly events: readonly EventDomain<TEvent>[];
  /** Numeric entity fields that payload values are derived from. */
  readonly numericFields: readonly string[];
  readonly validate?: (value: unknown) => {
    readonly ok: boolean;
    readonly issues?: readonly unknown[];
  };
  readonly checkInvariants?: (
    prev: TContext | undefined,
    next: TContext,
  ) => readonly InvariantViolation[];
  /** Fixed sequences replayed before the random runs (the explorer's shortest paths). */
  readonly seeds?: readonly { readonly initial: TContext; readonly events: readonly TEvent[] }[];
}

/** Options of a model-based run. */
export interface ModelCheckOptions {
  /** @default 200 */
  readonly numRuns?: number;
  /** Seed for fast-check (printed on failure). */
  readonly seed?: number;
  /** @default 30 */
  readonly maxCommands?: number;
}

/** Payload candidates of an event in a context: boundary payloads, then derived numbers that fit. */
export function payloadCandidates<TContext, TEvent extends ModelEventObject>(
  domain: EventDomain<TEvent>,
  context: TContext,
  numericFields: readonly string[],
): TEvent[] {
  const rec = context as Record<string, unknown>;
  return withDerivedNumbers(
    domain,
    numericFields.map((f) => rec[f]),
  );
}

/**
 * An event's boundary payloads, then each numeric payload field set to every value and
 * difference of `values` (the numbers of the state: a capture of exactly the amount due) that
 * fits the event's contract, each payload once.
 */
export function withDerivedNumbers<TEvent>(
  domain: {
    readonly payloads: readonly TEvent[];
    readonly numeric: readonly string[];
    readonly fits?: (e: TEvent) => boolean;
  },
  values: readonly unknown[],
): TEvent[] {
  const out = [...domain.payloads];
  if (domain.numeric.length === 0 || out.length === 0) return out;
  const nums = values.filter((v): v is number => typeof v === "number");
  const derived = new Set<number>();
  for (const a of nums) {
    derived.add(a);
    for (const b of nums) if (a !== b) derived.add(a - b);
  }
  const seen = new Set(out.map(canonicalJson));
  for (const f of domain.numeric)
    for (const v of [...derived].sort((x, y) => x - y)) {
      const e = { ...domain.payloads[0], [f]: v } as TEvent;
      const k = canonicalJson(e);
      if (seen.has(k) || (domain.fits !== undefined && !domain.fits(e))) continue;
      seen.add(k);
      out.push(e);
    }
  return out;
}

type Step<TState extends string, TContext> = {
  model: ModelSnapshot<TState, TContext>;
  trail: string[];
  initial: string;
};

/** Apply one event to both sides and check the implementation; throws a descriptive Error on mismatch. */
function stepBoth<TState extends string, TContext, TEvent extends ModelEventObject>(
  suite: ModelSuite<TState, TContext, TEvent>,
  real: ModelImplementation<TState, TContext, TEvent>,
  s: Step<TState, TContext>,
  event: TEvent,
): void {
  // A copy: an implementation that mutates its entity in place must not change `before`.
  const before = structuredClone(real.snapshot());
  const r = modelTransition(suite.model, s.model, event);
  let threw: unknown;
  try {
    real.send(event);
  } catch (e) {
    threw = e;
  }
  s.model = r.snapshot;
  s.trail.push(`${canonicalJson(event)}${r.ok ? "" : " (rejected by the model)"}`);
  if (r.ok && threw !== undefined)
    fail(s, `the implementation threw on an event the model accepts: ${errText(threw)}`);
  checkState(suite, real, s, before);
}

function checkState<TState extends string, TContext, TEvent extends ModelEventObject>(
  suite: ModelSuite<TState, TContext, TEvent>,
  real: ModelImplementation<TState, TContext, TEvent>,
  s: Step<TState, TContext>,
  before: TContext | undefined,
): void {
  const got = real.snapshot();
  const problems: string[] = [];
  if (suite.validate !== undefined) {
    const v = suite.validate(got);
    if (!v.ok)
      problems.push(
        `the entity does not validate against its contract: ${JSON.stringify(v.issues ?? [])}`,
      );
  }
  const want = s.model.context;
  if (canonicalJson(got) !== canonicalJson(want))
    problems.push(
      `the entity differs from the reference model:\n    got  ${canonicalJson(got)}\n    want ${canonicalJson(want)}`,
    );
  if (
    suite.model.stateField === undefined &&
    real.state !== undefined &&
    real.state() !== s.model.state
  )
    problems.push(`the state is '${real.state()}', the model says '${s.model.state}'`);
  const broken = suite.checkInvariants?.(before, got) ?? [];
  if (broken.length > 0)
    problems.push(`invariants broken: ${broken.map((v) => `${v.id} (${v.says})`).join("; ")}`);
  if (problems.length > 0) fail(s, problems.join("\n  - "));
}

function fail(s: { trail: readonly string[]; initial: string }, why: string): never {
  const steps = s.trail.map((t, i) => `  ${i + 1}. ${t}`).join("\n");
  throw new Error(
    `Model-based check failed after ${s.trail.length} step(s):\n  - ${why}\nInitial entity: ${s.initial}\nEvents:\n${steps || "  (none)"}`,
  );
}

function errText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function start<TState extends string, TContext, TEvent extends ModelEventObject>(
  suite: ModelSuite<TState, TContext, TEvent>,
  real: ModelImplementation<TState, TContext, TEvent>,
  initial: TContext,
): Step<TState, TContext> {
  const model = initialSnapshot(suite.model, initial);
  // A copy: an implementation that keeps and mutates it must not change the model's entity.
  real.create(structuredClone(model.context));
  const s = { model, trail: [] as string[], initial: canonicalJson(model.context) };
  checkState(suite, real, s, undefined);
  return s;
}

/** Replay the suite's seed sequences (the explorer's shortest paths) against an implementation. */
export function replaySeeds<TState extends string, TContext, TEvent extends ModelEventObject>(
  suite: ModelSuite<TState, TContext, TEvent>,
  implementation: () => ModelImplementation<TState, TContext, TEvent>,
): number {
  for (const seed of suite.seeds ?? []) {
    const real = implementation();
    const s = start(suite, real, seed.initial);
    for (const e of seed.events) stepBoth(suite, real, s, e);
  }
  return suite.seeds?.length ?? 0;
}

/**
 * Run seeds, then random event sequences (fast-check `commands`, shrunk on failure).
 * @example checkModelBased(orderLifecycleSuite, () => myOrderService(), { numRuns: 500 });
 */
export function checkModelBased<TState extends string, TContext, TEvent extends ModelEventObject>(
  suite: ModelSuite<TState, TContext, TEvent>,
  implementation: () => ModelImplementation<TState, TContext, TEvent>,
  options: ModelCheckOptions = {},
): void {
  // The seed is always chosen here, so the report (and a failure) can name it.
  const seed = options.seed ?? Math.floor(Math.random() * 0x7fffffff) | 0;
  const numRuns = options.numRuns ?? 200;
  let reference = true;
  let made = 0;
  const factory = () => {
    const impl = implementation();
    made++;
    if (!isReference(impl)) reference = false;
    return impl;
  };
  const report = (result: "passed" | "failed", runs: number, error?: unknown) =>
    recordSuiteRun({
      format: 1,
      kind: "model-based",
      suite: suite.name ?? "unnamed",
      subject: made > 0 && !reference ? "implementation" : "reference",
      runs,
      seed,
      invariants: suite.checkInvariants !== undefined ? [...(suite.invariants ?? [])] : [],
      result,
      ...(error !== undefined
        ? { counterexample: errText(error).split("\n").slice(0, 40).join("\n").slice(0, 4000) }
        : {}),
    });
  const seeds = suite.seeds?.length ?? 0;
  try {
    replaySeeds(suite, factory);
    if (suite.initial.length > 0 && suite.events.length > 0)
      randomRuns(suite, factory, { ...options, seed, numRuns });
  } catch (e) {
    report("failed", seeds + numRuns, e);
    throw e;
  }
  report("passed", seeds + (suite.initial.length > 0 && suite.events.length > 0 ? numRuns : 0));
}

function randomRuns<TState extends string, TContext, TEvent extends ModelEventObject>(
  suite: ModelSuite<TState, TContext, TEvent>,
  implementation: () => ModelImplementation<TState, TContext, TEvent>,
  options: ModelCheckOptions & { seed: number; numRuns: number },
): void {
  type Real = { impl: ModelImplementation<TState, TContext, TEvent>; s: Step<TState, TContext> };
  const commandArbs = suite.events.map((domain) =>
    fc.nat({ max: 1 << 16 }).map((k): fc.Command<object, Real> => {
      let shown = `${domain.type}#${k}`;
      return {
        check: () => true,
        run(_m, r) {
          const options = payloadCandidates(domain, r.s.model.context, suite.numericFields);
          const event = options[k % options.length];
          shown = canonicalJson(event);
          stepBoth(suite, r.impl, r.s, event);
        },
        toString: () => shown,
      };
    }),
  );
  const property = fc.property(
    fc.constantFrom(...suite.initial),
    fc.commands(commandArbs, { maxCommands: options.maxCommands ?? 30 }),
    (initial, cmds) => {
      const impl = implementation();
      const s = start(suite, impl, initial);
      fc.modelRun(() => ({ model: {}, real: { impl, s } }), cmds);
    },
  );
  fc.assert(property, { numRuns: options.numRuns, includeErrorInReport: true, seed: options.seed });
}

/** The reference model itself as an implementation (a baseline, and the adapter shape to copy). */
export function modelImplementation<
  TState extends string,
  TContext,
  TEvent extends ModelEventObject,
>(model: ModelDefinition<TState, TContext, TEvent>): ModelImplementation<TState, TContext, TEvent> {
  let snap: ModelSnapshot<TState, TContext> | undefined;
  const current = () => {
    if (snap === undefined) throw new Error("create() was not called");
    return snap;
  };
  return markReference({
    create(initial) {
      snap = { state: model.initial, context: initial };
    },
    send(event) {
      snap = modelTransition(model, current(), event).snapshot;
    },
    snapshot: () => current().context,
    state: () => current().state,
  });
}

/** A generated XState machine as an implementation: `input` is the initial entity. */
export function xstateImplementation<
  TState extends string,
  TContext,
  TEvent extends ModelEventObject,
>(machine: AnyStateMachine): ModelImplementation<TState, TContext, TEvent> {
  let actor: ReturnType<typeof createActor<AnyStateMachine>> | undefined;
  const current = () => {
    if (actor === undefined) throw new Error("create() was not called");
    return actor.getSnapshot();
  };
  return markReference({
    create(initial) {
      actor?.stop();
      actor = createActor(machine, { input: initial });
      actor.start();
    },
    send(event) {
      // A machine in a final state takes no more events (the model rejects them too).
      if (current().status === "active") actor?.send(event as never);
    },
    snapshot: () => current().context as TContext,
    state: () => current().value as TState,
  });
}
