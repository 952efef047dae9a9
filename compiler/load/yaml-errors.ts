/**
 * The `yaml` package's syntax errors in plain words: what is wrong, where the mistake is (not
 * where the parser gave up), and the fix — "quote it" with the quoted line when a colon or a
 * reserved character sits in unquoted text. Unknown errors keep the package's message.
 */

/** One parser error: its code, message and offsets (the `yaml` package's YAMLError fields). */
export interface ParserError {
  readonly code: string;
  readonly message: string;
  readonly pos: readonly [number, number];
}

/** A syntax error to report: the text, the fix, and the range of the mistake. */
export interface PlainSyntaxError {
  readonly detail: string;
  readonly hint: string;
  readonly start: number;
  readonly end: number;
}

const GENERIC_HINT = "Fix the YAML syntax; intent files are YAML 1.2.";

/** Keys whose values are prose: a colon there is text to quote, never a nested mapping. */
const TEXT_KEYS: ReadonlySet<string> = new Set(["says", "description", "summary", "reason"]);

/** The plain-language error for the parser's errors on `text` (the first one explains the rest). */
export function plainSyntaxError(text: string, errors: readonly ParserError[]): PlainSyntaxError {
  const err = errors[0];
  const start = Math.min(err.pos[0], text.length);
  const line = lineAt(text, start);
  const raw = firstLine(err.message);
  const generic: PlainSyntaxError = {
    detail: raw,
    hint: GENERIC_HINT,
    start,
    end: Math.min(Math.max(err.pos[1], start), line.end),
  };
  switch (err.code) {
    case "BLOCK_AS_IMPLICIT_KEY":
      if (/^Nested mappings/.test(raw)) return colonInValue(text, start, errors[1]) ?? generic;
      return generic;
    case "MULTILINE_IMPLICIT_KEY": {
      const at = line.start + indentOf(line.text);
      const key = line.text.trim();
      return {
        detail: `'${clip(key)}' is not followed by ':', so YAML reads it and the next line as one key.`,
        hint: "Write each entry as `key: value` on one line (a colon and a space after the key).",
        start: at,
        end: line.end,
      };
    }
    case "BAD_INDENT":
      if (/must be sufficiently indented and end with a [}\]]$/.test(raw))
        return unclosedFlow(text, start, raw.endsWith("}") ? "{" : "[") ?? generic;
      if (/^All (mapping|sequence) items must start at the same column/.test(raw)) {
        const at = line.start + indentOf(line.text);
        const what = raw.includes("mapping") ? "key" : "list item";
        return {
          detail: `This ${what} is indented differently from the ${what}s before it, so YAML cannot tell where it belongs.`,
          hint: `Indent it exactly like the ${what} above it (nesting is by indentation, with spaces), or indent it under a key to nest it.`,
          start: at,
          end: Math.max(at + 1, line.end),
        };
      }
      return generic;
    case "TAB_AS_INDENT":
      return {
        detail: "A tab indents this line; YAML indentation must be spaces.",
        hint: "Replace the tab with spaces.",
        start,
        end: start + 1,
      };
    case "MISSING_CHAR":
      if (/^Missing closing "?'?quote/.test(raw)) {
        const q = raw.includes('"quote') ? '"' : "'";
        const open = text.lastIndexOf(q, Math.max(0, start - 1));
        const at = open >= 0 ? open : start;
        return {
          detail: `The text opened with ${q} here is never closed.`,
          hint: `End it with ${q} before the end of the value${q === '"' ? ' (a " inside it is written \\")' : " (a ' inside it is written '')"}.`,
          start: at,
          end: at + 1,
        };
      }
      return generic;
    case "UNEXPECTED_TOKEN":
      if (raw === "Unexpected scalar at node end") {
        return {
          detail: "Text continues after the closing quote of this value.",
          hint: "Inside single quotes write a quote twice ('it''s'), or use double quotes (\"it's\"); or quote the whole value.",
          start,
          end: Math.min(Math.max(err.pos[1], start + 1), line.end),
        };
      }
      if (/^Unexpected block-seq-ind on same line with key/.test(raw)) {
        return {
          detail: "A list item ('- ') cannot start on the same line as its key.",
          hint: "Put each item on its own line below the key, indented, or write the list in brackets: `key: [a, b]`.",
          start,
          end: start + 1,
        };
      }
      if (/^Unexpected flow-(map|seq)-end token/.test(raw)) {
        const c = raw.includes("map") ? "}" : "]";
        return {
          detail: `This '${c}' closes nothing: there is no open '${c === "}" ? "{" : "["}' before it.`,
          hint: `Remove the extra '${c}'.`,
          start,
          end: start + 1,
        };
      }
      return generic;
    case "BAD_SCALAR_START": {
      const c = text[start] ?? "";
      return {
        detail: `An unquoted value cannot start with '${c}'.`,
        hint: `Quote it: ${quotedLine(line.text, start - line.start) ?? `"${c}…"`}`,
        start,
        end: start + 1,
      };
    }
    case "BLOCK_IN_FLOW": {
      const colon = findColon(text, start, Math.max(err.pos[1], start));
      const at = colon ?? start;
      return {
        detail:
          "Inside { } or [ ], this value holds ': ' (a colon and a space), which starts a key.",
        hint: 'Quote the value: `description: "a: b"`.',
        start: at,
        end: at + 1,
      };
    }
    default:
      return generic;
  }
}

