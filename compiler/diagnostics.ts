/**
 * THE table of diagnostic codes. Each phase keeps its own section (IC1xxx load/shape, IC2xxx
 * bind, IC3xxx check, IC4xxx expr, IC5xxx emit/write, IC6xxx diff/versions, IC7xxx slice packs
 * and governance, IC8xxx explore); this module merges them into one `as const` table. A code is never renumbered or
 * reused; a test snapshots the name → code map and checks every code has a fixture.
 */
import type { Diagnostic, DiagnosticDef, MessageTemplate, RelatedInfo } from "./diagnostic.js";
import { formatMessage } from "./diagnostic.js";
import { closestName, didYouMeanHint } from "./shared/suggest.js";
import type { Loc } from "./ir/types.js";
import { loadDiagnostics } from "./diagnostics/load.js";
import { bindDiagnostics } from "./diagnostics/bind.js";
import { checkDiagnostics } from "./diagnostics/check.js";
import { exprDiagnostics } from "./diagnostics/expr.js";
import { emitDiagnostics } from "./diagnostics/emit.js";
import { writeDiagnostics } from "./diagnostics/write.js";
import { diffDiagnostics } from "./diagnostics/diff.js";
import { governanceDiagnostics } from "./diagnostics/governance.js";
import { exploreDiagnostics } from "./diagnostics/explore.js";

/** Every diagnostic intentc can report, keyed by kebab-case name. */
export const diagnostics = {
  ...loadDiagnostics,
  ...bindDiagnostics,
  ...checkDiagnostics,
  ...exprDiagnostics,
  ...emitDiagnostics,
  ...writeDiagnostics,
  ...diffDiagnostics,
  ...governanceDiagnostics,
  ...exploreDiagnostics,
} as const satisfies Record<string, DiagnosticDef>;

/** Name of a diagnostic in the table. */
export type DiagnosticName = keyof typeof diagnostics;

/** The parameter names a diagnostic's message template needs. */
export type DiagnosticParams<N extends DiagnosticName> =
  (typeof diagnostics)[N]["message"] extends MessageTemplate<infer P> ? P : never;

/** Extra data attached to one report. */
export interface ReportExtra {
  readonly hint?: string;
  readonly related?: readonly RelatedInfo[];
  /** Override the table's severity (e.g. a configurable rule). */
  readonly severity?: Diagnostic["severity"];
}

/**
 * Build a diagnostic from the table; a wrong name or missing parameter fails to compile.
 * @example createDiagnostic("unknown-type", { name: "Mony" }, field.loc, { hint: "Did you mean 'Money'?" })
 */
export function createDiagnostic<N extends DiagnosticName>(
  name: N,
  args: Readonly<Record<DiagnosticParams<N>, string | number>>,
  loc: Loc,
  extra: ReportExtra = {},
): Diagnostic {
  const def: DiagnosticDef = diagnostics[name];
  const hint = extra.hint ?? def.hint;
  return {
    code: def.code,
    name,
    severity: extra.severity ?? def.severity,
    message: formatMessage(def.message, args as Record<string, string | number>),
    file: loc.file,
    line: loc.line,
    column: loc.column,
    endLine: loc.endLine,
    endColumn: loc.endColumn,
    ...(hint !== undefined ? { hint } : {}),
    ...(extra.related && extra.related.length > 0 ? { related: extra.related } : {}),
  };
}

/** Collects diagnostics for a phase. */
export interface DiagnosticCollector {
  readonly diagnostics: readonly Diagnostic[];
  report<N extends DiagnosticName>(
    name: N,
    args: Readonly<Record<DiagnosticParams<N>, string | number>>,
    loc: Loc,
    extra?: ReportExtra,
  ): void;
  add(diag: Diagnostic): void;
  addAll(diags: readonly Diagnostic[]): void;
  hasError(): boolean;
}

/** Create an empty collector. */
export function createCollector(): DiagnosticCollector {
  const list: Diagnostic[] = [];
  return {
    diagnostics: list,
    report(name, args, loc, extra) {
      list.push(createDiagnostic(name, args, loc, extra));
    },
    add(diag) {
      list.push(diag);
    },
    addAll(diags) {
      list.push(...diags);
    },
    hasError() {
      return list.some((d) => d.severity === "error");
    },
  };
}

/** Pick the closest candidate for a "Did you mean" hint (compiler/shared/suggest.ts). */
export const didYouMean = closestName;

/** A "Did you mean 'x'?" hint, or undefined. */
export const suggestHint = didYouMeanHint;
