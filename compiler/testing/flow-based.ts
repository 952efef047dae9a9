/**
 * Flow-based testing: drive the implementations of a flow's participants through random command
 * sequences of the composed system (fast-check `commands`). The test is the flow's wiring: it
 * sends an event to one participant and performs the flow's consequences on the others, with the
 * payloads the flow maps (or queues them in the channel of `async` steps, delivered by a later
 * command). After every step each implementation's entity must validate, equal the composed
 * reference model's (flow-model.ts) and keep its invariants, the flow's invariants must hold over
 * the participants' records, and the value the flow's holders hold must be unchanged. A step the
 * composed model blocks (a consequence refused, the channel full) is not sent: it cannot happen.
 */
import fc from "fast-check";
import { canonicalJson, type ModelEventObject } from "../../runtime/model.js";
import type { InvariantViolation } from "../../runtime/invariants.js";
import type { ModelImplementation } from "./model-based.js";
import { modelImplementation, withDerivedNumbers } from "./model-based.js";
import {
  createFlowModel,
  FlowPayloadError,
  systemRecord,
  type Entity,
  type FlowModel,
  type FlowSpec,
  type FlowState,
  type FlowStepResult,
  type Delivery,
} from "./flow-model.js";
import { isReference, recordSuiteRun } from "./report.js";

/** An event object with its payload fields. */
export type FlowEvent = ModelEventObject & { readonly [field: string]: unknown };

/** Payload candidates of an event a participant is sent (the environment's events of the flow). */
export interface FlowEventDomain {
  /** The participant's record name. */
  readonly participant: string;
  /** The event as the participant names it (`submit`, `orders.submit`). */
  readonly type: string;
  readonly payloads: readonly FlowEvent[];
  /** Numeric payload fields that also take values derived from the system's numeric fields. */
  readonly numeric: readonly string[];
  /** True when a derived payload still fits the event's contract. */
  readonly fits?: (event: ModelEventObject) => boolean;
}

/** A command of a seed: an event sent to a slot, or a delivery from the channel. */
export type FlowCommand =
  { readonly slot: string; readonly event: FlowEvent } | { readonly deliver: true };

/** Everything a flow's generated suite describes. */
export interface FlowSuite<TSystem> extends FlowSpec {
  /** Flow invariant ids (`domain.ID`) `checkInvariants` evaluates. */
  readonly invariants?: readonly string[];
  /** Initial entities of the participants by record name (an array for several instances). */
  readonly initial: readonly TSystem[];
  readonly events: readonly FlowEventDomain[];
  /** The flow's invariants over the participants' records (`check<Flow>Invariants`). */
  readonly checkInvariants?: (prev: never, next: never) => readonly InvariantViolation[];
  /** The value the flow's holders hold (`<flow>Value`), conserved by every step. */
  readonly value?: (system: never) => number;
  /** What the value is (`orders.Money`), for messages. */
  readonly valueName?: string;
  /** True when the records include `channel`, the queued payloads. */
  readonly channelRecord?: boolean;
  /** Fixed command sequences replayed before the random runs (the explorer's coverage paths). */
  readonly seeds?: readonly {
    readonly initial: TSystem;
    readonly commands: readonly FlowCommand[];
  }[];
}

/** One implementation factory per participant (by record name); absent ones run the reference model. */
export type FlowImplementations = Readonly<
  Record<string, (() => ModelImplementation<string, Entity, ModelEventObject>) | undefined>
>;

/** Options of a flow-based run. */
export interface FlowCheckOptions {
  /** @default 100 */
  readonly numRuns?: number;
  /** Seed for fast-check (printed on failure). */
  readonly seed?: number;
  /** @default 30 */
  readonly maxCommands?: number;
}

type Impl = ModelImplementation<string, Entity, ModelEventObject>;

interface Run {
  readonly model: FlowModel;
  readonly impls: readonly Impl[];
  state: FlowState;
  /** The channel before the current step (for the flow's records before it). */
  channelBefore: FlowState["channel"] | undefined;
  readonly trail: string[];
  readonly initial: string;
  /** Where the command sequence came from, for messages (`seed path 2 of 8`). */
  readonly origin?: string;
}

