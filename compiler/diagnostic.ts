/**
 * Diagnostics as data: the Diagnostic shape, the `msg` template helper, a collector and the
 * compiler-bug assertion. The table of codes lives in `diagnostics.ts`.
 */
import type { Loc } from "./ir/types.js";

/** Severity of a diagnostic. `error` fails the command; `warning` and `info` do not. */
export type DiagnosticSeverity = "error" | "warning" | "info";

/** A message template with named parameters, built by {@link msg}. */
export interface MessageTemplate<P extends string = string> {
  readonly parts: readonly string[];
  readonly params: readonly P[];
}

/**
 * Tag for message templates: ``msg`Unknown type '${"name"}'.` `` declares a parameter `name`.
 * @example const m = msg`Unknown type '${"name"}'.`; formatMessage(m, { name: "Mony" });
 */
export function msg<const P extends string>(
  parts: TemplateStringsArray,
  ...params: P[]
): MessageTemplate<P> {
  return { parts: [...parts], params };
}

/** One entry of the code table. */
export interface DiagnosticDef<P extends string = string> {
  readonly code: `IC${number}`;
  readonly severity: DiagnosticSeverity;
  readonly message: MessageTemplate<P>;
  readonly hint?: string;
}

/** Fill a template's parameters. */
export function formatMessage(
  template: MessageTemplate,
  args: Readonly<Record<string, string | number>>,
): string {
  let out = template.parts[0] ?? "";
  for (let i = 0; i < template.params.length; i++) {
    out += String(args[template.params[i]] ?? "") + (template.parts[i + 1] ?? "");
  }
  return out;
}

/** A related location shown with a diagnostic ("first declared here"). */
export interface RelatedInfo {
  readonly message: string;
  readonly loc: Loc;
}

/** A reported problem: stable code, kebab name, exact position, message and optional hint. */
export interface Diagnostic {
  readonly code: string;
  readonly name: string;
  readonly severity: DiagnosticSeverity;
  readonly message: string;
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly hint?: string;
  readonly related?: readonly RelatedInfo[];
}

/** The result of a phase: a value plus what went wrong on the way. */
export type DiagnosticResult<T> = readonly [T, readonly Diagnostic[]];

/** Thrown for compiler bugs only (exit code 2), never for user mistakes. */
export class CompilerBugError extends Error {
  override name = "CompilerBugError";
}

/** Assert an internal condition; a failure is a bug in intentc, not in the user's intent. */
export function compilerAssert(cond: unknown, message: string): asserts cond {
  if (!cond) throw new CompilerBugError(`intentc internal error: ${message}`);
}

/** True when any diagnostic is an error. */
export function hasErrors(diags: readonly Diagnostic[]): boolean {
  return diags.some((d) => d.severity === "error");
}

/** Sort diagnostics by file, position, then code, for stable output. */
export function sortDiagnostics(diags: readonly Diagnostic[]): Diagnostic[] {
  return [...diags].sort(
    (a, b) =>
      cmp(a.file, b.file) ||
      a.line - b.line ||
      a.column - b.column ||
      cmp(a.code, b.code) ||
      cmp(a.message, b.message),
  );
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
