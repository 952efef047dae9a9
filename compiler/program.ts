/**
 * The one orchestrator: runs load → shape → bind → check (+ expressions) and, for builds,
 * emit. Records how far compilation got. Emission is skipped when any error was reported.
 */
import type { Diagnostic } from "./diagnostic.js";
import { compilerAssert, sortDiagnostics } from "./diagnostic.js";
import { createCollector } from "./diagnostics.js";
import { MAX_FILE_BYTES, type CompilerHost } from "./host.js";
import type { Program } from "./ir/types.js";
import { loadYaml, type LoadedFile } from "./load/yaml.js";
import { checkShape } from "./load/shape.js";
import { bindProgram } from "./bind/bind.js";
import { checkProgram } from "./check/index.js";
import { checkExpressions } from "./expr/check.js";
import { emitters } from "./emit/index.js";
import type { EmitOptions, EmittedFiles } from "./emit/emitter.js";
import type { LockFile } from "./emit/lock-types.js";

/** How far a compilation got. */
export type CompilationStage = "load" | "shape" | "bind" | "check" | "emit" | "done";

/** Options for {@link compile}. */
export interface CompileOptions {
  /**
   * Directory holding the intent files, relative to the host root.
   * @default "intent"
   */
  readonly dir?: string;
}

/** Result of {@link compile}: the Program when binding succeeded, and every diagnostic. */
export interface CompileResult {
  readonly program: Program | undefined;
  readonly diagnostics: readonly Diagnostic[];
  readonly files: readonly LoadedFile[];
  /** Text of every intent file read (for code frames), including ones that failed to load. */
  readonly sources: ReadonlyMap<string, string>;
  readonly stage: CompilationStage;
}

/** Load, shape-check, bind and check the intent under `dir`. Never throws for user mistakes. */
export function compile(host: CompilerHost, options: CompileOptions = {}): CompileResult {
  const dir = options.dir ?? "intent";
  const diags = createCollector();
  const paths = host.listIntentFiles(dir);
  const sources = new Map<string, string>();
  const at = { file: dir, line: 1, column: 1, endLine: 1, endColumn: 1 };
  if (paths.length === 0) {
    diags.report("no-intent-files", { dir }, at);
    return { program: undefined, diagnostics: diags.diagnostics, files: [], sources, stage: "load" };
  }
  const files: LoadedFile[] = [];
  for (const path of paths) {
    const size = host.fileSize(path);
    if (size > MAX_FILE_BYTES) {
      diags.report("file-too-large", { size, limit: MAX_FILE_BYTES }, { ...at, file: path });
      continue;
    }
    const text = host.readFile(path) ?? "";
    sources.set(path, text);
    const [file, loadDiags] = loadYaml(path, text);
    diags.addAll(loadDiags);
    if (file.value === undefined) continue;
    const shapeDiags = checkShape(file);
    diags.addAll(shapeDiags);
    if (shapeDiags.some((d) => d.severity === "error")) continue;
    files.push(file);
  }
  if (diags.hasError()) return done(undefined, "shape");
  const [program, bindDiags] = bindProgram(files);
  diags.addAll(bindDiags);
  if (diags.hasError()) return done(program, "bind");
  diags.addAll(checkProgram(program, files));
  diags.addAll(checkExpressions(program));
  return done(program, diags.hasError() ? "check" : "emit");

  function done(program: Program | undefined, stage: CompilationStage): CompileResult {
    return { program, diagnostics: sortDiagnostics(diags.diagnostics), files, sources, stage };
  }
}

/** Result of running the emitters. */
export interface EmitResult {
  readonly files: EmittedFiles;
  readonly diagnostics: readonly Diagnostic[];
}

/** Run every emitter on a checked program and merge their files (paths must not collide). */
export function emitProgram(program: Program, options: EmitOptions = {}, previousLock?: LockFile): EmitResult {
  const diags = createCollector();
  const files: EmittedFiles = new Map();
  for (const emitter of emitters) {
    let out: EmittedFiles;
    try {
      out = emitter.emit(program, { report: (d) => diags.add(d), options, previousLock });
    } catch (e) {
      const err = new Error(`emitter '${emitter.name}' crashed: ${e instanceof Error ? e.message : String(e)}`);
      (err as Error & { cause?: unknown }).cause = e;
      throw err;
    }
    for (const [path, text] of out) {
      compilerAssert(!files.has(path), `emitters wrote '${path}' twice (second: ${emitter.name})`);
      compilerAssert(isSafeRelative(path), `emitter '${emitter.name}' produced unsafe path '${path}'`);
      files.set(path, text);
    }
  }
  const sorted: EmittedFiles = new Map([...files.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return { files: sorted, diagnostics: sortDiagnostics(diags.diagnostics) };
}

function isSafeRelative(path: string): boolean {
  return path !== "" && !path.startsWith("/") && !path.includes("\\") && path.split("/").every((s) => s !== "" && s !== "." && s !== "..");
}
