/**
 * The emitter contract: a pure function from the checked Program to files.
 * Emitters never touch the disk, the clock, the environment or another emitter's output.
 */
import type { SuiteWorker } from "./suite-worker.js";
import type { Diagnostic } from "../diagnostic.js";
import type { Program } from "../ir/types.js";
import type { LockFile } from "../diff/lock-file.js";

/** Files produced by an emitter: path relative to the output dir (POSIX separators) → contents. */
export type EmittedFiles = Map<string, string>;

/** What an emitter receives besides the Program. */
export interface EmitContext {
  /** Report a problem found while emitting (never throw for user mistakes). */
  report(diag: Diagnostic): void;
  /**
   * The previous build's lock (from generated/intent.lock.json), read by the host before emit,
   * or undefined on a first build. Emitters that compress knowledge diff against it.
   */
  readonly previousLock?: LockFile;
  /** Options from the command line (e.g. explore budget). */
  readonly options: EmitOptions;
  /**
   * Results of pure computations by content key, shared by the emitters of a build and, on
   * disk, with later builds. Absent in one-off emits: emitters then compute everything.
   */
  readonly memo?: BuildMemo;
  /**
   * An exploration worker a build started before compiling (its start-up overlapped the front
   * end); the model-tests emitter uses it, or stops it when it has nothing to do.
   */
  readonly explorer?: SuiteWorker;
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
   * State budget for `intentc explore` when run as part of build.
   * @default 20000
   */
  readonly exploreBudget?: number;
}

/** An emitter: one file in compiler/emit/, one line in the registry. */
export interface Emitter {
  readonly name: string;
  readonly description: string;
  emit(program: Program, ctx: EmitContext): EmittedFiles;
  /**
   * A string determining everything `emit` reads (e.g. a hash of the parts of the Program it
   * uses). When present, a build reuses the files and diagnostics of an earlier emit with the same
   * inputs instead of running `emit` again.
   */
  inputs?(program: Program, ctx: EmitContext): string;
  /**
   * The same files as `emit`, computed partly on worker threads. Builds use it when present;
   * the synchronous work it leaves runs when the caller awaits the promise.
   */
  emitAsync?(program: Program, ctx: EmitContext): Promise<EmittedFiles>;
}

/** Define an emitter (identity; gives type inference and one place to add checks). */
export function defineEmitter(emitter: Emitter): Emitter {
  return emitter;
}