function errText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function fail(suite: FlowSuite<unknown>, r: Run, why: readonly string[]): never {
  const steps = r.trail.map((t, i) => `  ${i + 1}. ${t}`).join("\n");
  throw new Error(
    `Flow-based check of '${suite.name}' failed after ${r.trail.length} step(s)${r.origin ? ` of ${r.origin}` : ""}:\n  - ${why.join("\n  - ")}\nInitial system: ${r.initial}\nSteps:\n${steps || "  (none)"}`,
  );
}

/** The slot entities of a system record (by record name; arrays for several instances). */
function entitiesOf(model: FlowModel, system: unknown): Entity[] {
  const rec = system as Record<string, unknown>;
  return model.slots.map((s) => {
    const v = rec[s.participant.name];
    return (s.participant.instances === 1 ? v : (v as unknown[])[s.index]) as Entity;
  });
}

/** Check every implementation and the system after a step (`before`: the entities before it). */
function check(suite: FlowSuite<unknown>, r: Run, before: readonly Entity[] | undefined): void {
  const problems: string[] = [];
  const got: Entity[] = [];
  r.model.slots.forEach((slot, i) => {
    const p = slot.participant;
    const impl = r.impls[i];
    const entity = impl.snapshot();
    got.push(entity);
    const want = r.state.snapshots[i];
    if (p.validate !== undefined) {
      const v = p.validate(entity);
      if (!v.ok)
        problems.push(
          `${slot.name}: the entity does not validate against its contract: ${JSON.stringify(v.issues ?? [])}`,
        );
    }
    if (canonicalJson(entity) !== canonicalJson(want.context))
      problems.push(
        `${slot.name}: the entity differs from the composed reference model:\n      got  ${canonicalJson(entity)}\n      want ${canonicalJson(want.context)}`,
      );
    if (p.model.stateField === undefined && impl.state !== undefined && impl.state() !== want.state)
      problems.push(`${slot.name}: the state is '${impl.state()}', the model says '${want.state}'`);
    const broken = p.checkInvariants?.(before?.[i], entity) ?? [];
    if (broken.length > 0)
      problems.push(
        `${slot.name}: invariants broken: ${broken.map((v) => `${v.id} (${v.says})`).join("; ")}`,
      );
  });
  const channel = suite.channelRecord === true ? r.state.channel : undefined;
  const next = systemRecord(r.model.slots, got, channel);
  const prev =
    before === undefined ? undefined : systemRecord(r.model.slots, before, r.channelBefore);
  const flowBroken =
    (
      suite.checkInvariants as
        ((p: unknown, n: unknown) => readonly InvariantViolation[]) | undefined
    )?.(prev, next) ?? [];
  if (flowBroken.length > 0)
    problems.push(
      `flow invariants broken: ${flowBroken.map((v) => `${v.id} (${v.says})`).join("; ")}`,
    );
  const value = suite.value as ((s: unknown) => number) | undefined;
  if (value !== undefined && prev !== undefined) {
    const a = value(prev);
    const b = value(next);
    if (a !== b)
      problems.push(
        `the step ${b > a ? "creates" : "destroys"} ${Math.abs(b - a)} of the ${suite.valueName ?? "value"} the flow holds (${a} before, ${b} after)`,
      );
  }
  if (problems.length > 0) fail(suite, r, problems);
}

