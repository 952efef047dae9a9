/**
 * The front end: load → shape → bind → check (+ expressions), with no emitter in its import
 * graph. Records how far it got.
 */
import type { Diagnostic } from "../diagnostic.js";
import { sortDiagnostics } from "../diagnostic.js";
import { createCollector } from "../diagnostics.js";
import { MAX_FILE_BYTES, type CompilerHost } from "../host.js";
import type { Program } from "../ir/types.js";
import { loadYaml, type LoadedFile } from "../load/yaml.js";
import { checkShape } from "../load/shape.js";
import { bindProgram } from "../bind/bind.js";
import { checkProgram } from "../check/index.js";
import { checkExpressions } from "../expr/check.js";

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
  // Entries that look like intent but are not read (links, FIFOs, devices, a dir outside): host.ts.
  const skipped = host.listSkipped?.(dir) ?? [];
  for (const s of skipped) {
    const loc = { ...at, file: s.path };
    if (s.kind === "dir-outside")
      diags.report("intent-dir-outside", { dir: s.path, target: s.target ?? "" }, loc);
    else if (s.kind === "special-file")
      diags.report("special-file", { path: s.path, what: s.what }, loc);
    else if (s.kind === "link-inside")
      diags.report("symlink-inside", { path: s.path, what: s.what, target: s.target ?? "" }, loc);
    else
      diags.report(
        "symlink-outside",
        { path: s.path, what: s.what, target: s.target ?? "", where: s.where ?? "" },
        loc,
      );
  }
  if (paths.length === 0 || skipped.some((s) => s.kind === "dir-outside")) {
    if (skipped.length === 0) diags.report("no-intent-files", { dir }, at);
    return {
      program: undefined,
      diagnostics: diags.diagnostics,
      files: [],
      sources,
      stage: "load",
    };
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
