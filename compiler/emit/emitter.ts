/**
 * The emitter contract: a pure function from the checked Program (and the read-only results of
 * the analysis phase) to files. Emitters never touch the disk, the clock, the environment or
 * another emitter's output; they run in registry order (emit/index.ts), all through one path
 * (driver/emit.ts).
 */
import type { Diagnostic } from "../diagnostic.js";
import type { ChangelogEntry, LockFile } from "../diff/lock-file.js";
import type { Flow, Machine, Program, Ref } from "../ir/types.js";

/** Files produced by an emitter: path relative to the output dir (POSIX separators) → contents. */
export type EmittedFiles = Map<string, string>;

/**
 * What the analysis phase found (driver/analyze.ts), computed once before emit. Read-only: an
 * emitter reads it and never recomputes it.
 */
export interface Analysis {
  /**
   * The build exploration of every machine of the Program when the build explored (budget > 0):
   * its findings (explore/build.ts MachineExploration carries more, for the driver).
   */
  readonly explorations: ReadonlyMap<Machine, MachineFindings>;
  /**
   * The reference model of every machine that can be modelled, in emit order, as its model-based
   * suite embeds it (driver/machine-seeds.ts). A machine whose model cannot be built is absent
   * (its exploration reports why, IC8007).
   */
  readonly machines: ReadonlyMap<Machine, ModeledMachine>;
  /**
   * The composed model of every flow explored as a system that composes, in program order, as
   * its flow-based suite embeds it (driver/flow-seeds.ts). A flow that cannot be composed is
   * absent (the system exploration reports why, IC8025).
   */
  readonly flows: ReadonlyMap<Flow, ComposedFlow>;
  /** The change log after this build: the previous lock's history plus this build's changes. */
  readonly changelog: readonly ChangelogEntry[];
  /** The previous build's lock, or undefined on a first build. */
  readonly previousLock: LockFile | undefined;
}

/** What exploring one machine found. */
export interface MachineFindings {
  /** Every finding of the build exploration, including informational ones. */
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * A machine's reference model (explore/model.ts) as plain JSON data: initial entities and event
 * payloads from the explorer's value domains, and the seed search's paths (explore/build.ts
 * SEED_SEARCH), each list already cut to what a suite embeds.
 */
export interface ModeledMachine {
  /** Initial entities spread over the model's initial domains. */
  readonly initial: readonly Readonly<Record<string, unknown>>[];
  /** The machine's events, in first-use order (emit/reference-model.ts machineEvents). */
  readonly events: readonly ModeledEvent[];
  /** The entity's fields of type integer or number. */
  readonly numericFields: readonly string[];
  /** Paths of the seed search, evenly spread over its coverage. */
  readonly seeds: readonly ModeledSeed[];
}

/** An event a machine handles. */
export interface ModeledEvent {
  /** Its key in generated code (`pay`, `payments.capture`). */
  readonly type: string;
  /** The declared event (its validator). */
  readonly event: Ref;
  /** Payloads from the fields' value domains, each with its `type`. */
  readonly payloads: readonly Readonly<Record<string, unknown>>[];
  /** Its payload fields of type integer or number. */
  readonly numeric: readonly string[];
}

/** A path of the seed search: an initial entity and the events it replays (each with `type`). */
export interface ModeledSeed {
  readonly initial: Readonly<Record<string, unknown>>;
  readonly events: readonly Readonly<Record<string, unknown>>[];
}

/**
 * A flow's composed model (explore/compose.ts) as plain JSON data: its participants, initial
 * systems and event payloads from the explorer's value domains, and the seed search's paths
 * (explore/build.ts SEED_SEARCH), each list already cut to what a suite embeds.
 */
export interface ComposedFlow {
  /** Each participant once, in the flow's order. */
  readonly participants: readonly ComposedParticipant[];
  /** Initial systems spread over the composed model's initial domains. */
  readonly initial: readonly EntitiesByRecord[];
  /** The environment's events, once per participant and event type. */
  readonly events: readonly ComposedEvent[];
  /** Paths of the seed search through the composed model, evenly spread over its coverage. */
  readonly seeds: readonly ComposedSeed[];
}

/** A composed configuration: each participant's entity by record name (an array for several). */
export type EntitiesByRecord = Readonly<Record<string, unknown>>;

/** One participant of a composed flow. */
export interface ComposedParticipant {
  /** Its record name (`order`). */
  readonly name: string;
  readonly instances: number;
  readonly machine: Ref;
  /** Its entity's fields of type integer or number. */
  readonly numericFields: readonly string[];
}

/** An event the environment sends to one participant. */
export interface ComposedEvent {
  /** The participant's record name. */
  readonly participant: string;
  /** The event's type as the participant's machine knows it (`capture`). */
  readonly type: string;
  /** The declared event (its validator). */
  readonly event: Ref;
  /** Payloads from the fields' value domains, each with its `type`. */
  readonly payloads: readonly Readonly<Record<string, unknown>>[];
  /** Its payload fields of type integer or number. */
  readonly numeric: readonly string[];
}

/** A path of the seed search: an initial system and the commands it replays. */
export interface ComposedSeed {
  readonly initial: EntitiesByRecord;
  readonly commands: readonly ComposedCommand[];
}

/** An event sent to one slot (`order`, `account[1]`), or the delivery of a queued message. */
export type ComposedCommand =
  | { readonly deliver: true }
  | { readonly slot: string; readonly event: Readonly<Record<string, unknown>> };

/** What an emitter receives besides the Program. */
export interface EmitContext {
  /** Report a problem found while emitting (never throw for user mistakes). */
  report(diag: Diagnostic): void;
  /** Options from the command line (e.g. explore budget). */
  readonly options: EmitOptions;
  /** The analysis phase's results. */
  readonly analysis: Analysis;
  /**
   * The driver's cache of pure results by content key, shared by the emitters of a build and,
   * on disk, with later builds. Absent in one-off emits: emitters then compute everything.
   */
  readonly memo?: BuildMemo;
}

/** A cache of pure results by content key (see {@link EmitContext.memo}). */
export interface BuildMemo {
  /**
   * The value stored under `key`, or `compute()` (then stored). `key` must hash every input of
   * `compute`, so that a hit returns exactly what `compute` would; `valid` checks a stored value's
   * shape. Values outlive the build only when they are plain JSON data.
   */
  cached<T>(key: string, compute: () => T, valid: (value: unknown) => value is T): T;
  /** The value stored under `key` when there is a valid one (it is then kept for later builds). */
  peek<T>(key: string, valid: (value: unknown) => value is T): T | undefined;
  /** Store a value computed by the caller (the same contract on `key` as {@link cached}). */
  put(key: string, value: unknown): void;
}

/** Options shared by all emitters. */
export interface EmitOptions {
  /**
   * State budget for exploring machines in the analysis phase.
   * @default 20000
   */
  readonly exploreBudget?: number;
}

/** An emitter: one file in compiler/emit/, one line in the registry. */
export interface Emitter {
  readonly name: string;
  readonly description: string;
  emit(program: Program, ctx: EmitContext): EmittedFiles;
}

/** Define an emitter (identity; gives type inference and one place to add checks). */
export function defineEmitter(emitter: Emitter): Emitter {
  return emitter;
}
