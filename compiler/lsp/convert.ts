/**
 * Between the compiler's positions (1-based line and UTF-16 column, end exclusive) and the
 * protocol's (0-based line and UTF-16 character), and from compiler diagnostics to LSP ones.
 */
import { pathToFileURL, fileURLToPath } from "node:url";
import type {
  Diagnostic as LspDiagnostic,
  Range,
  DiagnosticRelatedInformation,
} from "vscode-languageserver";
import type { Diagnostic } from "../diagnostic.js";
import type { Loc } from "../ir/types.js";
import type { Workspace } from "./workspace.js";

/** The LSP range of a loc. */
export function rangeOf(loc: Pick<Loc, "line" | "column" | "endLine" | "endColumn">): Range {
  return {
    start: { line: Math.max(0, loc.line - 1), character: Math.max(0, loc.column - 1) },
    end: { line: Math.max(0, loc.endLine - 1), character: Math.max(0, loc.endColumn - 1) },
  };
}

/** The file URI of a host path in a workspace. */
export function uriOf(ws: Workspace, path: string): string {
  return pathToFileURL(ws.absOf(path)).href;
}

/** The absolute file path of a `file:` URI, or undefined for other schemes. */
export function fileOfUri(uri: string): string | undefined {
  if (!uri.startsWith("file:")) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

const SEVERITY = { error: 1, warning: 2, info: 3 } as const;

/** An LSP diagnostic: same code, range and message as the CLI, the hint on its own line. */
export function toLspDiagnostic(ws: Workspace, d: Diagnostic): LspDiagnostic {
  const related: DiagnosticRelatedInformation[] = (d.related ?? []).map((r) => ({
    message: r.message,
    location: { uri: uriOf(ws, r.loc.file), range: rangeOf(r.loc) },
  }));
  return {
    range: rangeOf(d),
    severity: SEVERITY[d.severity as keyof typeof SEVERITY] ?? 3,
    code: d.code,
    source: "intentc",
    message: d.hint === undefined ? d.message : `${d.message}\n${d.hint}`,
    ...(related.length > 0 ? { relatedInformation: related } : {}),
    data: { name: d.name, ...(d.hint === undefined ? {} : { hint: d.hint }) },
  };
}
