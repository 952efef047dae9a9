/**
 * The one orchestrator: the front end (compile.ts, re-exported here) and, for builds, emit.
 * Emission is skipped when any error was reported.
 */
import type { Diagnostic } from "./diagnostic.js";
import { compilerAssert, sortDiagnostics } from "./diagnostic.js";
import { createCollector, type DiagnosticCollector } from "./diagnostics.js";
import type { Program } from "./ir/types.js";
import { emitters } from "./emit/index.js";
import type { BuildMemo, EmitContext, EmitOptions, EmittedFiles, Emitter } from "./emit/emitter.js";
import type { LockFile } from "./diff/lock-file.js";
import type { SuiteWorker } from "./emit/suite-worker.js";

export { compile, type CompilationStage, type CompileOptions, type CompileResult } from "./compile.js";

/** Result of running the emitters. */
export interface EmitResult {
  readonly files: EmittedFiles;
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Run every emitter on a checked program and merge their files (paths must not collide). With a
 * memo, emitters share and reuse pure results by content key; the files are the same either way.
 */
export function emitProgram(program: Program, options: EmitOptions = {}, previousLock?: LockFile, memo?: BuildMemo): EmitResult {
  const diags = createCollector();
  const outs = emitters.map((emitter) => guard(emitter, () => runOne(emitter, program, context(diags, options, previousLock, memo), memo)));
  return merge(outs, diags);
}

/** Receives each emitted file as soon as its emitter finishes (see {@link emitProgramAsync}). */
export type EmitSink = (path: string, contents: string) => void;

/**
 * {@link emitProgram} for builds: emitters with `emitAsync` start first and finish on worker
 * threads while the others run here. Same files and diagnostics as {@link emitProgram}. With a
 * `sink`, each emitter's files go to it (sorted by path within the emitter) as soon as that
 * emitter finishes and are not kept: the result's `files` is then empty. `explorer` is an
 * exploration worker the caller started early (emit/suite-worker.ts).
 */
export async function emitProgramAsync(
  program: Program,
  options: EmitOptions = {},
  previousLock?: LockFile,
  memo?: BuildMemo,
  sink?: EmitSink,
  explorer?: SuiteWorker,
): Promise<EmitResult> {
  const diags = createCollector();
  const started = emitters.map((emitter) => {
    const emitAsync = emitter.emitAsync;
    if (emitAsync === undefined || emitter.inputs !== undefined) return undefined;
    const ctx = { ...context(diags, options, previousLock, memo), ...(explorer ? { explorer } : {}) };
    return guard(emitter, () => emitAsync.call(emitter, program, ctx)).catch((e: unknown) => guard(emitter, () => { throw e; }));
  });
  if (sink !== undefined) {
    const owner = new Map<string, string>();
    const pass = (i: number, out: EmittedFiles) => {
      for (const path of [...out.keys()].sort()) {
        checkPath(path, emitters[i].name, owner);
        sink(path, out.get(path) as string);
      }
    };
    for (const [i, emitter] of emitters.entries()) {
      if (started[i] === undefined) pass(i, guard(emitter, () => runOne(emitter, program, context(diags, options, previousLock, memo), memo)));
    }
    for (const [i, p] of started.entries()) if (p !== undefined) pass(i, await p);
    return { files: new Map(), diagnostics: sortDiagnostics(diags.diagnostics) };
  }
  const outs: EmittedFiles[] = [];
  for (const [i, emitter] of emitters.entries()) {
    if (started[i] === undefined) outs[i] = guard(emitter, () => runOne(emitter, program, context(diags, options, previousLock, memo), memo));
  }
  for (const [i, p] of started.entries()) if (p !== undefined) outs[i] = await p;
  return merge(outs, diags);
}

function context(diags: DiagnosticCollector, options: EmitOptions, previousLock: LockFile | undefined, memo: BuildMemo | undefined): EmitContext {
  return { report: (d) => diags.add(d), options, previousLock, ...(memo ? { memo } : {}) };
}

/** Run one emitter, through the memo when it declares its inputs. */
function runOne(emitter: Emitter, program: Program, ctx: EmitContext, memo: BuildMemo | undefined): EmittedFiles {
  if (memo === undefined || emitter.inputs === undefined) return emitter.emit(program, ctx);
  const key = `emitter ${emitter.name} ${JSON.stringify(ctx.options)} ${emitter.inputs(program, ctx)}`;
  const r = memo.cached(key, () => runEmitter(emitter.emit, program, ctx), isEmitterRun);
  for (const d of r.diagnostics) ctx.report(d);
  return new Map(r.files);
}

/** Call `f`, turning a crash into an error naming the emitter. */
function guard<T>(emitter: Emitter, f: () => T): T {
  try {
    return f();
  } catch (e) {
    const err = new Error(`emitter '${emitter.name}' crashed: ${e instanceof Error ? e.message : String(e)}`);
    (err as Error & { cause?: unknown }).cause = e;
    throw err;
  }
}

/** Merge the emitters' files in registry order (paths must be safe and unique), sorted by path. */
function merge(outs: readonly EmittedFiles[], diags: DiagnosticCollector): EmitResult {
  const files: EmittedFiles = new Map();
  const owner = new Map<string, string>();
  outs.forEach((out, i) => {
    for (const [path, text] of out) {
      checkPath(path, emitters[i].name, owner);
      files.set(path, text);
    }
  });
  const sorted: EmittedFiles = new Map([...files.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return { files: sorted, diagnostics: sortDiagnostics(diags.diagnostics) };
}

/** Paths must be safe and emitted once across all emitters (`owner` records who wrote each). */
function checkPath(path: string, name: string, owner: Map<string, string>): void {
  compilerAssert(!owner.has(path), `emitters wrote '${path}' twice (second: ${name})`);
  compilerAssert(isSafeRelative(path), `emitter '${name}' produced unsafe path '${path}'`);
  owner.set(path, name);
}

interface EmitterRun {
  readonly files: readonly (readonly [string, string])[];
  readonly diagnostics: readonly Diagnostic[];
}

/** One emit as JSON data (files and the diagnostics it reported), for the memo. */
function runEmitter(emit: (program: Program, ctx: EmitContext) => EmittedFiles, program: Program, ctx: EmitContext): EmitterRun {
  const diagnostics: Diagnostic[] = [];
  const files = emit(program, { ...ctx, report: (d) => diagnostics.push(d) });
  return { files: [...files.entries()], diagnostics };
}

function isEmitterRun(v: unknown): v is EmitterRun {
  const r = v as Partial<EmitterRun> | null;
  return (
    r !== null &&
    typeof r === "object" &&
    Array.isArray(r.diagnostics) &&
    Array.isArray(r.files) &&
    r.files.every((f) => Array.isArray(f) && f.length === 2 && typeof f[0] === "string" && typeof f[1] === "string")
  );
}

/** A {@link BuildMemo} over values kept from an earlier build; `entries()` lists what this build used. */
export interface RecordingMemo extends BuildMemo {
  /** Every key this build looked up, with its value, sorted by key. */
  entries(): [string, unknown][];
}

/** Create a memo, seeded with the values of an earlier build (already parsed, untrusted shape). */
export function createBuildMemo(stored: ReadonlyMap<string, unknown> = new Map()): RecordingMemo {
  const used = new Map<string, unknown>();
  return {
    cached<T>(key: string, compute: () => T, valid: (value: unknown) => value is T): T {
      const hit = this.peek(key, valid);
      if (hit !== undefined) return hit;
      const value = compute();
      used.set(key, value);
      return value;
    },
    peek<T>(key: string, valid: (value: unknown) => value is T): T | undefined {
      const value = used.has(key) ? used.get(key) : stored.get(key);
      if (value === undefined || !valid(value)) return undefined;
      used.set(key, value);
      return value;
    },
    put(key: string, value: unknown): void {
      used.set(key, value);
    },
    entries: () => [...used.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  };
}

function isSafeRelative(path: string): boolean {
  return path !== "" && !path.startsWith("/") && !path.includes("\\") && path.split("/").every((s) => s !== "" && s !== "." && s !== "..");
}
