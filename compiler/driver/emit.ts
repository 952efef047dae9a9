/**
 * The emit phase: every emitter of the registry (emit/index.ts), in order, on the checked
 * Program and the analysis. The only emit path: builds pass a sink that streams each emitter's
 * files into the writer as soon as it finishes; one-off emits (tests, the API) collect them.
 */
import type { Diagnostic } from "../diagnostic.js";
import { compilerAssert, sortDiagnostics } from "../diagnostic.js";
import { createCollector } from "../diagnostics.js";
import { emitters } from "../emit/index.js";
import type {
  Analysis,
  BuildMemo,
  EmitContext,
  EmitOptions,
  EmittedFiles,
  Emitter,
} from "../emit/emitter.js";
import type { Program } from "../ir/types.js";

/** Result of running the emitters. */
export interface EmitResult {
  /** Every file, sorted by path (empty when a sink received them). */
  readonly files: EmittedFiles;
  readonly diagnostics: readonly Diagnostic[];
}

/** Receives each emitted file as soon as its emitter finishes. */
export type EmitSink = (path: string, contents: string) => void;

/** What the emit phase needs besides the Program. */
export interface EmitInput {
  readonly analysis: Analysis;
  readonly options?: EmitOptions;
  readonly memo?: BuildMemo;
  /** Stream files here (each emitter's sorted by path) instead of returning them. */
  readonly sink?: EmitSink;
  /** Called before each emitter runs (progress). */
  readonly onEmitter?: (name: string) => void;
}

/** Run every emitter on a checked, analyzed Program (paths must be safe and unique). */
export function emitAll(program: Program, input: EmitInput): EmitResult {
  const diags = createCollector();
  const ctx: EmitContext = {
    report: (d) => diags.add(d),
    options: input.options ?? {},
    analysis: input.analysis,
    ...(input.memo ? { memo: input.memo } : {}),
  };
  const owner = new Map<string, string>();
  const files: EmittedFiles = new Map();
  for (const emitter of emitters) {
    input.onEmitter?.(emitter.name);
    const out = guard(emitter, () => emitter.emit(program, ctx));
    for (const path of [...out.keys()].sort()) {
      checkPath(path, emitter.name, owner);
      if (input.sink) input.sink(path, out.get(path) as string);
      else files.set(path, out.get(path) as string);
    }
  }
  const sorted: EmittedFiles = new Map(
    [...files.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  );
  return { files: sorted, diagnostics: sortDiagnostics(diags.diagnostics) };
}

/** Call `f`, turning a crash into an error naming the emitter. */
function guard<T>(emitter: Emitter, f: () => T): T {
  try {
    return f();
  } catch (e) {
    const err = new Error(
      `emitter '${emitter.name}' crashed: ${e instanceof Error ? e.message : String(e)}`,
    );
    (err as Error & { cause?: unknown }).cause = e;
    throw err;
  }
}

/** Paths must be safe and emitted once across all emitters (`owner` records who wrote each). */
function checkPath(path: string, name: string, owner: Map<string, string>): void {
  compilerAssert(!owner.has(path), `emitters wrote '${path}' twice (second: ${name})`);
  compilerAssert(isSafeRelative(path), `emitter '${name}' produced unsafe path '${path}'`);
  owner.set(path, name);
}

function isSafeRelative(path: string): boolean {
  return (
    path !== "" &&
    !path.startsWith("/") &&
    !path.includes("\\") &&
    path.split("/").every((s) => s !== "" && s !== "." && s !== "..")
  );
}
