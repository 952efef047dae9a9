/**
 * The programmatic entry (also re-exported by compiler/index.ts): the front end, and the emit
 * phase for one-off emits. Builds go through the driver (driver/index.ts); both use the same
 * analysis and the same emit path (driver/analyze.ts, driver/emit.ts).
 */
import type { Analysis, BuildMemo, EmitOptions } from "./emit/emitter.js";
import type { LockFile } from "./diff/lock-file.js";
import type { Program } from "./ir/types.js";
import { analyzeSync, DEFAULT_EXPLORE_BUDGET } from "./driver/analyze.js";
import { emitAll, type EmitResult, type EmitSink } from "./driver/emit.js";

export {
  compile,
  type CompilationStage,
  type CompileOptions,
  type CompileResult,
} from "./driver/front-end.js";
export { createBuildMemo, type RecordingMemo } from "./driver/memo.js";
export type { EmitResult, EmitSink } from "./driver/emit.js";

/** Options of {@link emitProgram}. */
export interface EmitProgramOptions extends EmitOptions {
  readonly previousLock?: LockFile;
  /** The analysis to use; computed (serially, at `exploreBudget`) when absent. */
  readonly analysis?: Analysis;
  readonly memo?: BuildMemo;
  readonly sink?: EmitSink;
}

/**
 * Analyze (unless given an analysis) and emit a checked Program: every emitter's files, sorted
 * by path, and their diagnostics. The files are the ones `intentc build` writes.
 */
export function emitProgram(program: Program, options: EmitProgramOptions = {}): EmitResult {
  const budget = options.exploreBudget ?? DEFAULT_EXPLORE_BUDGET;
  const analysis = options.analysis ?? analyzeSync(program, budget, options.previousLock);
  return emitAll(program, {
    analysis,
    options: options.exploreBudget === undefined ? {} : { exploreBudget: options.exploreBudget },
    ...(options.memo ? { memo: options.memo } : {}),
    ...(options.sink ? { sink: options.sink } : {}),
  });
}
