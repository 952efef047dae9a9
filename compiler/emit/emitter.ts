/**
 * The emitter contract: a pure function from the checked Program to files.
 * Emitters never touch the disk, the clock, the environment or another emitter's output.
 */
import type { Diagnostic } from "../diagnostic.js";
import type { Program } from "../ir/types.js";
import type { LockFile } from "./lock-types.js";

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
}

/** Define an emitter (identity; gives type inference and one place to add checks). */
export function defineEmitter(emitter: Emitter): Emitter {
  return emitter;
}
