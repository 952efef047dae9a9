/** A source excerpt with line numbers and a caret under the reported range. */
import { escapeText } from "../shared/escape.js";

/** Render lines around `line` (1-based) with carets from `column` to `endColumn` on that line. */
export function codeFrame(
  text: string,
  line: number,
  column: number,
  endLine: number,
  endColumn: number,
): string {
  const lines = text.split(/\r?\n/);
  if (lines.length > 1 && lines[lines.length - 1] === "") lines.pop();
  if (line < 1 || line > lines.length) return "";
  const first = Math.max(1, line - 1);
  const last = Math.min(lines.length, line + 1);
  const width = String(last).length;
  const out: string[] = [];
  for (let n = first; n <= last; n++) {
    const src = visible(lines[n - 1] ?? "");
    out.push(`${n === line ? ">" : " "} ${String(n).padStart(width)} | ${src}`);
    if (n === line) {
      const end =
        endLine === line && endColumn > column ? endColumn : Math.max(column + 1, src.length + 1);
      const len = Math.max(1, Math.min(end, src.length + 1) - column);
      out.push(`  ${" ".repeat(width)} | ${" ".repeat(Math.max(0, column - 1))}${"^".repeat(len)}`);
    }
  }
  return out.join("\n") + "\n";
}

/** One source line for the terminal: tabs as spaces, the rest through the terminal sink. */
function visible(s: string): string {
  const clipped = s.length > 200 ? s.slice(0, 200) + "…" : s;
  return escapeText(clipped.replace(/\t/g, " "));
}
