/**
 * Quick fixes: a diagnostic whose hint is "Did you mean 'X'?" offers to write X in place of the
 * misspelled name (keeping the quotes and a `domain.` prefix the name was written with).
 */
import type { CodeAction, Diagnostic, Range } from "vscode-languageserver";

const DID_YOU_MEAN = /Did you mean '([^']+)'\?/;

/** The quick fixes for the diagnostics the client sends (those of the requested range). */
export function quickFixes(
  uri: string,
  text: string,
  diagnostics: readonly Diagnostic[],
): CodeAction[] {
  const out: CodeAction[] = [];
  const lines = text.split("\n");
  for (const d of diagnostics) {
    if (d.source !== "intentc") continue;
    const m = DID_YOU_MEAN.exec(typeof d.message === "string" ? d.message : d.message.value);
    if (!m || d.range.start.line !== d.range.end.line) continue;
    const line = lines[d.range.start.line] ?? "";
    const written = line.slice(d.range.start.character, d.range.end.character);
    const range = nameRange(d.range, written, m[1]);
    if (range === undefined) continue;
    out.push({
      title: `Change to '${m[1]}'`,
      kind: "quickfix",
      diagnostics: [d],
      isPreferred: true,
      edit: { changes: { [uri]: [{ range, newText: m[1] }] } },
    });
  }
  return out;
}

/** The part of the written text the suggestion replaces: inside quotes, after `domain.` unless the suggestion has one. */
function nameRange(r: Range, written: string, suggestion: string): Range | undefined {
  let start = 0;
  let end = written.length;
  if (/^["']/.test(written) && written.length >= 2 && written[end - 1] === written[0]) {
    start++;
    end--;
  }
  const inner = written.slice(start, end);
  if (inner.trim() !== inner || inner === "") return undefined;
  const dot = inner.indexOf(".");
  if (dot >= 0 && !suggestion.includes(".")) start += dot + 1;
  return {
    start: { line: r.start.line, character: r.start.character + start },
    end: { line: r.start.line, character: r.start.character + end },
  };
}
