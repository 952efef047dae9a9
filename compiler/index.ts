/**
 * intentc — the compiler's public API. Explicit named exports only.
 * @example
 * import { compile, createNodeHost } from "intentc";
 * const { program, diagnostics } = compile(createNodeHost(process.cwd()), { dir: "intent" });
 */
export { compile, emitProgram } from "./program.js";
export type { CompileOptions, CompileResult, CompilationStage, EmitResult } from "./program.js";
export { createNodeHost, createMemoryHost } from "./host.js";
export type { CompilerHost } from "./host.js";
export { diagnostics, createDiagnostic } from "./diagnostics.js";
export type { DiagnosticName } from "./diagnostics.js";
export type { Diagnostic, DiagnosticSeverity } from "./diagnostic.js";
export { renderDiagnostics } from "./report/index.js";
export type { ReportFormat } from "./report/index.js";
export { emitters } from "./emit/index.js";
export type { Emitter, EmitContext, EmittedFiles } from "./emit/emitter.js";
export type {
  Program,
  Domain,
  TypeDecl,
  TypeExpr,
  Entity,
  EventDecl,
  Field,
  Machine,
  State,
  Transition,
  Invariant,
  Api,
  Operation,
  Flow,
  Slice,
  RiskTier,
  Gate,
  Expr,
  Loc,
  Ref,
} from "./ir/types.js";
export { intentcVersion } from "./version.js";
export { main } from "./cli.js";
