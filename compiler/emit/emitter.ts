/**
 * The emitter contract: a pure function from the checked Program (and the read-only results of
 * the analysis phase) to files. Emitters never touch the disk, the clock, the environment or
 * another emitter's output; they run in registry order (emit/index.ts), all through one path
 * (driver/emit.ts).
 */
import type { Diagnostic } from "../diagnostic.js";
import type { ChangelogEntry, LockFile } from "../diff/lock-file.js";
import type { MachineExploration } from "../explore/build.js";
import type { Machine, Program } from "../ir/types.js";

/** Files produced by an emitter: path relative to the output dir (POSIX separators) → contents. */
export type EmittedFiles = Map<string, string>;

/**
 * What the analysis phase found (driver/analyze.ts), computed once before emit. Read-only: an
 * emitter reads it and never recomputes it.
 */
export interface Analysis {
  /** The build exploration of every machine of the Program (diagnostics and test seeds). */
  readonly explorations: ReadonlyMap<Machine, MachineExploration>;
  /** The change log after this build: the previous lock's history plus this build's changes. */
  readonly changelog: readonly ChangelogEntry[];
  /** The previous build's lock, or undefined on a first build. */
  readonly previousLock: LockFile | undefined;
}

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