/** Start a run: create every implementation from the system's initial entities and check them. */
function start(
  suite: FlowSuite<unknown>,
  model: FlowModel,
  implementations: FlowImplementations,
  initial: unknown,
  origin?: string,
): Run {
  const state = model.initial(entitiesOf(model, initial));
  const impls = model.slots.map((s) => {
    const make = implementations[s.participant.name];
    const impl = make !== undefined ? make() : modelImplementation(s.participant.model);
    // A copy: an implementation that keeps and mutates it must not change the model's entity.
    impl.create(structuredClone(state.snapshots[model.slots.indexOf(s)].context));
    return impl;
  });
  const shown: Record<string, unknown> = {};
  model.slots.forEach((s, i) => (shown[s.name] = state.snapshots[i].context));
  const r: Run = {
    model,
    impls,
    state,
    channelBefore: undefined,
    trail: [],
    initial: canonicalJson(shown),
    ...(origin !== undefined ? { origin } : {}),
  };
  check(suite, r, undefined);
  return r;
}

/** Send one command to the model and the implementations, then check; false when it cannot happen. */
function step(suite: FlowSuite<unknown>, r: Run, command: FlowCommand): boolean {
  const slots = r.model.slots;
  let result: FlowStepResult;
  try {
    result =
      "deliver" in command
        ? r.model.deliver(r.state)
        : r.model.send(r.state, slotIndex(r.model, command.slot), command.event);
  } catch (e) {
    if (!(e instanceof FlowPayloadError)) throw e;
    r.trail.push(`${commandText(r.model, command)} (the flow's mapping fails)`);
    fail(suite, r, [e.message]);
  }
  if (result.kind === "blocked" || result.kind === "empty") return false;
  // Copies: an implementation that mutates its entity in place must not change `before`.
  const before = r.impls.map((i) => structuredClone(i.snapshot()));
  r.channelBefore = suite.channelRecord === true ? r.state.channel : undefined;
  const sent: readonly Delivery[] =
    result.kind === "refused"
      ? "deliver" in command
        ? []
        : [{ slot: slotIndex(r.model, command.slot), event: command.event }]
      : result.deliveries;
  const text = sent
    .map((d) => `${slots[d.slot].name} ← ${canonicalJson(d.event)}`)
    .join(" → then ");
  const note =
    result.kind === "refused"
      ? " (refused by the model)"
      : result.kind === "lost"
        ? " (refused: the queued event is lost)"
        : "";
  r.trail.push(`${"deliver" in command ? "deliver: " : ""}${text}${note}`);
  if (result.kind === "taken" || result.kind === "lost") r.state = result.state;
  for (const d of sent) {
    try {
      r.impls[d.slot].send(structuredClone(d.event));
    } catch (e) {
      if (result.kind === "taken")
        fail(suite, r, [
          `${slots[d.slot].name}: the implementation threw on an event the model accepts: ${errText(e)}`,
        ]);
    }
  }
  check(suite, r, before);
  return true;
}

function slotIndex(model: FlowModel, name: string): number {
  const i = model.slots.findIndex((s) => s.name === name);
  if (i < 0) throw new Error(`No participant '${name}' in the flow.`);
  return i;
}

function commandText(model: FlowModel, c: FlowCommand): string {
  return "deliver" in c ? "deliver" : `${c.slot} ← ${canonicalJson(c.event)}`;
}

/** Payload candidates of an event: boundary payloads, then numbers derived from the system's numeric fields. */
function candidates(domain: FlowEventDomain, r: Run): FlowEvent[] {
  const values = r.model.slots.flatMap((s, i) => {
    const ctx = r.state.snapshots[i].context;
    return s.participant.numericFields.map((f) => ctx[f]);
  });
  return withDerivedNumbers(domain, values);
}

/** Replay the suite's seeds (the explorer's coverage paths through the composed system). */
export function replayFlowSeeds<TSystem>(
  suite: FlowSuite<TSystem>,
  implementations: FlowImplementations = {},
): number {
  const s = suite as FlowSuite<unknown>;
  const model = createFlowModel(s);
  const seeds = s.seeds ?? [];
  for (const [k, seed] of seeds.entries()) {
    const origin = `seed path ${k + 1} of ${seeds.length} (from intentc explore)`;
    const r = start(s, model, implementations, seed.initial, origin);
    for (const c of seed.commands) step(s, r, c);
  }
  return s.seeds?.length ?? 0;
}

