/**
 * The exploration of a machine in a build: one search per machine gives the build's diagnostics
 * and the model-based test seeds. Its content key (the driver remembers results across builds
 * by it) is the hash of everything the machine's exploration reads: the machine, its entity, its
 * events, the types they reach, the entity's invariants and the machines whose states are field
 * types, positions included.
 */
import { sha256Hex } from "../shared/hash.js";
import { derived, keyedDerivation } from "../ir/derived.js";
import { invariantsOf } from "../ir/invariants-of.js";
import type { Diagnostic } from "../diagnostic.js";
import type {
  Entity,
  EventDecl,
  Invariant,
  Machine,
  Program,
  Ref,
  TypeDecl,
  TypeExpr,
} from "../ir/types.js";
import { exploreMachine } from "./machine.js";
import { createMachineModel, type MachineModel } from "./model.js";
import { searchMachine } from "./search.js";
import type { Trace } from "./trace.js";

/** The seed search of the generated model-based suites: budget and depth, without simulation. */
export const SEED_SEARCH = { budget: 3000, depth: 30 } as const;

/** What a build needs from exploring one machine. */
export interface MachineExploration {
  /** Every finding of the build exploration, including informational ones. */
  readonly diagnostics: readonly Diagnostic[];
  /** Coverage of the seed search ({@link SEED_SEARCH}): the suites' seed paths. */
  readonly seeds: readonly Trace[];
  /** Distinct states the build search visited (for progress; absent in older memo stores). */
  readonly states?: number;
  /** The trace of each finding, by the index of its diagnostic (null: none), for failure reports. */
  readonly traces?: readonly (Trace | null)[];
}

/** `compute`, derived once per Program and Machine (a build asks for each several times). */
function perMachine<T>(
  name: string,
  compute: (program: Program, machine: Machine) => T,
): (program: Program, machine: Machine) => T {
  const d = keyedDerivation(name, compute);
  return (program, machine) => derived(program, d, machine);
}

/**
 * Version of what an exploration returns for the same input: part of every content key, so a memo
 * written by an explorer with other semantics (e.g. before finite domains were enumerated and
 * sampled fields reported) is never reused.
 */
const EXPLORER_VERSION = 4;

/** sha256 over the parts of a Program that exploring `machine` reads (see the module comment). */
export const machineKey: (program: Program, machine: Machine) => string = perMachine(
  "machine memo key",
  (program, machine) => {
    const c = closure(program, machine);
    return sha256Hex(JSON.stringify([EXPLORER_VERSION, machine, ...c.decls, ...c.invariants]));
  },
);

/** What exploring a machine reads besides the machine itself (see the module comment). */
interface MachineClosure {
  /** Each declaration reached, by `<kind> <domain>.<name>` (null when it does not exist). */
  readonly decls: readonly (readonly [string, Entity | EventDecl | TypeDecl | Machine | null])[];
  /** The invariants on the machine's entity. */
  readonly invariants: readonly Invariant[];
}

function closureOf(program: Program, machine: Machine): MachineClosure {
  const byDomain = new Map(program.domains.map((d) => [d.name, d]));
  const decls: [string, Entity | EventDecl | TypeDecl | Machine | null][] = [];
  const seen = new Set<string>();
  const visit = (kind: string, ref: Ref) => {
    const id = `${kind} ${ref.domain}.${ref.name}`;
    if (seen.has(id)) return;
    seen.add(id);
    const d = byDomain.get(ref.domain);
    const find = <T extends { readonly name: string }>(list: readonly T[] | undefined) =>
      list?.find((x) => x.name === ref.name);
    const decl =
      kind === "entity"
        ? find(d?.entities)
        : kind === "event"
          ? find(d?.events)
          : kind === "type"
            ? find(d?.types)
            : find(d?.machines);
    decls.push([id, decl ?? null]);
    if (decl === undefined) return;
    if (decl.kind === "entity" || decl.kind === "event") for (const f of decl.fields) types(f.type);
    if (decl.kind === "type") types(decl.type);
  };
  const types = (t: TypeExpr): void => {
    if (t.kind === "ref") visit(t.target, t.ref);
    else if (t.kind === "state") visit("machine", t.machine);
    else if (t.kind === "array") types(t.items);
    else if (t.kind === "object") for (const f of t.fields) types(f.type);
  };
  visit("entity", machine.entity);
  for (const s of machine.states) for (const t of s.transitions) visit("event", t.event);
  const invariants = invariantsOf(program, machine.entity);
  return { decls, invariants };
}

