/**
 * The modelled machines of the analysis phase (emit/emitter.ts ModeledMachine): each machine's
 * reference model (explore/model.ts) and what its model-based suite embeds taken from it: the
 * boundary-biased initial entities, payloads per event, numeric fields and the seed search's
 * paths (explore/build.ts SEED_SEARCH; the build exploration's when it ran, else the seed search
 * on its own). Computed once per build, or taken from the build memo by the machine's content
 * key; the model-tests emitter only prints it.
 */
import type { BuildMemo, ModeledEvent, ModeledMachine } from "../emit/emitter.js";
import { allMachines, machineEvents } from "../emit/reference-model.js";
import { machineKey, seedCoverage, type MachineExploration } from "../explore/build.js";
import { createMachineModel, type MachineModel } from "../explore/model.js";
import { product, spreadInitialConfigs } from "../explore/payloads.js";
import type { Trace } from "../explore/trace.js";
import { fieldDomain } from "../explore/values.js";
import type { Machine, Program, TypeExpr } from "../ir/types.js";
import { every, isRecord, isString } from "../shared/shape-guards.js";

/** Most initial entities, payloads per event and seed paths embedded per machine. */
const MAX_INITIAL = 24;
const MAX_PAYLOADS = 16;
const MAX_SEEDS = 16;

/** At most `max` items of `list`, evenly spread. */
export function spread<T>(list: readonly T[], max: number): T[] {
  if (list.length <= max) return [...list];
  return Array.from({ length: max }, (_, i) => list[Math.floor((i * list.length) / max)]);
}

/** Whether a type resolves to `integer` or `number`. */
export function isNumeric(model: MachineModel, t: TypeExpr): boolean {
  const r = model.scope.resolve(t);
  return r.kind === "primitive" && (r.name === "integer" || r.name === "number");
}

/**
 * The modelled machines of `program` in emit order, each from `memo` when it holds it. Seed paths
 * come from `explorations` when the machine was explored (the seed search is a prefix of it).
 */
export function modelMachines(
  program: Program,
  explorations: ReadonlyMap<Machine, MachineExploration>,
  memo?: BuildMemo,
): Map<Machine, ModeledMachine> {
  const out = new Map<Machine, ModeledMachine>();
  for (const machine of allMachines(program)) {
    const valid = (v: unknown): v is ModeledMachine | null =>
      isModeledMachineOrNull(v) && (v === null || namesOf(machine, v));
    const key = modeledMachineKey(program, machine);
    let x = memo?.peek(key, valid);
    if (x === undefined) {
      x = modeledMachine(program, machine, explorations.get(machine)?.seeds);
      memo?.put(key, x);
    }
    if (x !== null) out.set(machine, x);
  }
  return out;
}

/**
 * The content key of a machine's modelled data: what its model and seed search read (the seeds
 * do not depend on the build's budget: explore/build.ts exploreForBuild).
 */
export function modeledMachineKey(program: Program, machine: Machine): string {
  return `model-suite ${machineKey(program, machine)}`;
}

/**
 * A machine's modelled data, or null when it cannot be modelled (an expression throws; the
 * exploration reports it, IC8007). `seeds`: the seed search's coverage when already known.
 */
export function modeledMachine(
  program: Program,
  machine: Machine,
  seeds?: readonly Trace[],
): ModeledMachine | null {
  try {
    return modelData(program, machine, seeds);
  } catch {
    return null;
  }
}

function modelData(program: Program, machine: Machine, seeds?: readonly Trace[]): ModeledMachine {
  const model = createMachineModel(program, machine);
  const picked = spread(seeds ?? seedCoverage(program, machine, model), MAX_SEEDS);
  return {
    initial: spreadInitialConfigs(model, 4096, MAX_INITIAL).map((c) => defined(c.fields)),
    events: model.events.map((e): ModeledEvent => {
      const payloads = product(
        e.fields.map((f) => fieldDomain(model.scope, f)),
        MAX_PAYLOADS,
      ).map((vals) => {
        const p: Record<string, unknown> = { type: e.key };
        e.fields.forEach((f, i) => {
          if (vals[i] !== undefined) p[f.name] = vals[i];
        });
        return p;
      });
      return {
        type: e.key,
        event: { domain: e.ref.domain, name: e.ref.name },
        payloads,
        numeric: e.fields.filter((f) => isNumeric(model, f.type)).map((f) => f.name),
      };
    }),
    numericFields: model.fields.filter((f) => isNumeric(model, f.type)).map((f) => f.name),
    seeds: picked.map((t) => ({
      initial: defined(t.initial.fields),
      events: t.steps.map((s) => defined(s.event)),
    })),
  };
}

/** The record without its undefined entries (JSON drops them; the suites print none). */
function defined(record: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(record)) if (v !== undefined) out[k] = v;
  return out;
}

/**
 * Whether stored data names exactly the machine's events, in order (the suite prints their
 * validators' names as code, so a stored value must not bring others).
 */
function namesOf(machine: Machine, data: ModeledMachine): boolean {
  const events = machineEvents(machine);
  return (
    data.events.length === events.length &&
    events.every((e, i) => {
      const d = data.events[i];
      return d.type === e.key && d.event.domain === e.ref.domain && d.event.name === e.ref.name;
    })
  );
}

/** Whether a stored value (from an earlier build's memo, untrusted) has the shape of the data. */
export function isModeledMachineOrNull(v: unknown): v is ModeledMachine | null {
  if (v === null) return true;
  if (!isRecord(v)) return false;
  const event = (e: unknown) =>
    isRecord(e) &&
    isString(e.type) &&
    isRecord(e.event) &&
    isString(e.event.domain) &&
    isString(e.event.name) &&
    every(e.payloads, isRecord) &&
    every(e.numeric, isString);
  const seed = (s: unknown) => isRecord(s) && isRecord(s.initial) && every(s.events, isRecord);
  return (
    every(v.initial, isRecord) &&
    every(v.events, event) &&
    every(v.numericFields, isString) &&
    every(v.seeds, seed)
  );
}