/**
 * `says: Keep stock: and more` — an unquoted value holding ': '. On the key's line the fix is to
 * quote it (or, for a nested mapping, braces); when the colon is on a continuation line (a line
 * indented deeper than its key), point at that line: it is an over-indented key or text to quote.
 */
function colonInValue(
  text: string,
  start: number,
  next: ParserError | undefined,
): PlainSyntaxError | undefined {
  const line = lineAt(text, start);
  const until =
    next?.code === "MULTILINE_IMPLICIT_KEY"
      ? Math.max(lineAt(text, Math.min(next.pos[1], text.length)).end, line.end)
      : line.end;
  const colon = findColon(text, start, until);
  if (colon === undefined) return undefined;
  if (colon < line.end) {
    const keyMatch = /^(\s*(?:-\s+)?)([^\s:#][^:#]*?):\s/.exec(line.text);
    const key = keyMatch?.[2] ?? "";
    const quoted = quotedLine(line.text, start - line.start);
    const textual = TEXT_KEYS.has(key) || /\s/.test(text.slice(start, colon).trim());
    const quote = quoted === undefined ? "quote the whole value" : `quote it: ${quoted}`;
    return {
      detail: `The value of '${clip(key)}' holds ': ' (a colon and a space), which YAML reads as another key on the same line.`,
      hint: textual
        ? `If it is text, ${quote}`
        : `If it is text, ${quote}; if it is a nested mapping, write it in braces (\`${key}: { ${clip(text.slice(start, line.end).trim())} }\`) or on the lines below, indented.`,
      start: colon,
      end: colon + 1,
    };
  }
  const cont = lineAt(text, colon);
  const at = cont.start + indentOf(cont.text);
  return {
    detail: `This line is indented deeper than the key above it, so YAML reads it as more text of that value — and its ': ' as a key inside the value.`,
    hint: "If it is a new key, indent it exactly like the key above; if it is text, quote the whole value.",
    start: at,
    end: Math.max(at + 1, cont.end),
  };
}

/** `A: { type: integer` with no `}`: the parser complains on the next line; point at the `{`. */
function unclosedFlow(text: string, start: number, open: "{" | "["): PlainSyntaxError | undefined {
  const close = open === "{" ? "}" : "]";
  let depth = 0;
  for (let i = Math.min(start, text.length) - 1; i >= 0; i--) {
    const c = text[i];
    if (c === close) depth++;
    else if (c === open) {
      if (depth === 0) {
        return {
          detail: `The '${open}' opened here is not closed before the next entry.`,
          hint: `Close it with '${close}' (a ${open === "{" ? "mapping in braces" : "list in brackets"} that spans lines must indent its continuation lines deeper than its key).`,
          start: i,
          end: i + 1,
        };
      }
      depth--;
    }
  }
  return undefined;
}

/** The first `: ` (or `:` at a line end) in text[from, to), outside quotes, or undefined. */
function findColon(text: string, from: number, to: number): number | undefined {
  let quote: string | undefined;
  for (let i = from; i < Math.min(to, text.length); i++) {
    const c = text[i];
    if (quote !== undefined) {
      if (c === quote) quote = undefined;
      continue;
    }
    if ((c === '"' || c === "'") && (i === from || /[\s,[{]/.test(text[i - 1]))) quote = c;
    else if (c === ":" && (i + 1 >= text.length || /[ \t\r\n]/.test(text[i + 1]))) return i;
  }
  return undefined;
}

/** The line with its value from column `valueCol` (0-based) quoted: `says: "Keep stock: and more"`. */
function quotedLine(lineText: string, valueCol: number): string | undefined {
  const value = lineText
    .slice(valueCol)
    .replace(/\s+#.*$/, "")
    .trimEnd();
  if (value === "" || value.length > 200) return undefined;
  const escaped = value.replace(/\\/g, "\\\\").replace(/"/g, '\\"');
  return `\`${lineText.slice(0, valueCol).trimStart()}"${escaped}"\``;
}

function lineAt(text: string, offset: number): { start: number; end: number; text: string } {
  const start = text.lastIndexOf("\n", Math.max(0, offset - 1)) + 1;
  const nl = text.indexOf("\n", offset);
  const end = nl < 0 ? text.length : nl;
  return { start: offset === 0 ? 0 : start, end, text: text.slice(offset === 0 ? 0 : start, end) };
}

function indentOf(line: string): number {
  return line.length - line.trimStart().length;
}

function firstLine(s: string): string {
  const nl = s.indexOf("\n");
  return (nl >= 0 ? s.slice(0, nl) : s).trim();
}

function clip(s: string): string {
  return s.length > 40 ? s.slice(0, 37) + "..." : s;
}