/** {@link closureOf}, computed once per machine for its memo key and its worker copy. */
const closure = perMachine("machine closure", closureOf);

/**
 * The smallest Program that explores `machine` exactly as `program` does: the machine and what
 * its memo key hashes (its closure), each domain keeping only those declarations. A build
 * sends this to its exploration worker (driver/parallel.ts) instead of the whole Program; the key's contract (a hit
 * returns what a fresh exploration would) is what makes the two explorations the same.
 */
export function explorationProgram(program: Program, machine: Machine): Program {
  const c = closure(program, machine);
  const keep = new Set<unknown>([machine, ...c.decls.map(([, d]) => d), ...c.invariants]);
  // Only the domains that hold one of them, in program order.
  const names = new Set<string>([machine.domain, ...c.invariants.map((i) => i.domain)]);
  for (const [id, d] of c.decls)
    if (d !== null) names.add(id.slice(id.indexOf(" ") + 1, id.lastIndexOf(".")));
  const domains = program.domains
    .filter((d) => names.has(d.name))
    .map((d) => ({
      ...d,
      types: d.types.filter((x) => keep.has(x)),
      entities: d.entities.filter((x) => keep.has(x)),
      events: d.events.filter((x) => keep.has(x)),
      machines: d.machines.filter((x) => keep.has(x)),
      invariants: d.invariants.filter((x) => keep.has(x)),
      apis: [],
      flows: [],
      slices: [],
    }));
  return { system: program.system, domains, riskTiers: [], gates: [], files: [] };
}

/**
 * Explore a machine for `intentc build` with the given state budget, and compute the seed
 * coverage in the same search when the budget allows. `model`, when given, must return
 * `createMachineModel(program, machine)` (or throw as it would); it saves compiling the model
 * twice.
 */
export function exploreForBuild(
  program: Program,
  machine: Machine,
  budget: number,
  model?: () => MachineModel,
  fingerprint?: boolean,
): MachineExploration {
  const shared = budget >= SEED_SEARCH.budget;
  const x = exploreMachine(
    program,
    machine,
    {
      budget,
      ...(shared ? { prefix: SEED_SEARCH } : {}),
      ...(fingerprint !== undefined ? { fingerprint } : {}),
    },
    model,
  );
  // A machine that cannot be modelled has no seeds (its model-based suite cannot be emitted).
  const seeds =
    x.model === undefined
      ? []
      : shared && x.result?.prefixCoverage !== undefined
        ? x.result.prefixCoverage
        : seedCoverage(program, machine, x.model);
  const traces = (x.result?.findings ?? []).map((f) => ("trace" in f ? f.trace : null));
  return { diagnostics: x.diagnostics, seeds, states: x.result?.stats.distinct ?? 0, traces };
}

/**
 * The content key of a machine's build exploration at `budget` (with `fingerprint` when the
 * visited set's keys were chosen: see SearchOptions.fingerprint).
 */
export function exploreKey(
  program: Program,
  machine: Machine,
  budget: number,
  fingerprint?: boolean,
): string {
  return `explore ${budget}${keysText(fingerprint)} ${machineKey(program, machine)}`;
}

/** How a content key tells the visited set's keys chosen (nothing for the default). */
export function keysText(fingerprint: boolean | undefined): string {
  return fingerprint === undefined ? "" : fingerprint ? " fingerprint" : " exact";
}

/** The seed search on its own (what {@link exploreForBuild} shares with the build exploration). */
export function seedCoverage(
  program: Program,
  machine: Machine,
  model?: MachineModel,
): readonly Trace[] {
  return searchMachine(model ?? createMachineModel(program, machine), {
    ...SEED_SEARCH,
    simulate: false,
  }).coverage;
}

export function isExploration(v: unknown): v is MachineExploration {
  const x = v as Partial<MachineExploration> | null;
  return (
    x !== null && typeof x === "object" && Array.isArray(x.diagnostics) && Array.isArray(x.seeds)
  );
}