/**
 * Run the seeds, then random command sequences of the composed system (shrunk on failure).
 * @example checkFlowBased(checkoutFlowSuite, { payment: () => myPaymentService() }, { numRuns: 200 });
 */
export function checkFlowBased<TSystem>(
  suite: FlowSuite<TSystem>,
  implementations: FlowImplementations = {},
  options: FlowCheckOptions = {},
): void {
  const s = suite as FlowSuite<unknown>;
  const seed = options.seed ?? Math.floor(Math.random() * 0x7fffffff) | 0;
  const numRuns = options.numRuns ?? 100;
  // Wrapped so the report knows which participants ran the slice's own code.
  const own = new Set<string>();
  const wrapped: Record<string, () => Impl> = {};
  for (const p of s.participants) {
    const make = implementations[p.name];
    if (make === undefined) continue;
    wrapped[p.name] = () => {
      const impl = make();
      if (!isReference(impl)) own.add(p.name);
      return impl;
    };
  }
  const model = createFlowModel(s);
  const report = (result: "passed" | "failed", runs: number, error?: unknown) => {
    const mine = s.participants.filter((p) => own.has(p.name));
    const checked = own.size === 0 ? s.participants : mine;
    recordSuiteRun({
      format: 1,
      kind: "model-based",
      suite: s.name,
      subject: own.size > 0 ? "implementation" : "reference",
      runs,
      seed,
      invariants: [
        ...(s.checkInvariants !== undefined ? (s.invariants ?? []) : []),
        ...checked.flatMap((p) => (p.checkInvariants !== undefined ? (p.invariants ?? []) : [])),
      ],
      result,
      ...(error !== undefined
        ? { counterexample: errText(error).split("\n").slice(0, 40).join("\n").slice(0, 4000) }
        : {}),
    });
  };
  const seeds = s.seeds?.length ?? 0;
  const random = s.initial.length > 0 && (s.events.length > 0 || model.hasChannel);
  try {
    replayFlowSeeds(s, wrapped);
    if (random) randomRuns(s, model, wrapped, { ...options, seed, numRuns });
  } catch (e) {
    report("failed", seeds + numRuns, e);
    throw e;
  }
  report("passed", seeds + (random ? numRuns : 0));
}

function randomRuns(
  suite: FlowSuite<unknown>,
  model: FlowModel,
  implementations: FlowImplementations,
  options: FlowCheckOptions & { seed: number; numRuns: number },
): void {
  type Real = Run;
  const byName = new Map(suite.participants.map((p) => [p.name, p]));
  const commandArbs: fc.Arbitrary<fc.Command<object, Real>>[] = suite.events.map((domain) => {
    const instances = byName.get(domain.participant)?.instances ?? 1;
    return fc
      .tuple(fc.nat({ max: instances - 1 }), fc.nat({ max: 1 << 16 }))
      .map(([instance, k]): fc.Command<object, Real> => {
        const slot = instances === 1 ? domain.participant : `${domain.participant}[${instance}]`;
        let shown = `${slot} ← ${domain.type}#${k}`;
        return {
          check: () => true,
          run(_m, r) {
            const options = candidates(domain, r);
            const event = options[k % options.length];
            shown = `${slot} ← ${canonicalJson(event)}`;
            step(suite, r, { slot, event });
          },
          toString: () => shown,
        };
      });
  });
  if (model.hasChannel)
    commandArbs.push(
      fc.constant<fc.Command<object, Real>>({
        check: () => true,
        run: (_m, r) => void step(suite, r, { deliver: true }),
        toString: () => "deliver",
      }),
    );
  const property = fc.property(
    fc.constantFrom(...suite.initial),
    fc.commands(commandArbs, { maxCommands: options.maxCommands ?? 30 }),
    (initial, cmds) => {
      const r = start(suite, model, implementations, initial);
      fc.modelRun(() => ({ model: {}, real: r }), cmds);
    },
  );
  fc.assert(property, { numRuns: options.numRuns, includeErrorInReport: true, seed: options.seed });
}
