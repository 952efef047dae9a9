/**
 * Exact YAML positions inside an expression: offsets into `Expr.source` (the scalar's value, after
 * YAML's escapes and line folding) mapped back to the scalar's text in the file.
 *
 * The scalar's raw text is scanned with YAML's rules for its style (plain, single- and
 * double-quoted, literal `|` and folded `>` blocks), producing the value character by character
 * together with the raw range each character came from. The mapping is trusted only when the value
 * it produces equals the expression's text; otherwise (an unforeseen case) there is none, and
 * positions fall back to the scalar's start — never a wrong place inside it.
 */
import { derivation, derived } from "../ir/derived.js";
import type { Expr, ExprScalar } from "../ir/types.js";

/** For each value character, the raw range [start, end) it was read from. */
interface Cooked {
  text: string;
  /** Where the value starts in the raw text (past a quote, a block's header and indentation). */
  origin: number;
  readonly starts: number[];
  readonly ends: number[];
}

function cooked(): Cooked {
  return { text: "", origin: 0, starts: [], ends: [] };
}

function push(out: Cooked, s: string, start: number, end: number): void {
  out.text += s;
  for (let k = 0; k < s.length; k++) {
    out.starts.push(start);
    out.ends.push(end);
  }
}

function pop(out: Cooked, n: number): void {
  if (n <= 0) return;
  out.text = out.text.slice(0, out.text.length - n);
  out.starts.length -= n;
  out.ends.length -= n;
}

const isBreak = (c: string | undefined) => c === "\n" || c === "\r";
const isWhite = (c: string | undefined) => c === " " || c === "\t";

/** Offset past the line break at `i` (`\r\n`, `\n` or `\r`). */
function skipBreak(raw: string, i: number): number {
  return raw[i] === "\r" && raw[i + 1] === "\n" ? i + 2 : i + 1;
}

/**
 * After a line break in a flow scalar: skip empty lines and the next line's leading white space.
 * Returns where the next line's content starts and how many empty lines there were.
 */
function skipFold(raw: string, i: number, end: number): { next: number; empties: number } {
  let empties = 0;
  for (;;) {
    let j = i;
    while (j < end && isWhite(raw[j])) j++;
    if (j < end && isBreak(raw[j])) {
      empties++;
      i = skipBreak(raw, j);
    } else return { next: j, empties };
  }
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  "0": "\0",
  a: "\x07",
  b: "\b",
  t: "\t",
  "\t": "\t",
  n: "\n",
  v: "\v",
  f: "\f",
  r: "\r",
  e: "\x1b",
  " ": " ",
  '"': '"',
  "/": "/",
  "\\": "\\",
  N: "\u0085",
  _: "\u00a0",
  L: "\u2028",
  P: "\u2029",
};
const HEX_ESCAPES: Readonly<Record<string, number>> = { x: 2, u: 4, U: 8 };

/** A plain (`quote` ""), single- or double-quoted scalar. */
function flowScalar(raw: string, quote: "" | "'" | '"'): Cooked | undefined {
  const out = cooked();
  if (quote !== "" && (raw.length < 2 || raw[raw.length - 1] !== quote)) return undefined;
  const end = quote === "" ? raw.length : raw.length - 1;
  let i = quote === "" ? 0 : 1;
  out.origin = i;
  let trailingWhite = 0; // white space at the end of `out` written as such (folding drops it)
  while (i < end) {
    const c = raw[i];
    if (isBreak(c)) {
      pop(out, trailingWhite);
      trailingWhite = 0;
      const { next, empties } = skipFold(raw, skipBreak(raw, i), end);
      if (empties === 0) push(out, " ", i, i + 1);
      else for (let k = 0; k < empties; k++) push(out, "\n", i, i + 1);
      i = next;
      continue;
    }
    trailingWhite = isWhite(c) ? trailingWhite + 1 : 0;
    if (quote === "'" && c === "'") {
      if (raw[i + 1] !== "'") return undefined;
      push(out, "'", i, i + 2);
      i += 2;
    } else if (quote === '"' && c === "\\") {
      trailingWhite = 0;
      const e = raw[i + 1];
      if (isBreak(e)) {
        // An escaped line break: nothing, and the next line's leading white space is dropped (an
        // empty line after it then folds as usual: the `yaml` package reads it so).
        i = skipBreak(raw, i + 1);
        while (i < end && isWhite(raw[i])) i++;
      } else if (e !== undefined && SIMPLE_ESCAPES[e] !== undefined) {
        push(out, SIMPLE_ESCAPES[e], i, i + 2);
        i += 2;
      } else if (e !== undefined && HEX_ESCAPES[e] !== undefined) {
        const digits = raw.slice(i + 2, i + 2 + HEX_ESCAPES[e]);
        if (!/^[0-9a-fA-F]+$/.test(digits) || digits.length !== HEX_ESCAPES[e]) return undefined;
        const code = parseInt(digits, 16);
        if (code > 0x10ffff) return undefined;
        push(out, String.fromCodePoint(code), i, i + 2 + digits.length);
        i += 2 + digits.length;
      } else return undefined;
    } else {
      push(out, c, i, i + 1);
      i++;
    }
  }
  return out;
}

/** A literal (`|`) or folded (`>`) block scalar, `source` its value (for an explicit indentation). */
function blockScalar(raw: string, source: string): Cooked | undefined {
  const folded = raw[0] === ">";
  const headerEnd = raw.search(/[\r\n]/);
  if (headerEnd < 0) return undefined;
  const header = /^[|>]([1-9])?[+-]?([1-9])?[ \t]*(#.*)?$/.exec(raw.slice(0, headerEnd));
  if (!header) return undefined;
  const lines: { start: number; text: string }[] = [];
  for (let i = skipBreak(raw, headerEnd); i < raw.length;) {
    const nl = raw.indexOf("\n", i);
    const stop = nl < 0 ? raw.length : nl;
    lines.push({ start: i, text: raw.slice(i, stop).replace(/\r$/, "") });
    i = stop + 1;
  }
  const spaces = (s: string) => s.length - s.replace(/^ +/, "").length;
  const firstText = lines.find((l) => /[^ ]/.test(l.text));
  let indent: number;
  if (header[1] === undefined && header[2] === undefined)
    indent = firstText ? spaces(firstText.text) : 0;
  else {
    // The indentation is relative to the parent node's: read it off where the first text is.
    const body = source.replace(/^\n+/, "");
    indent = firstText ? spaces(firstText.text) - spaces(body) : 0;
  }
  const out = cooked();
  const firstLine = lines[0];
  if (firstLine !== undefined)
    out.origin = firstLine.start + Math.min(indent, firstLine.text.length);
  const isEmpty = (t: string) => /^ *$/.test(t) && t.length <= indent;
  let k = 0;
  for (; k < lines.length && isEmpty(lines[k].text); k++)
    push(out, "\n", lines[k].start, lines[k].start);
  while (k < lines.length) {
    const line = lines[k];
    if (spaces(line.text) < indent) break; // less indented: not part of the scalar
    const text = line.text.slice(indent);
    const more = isWhite(text[0]);
    let j = k + 1;
    while (j < lines.length && isEmpty(lines[j].text)) j++;
    for (let c = 0; c < text.length; c++)
      push(out, text[c], line.start + indent + c, line.start + indent + c + 1);
    // The break(s) after this line: folded between two lines of normal text, kept otherwise.
    const breakAt = line.start + line.text.length;
    const empties = j - k - 1;
    const nextLine = lines[j];
    const nextIsText = nextLine !== undefined && spaces(nextLine.text) >= indent;
    const nextMore = nextIsText && isWhite(nextLine.text.slice(indent)[0]);
    if (folded && nextIsText && !more && !nextMore) {
      if (empties === 0) push(out, " ", breakAt, breakAt + 1);
      else for (let e = 0; e < empties; e++) push(out, "\n", breakAt, breakAt + 1);
    } else for (let e = 0; e <= empties; e++) push(out, "\n", breakAt, breakAt + 1);
    k = j;
  }
  return out;
}

/** The value of a scalar's raw text, with where each character came from. */
export function cookScalar(raw: string, source: string): Cooked | undefined {
  const c = raw[0];
  if (c === "|" || c === ">") return blockScalar(raw, source);
  return flowScalar(raw, c === '"' || c === "'" ? c : "");
}

/** Exact raw ranges of an expression's characters, or undefined when they are not known. */
interface ScalarMap {
  readonly scalar: ExprScalar;
  /** Where the expression starts in the raw text (for an empty one). */
  readonly origin: number;
  readonly starts: readonly number[];
  readonly ends: readonly number[];
}

const trimBreaks = (s: string) => s.replace(/\n+$/, "");

function scalarMap(expr: Expr): ScalarMap | undefined {
  const scalar = expr.scalar;
  if (scalar === undefined) return undefined;
  const from = scalar.offset ?? 0;
  const out = cookScalar(scalar.raw, expr.source);
  if (out === undefined) return undefined;
  const block = scalar.raw[0] === "|" || scalar.raw[0] === ">";
  const value = out.text.slice(from, from + expr.source.length);
  const same = block
    ? from === 0 && trimBreaks(out.text) === trimBreaks(expr.source)
    : from === 0
      ? out.text === expr.source
      : value === expr.source;
  if (!same) return undefined;
  const n = expr.source.length;
  const origin =
    from < out.starts.length ? out.starts[from] : from > 0 ? out.ends[from - 1] : out.origin;
  return {
    scalar,
    origin,
    starts: out.starts.slice(from, from + n),
    ends: out.ends.slice(from, from + n),
  };
}

const SCALAR_MAP = derivation<Expr, ScalarMap | undefined>("expr-scalar-map", scalarMap);

/** Line and column of offset `at` of a scalar's raw text. */
function rawPosition(scalar: ExprScalar, at: number): { line: number; column: number } {
  let line = scalar.line;
  let lastNl = -1;
  for (let i = scalar.raw.indexOf("\n"); i >= 0 && i < at; i = scalar.raw.indexOf("\n", i + 1)) {
    line++;
    lastNl = i;
  }
  return { line, column: lastNl < 0 ? scalar.column + at : at - lastNl };
}

/**
 * The exact YAML position of offset `offset` of an expression whose scalar is known, `end` for the
 * position just past the character before it (the end of a range). Undefined when the expression
 * carries no scalar (its text is its raw text) or the scalar could not be mapped exactly.
 */
export function scalarPosition(
  expr: Expr,
  offset: number,
  end = false,
): { line: number; column: number } | undefined {
  const map = derived(expr, SCALAR_MAP);
  if (map === undefined) return undefined;
  const n = map.starts.length;
  if (n === 0) return rawPosition(map.scalar, map.origin);
  if (end && offset > 0) return rawPosition(map.scalar, map.ends[Math.min(offset, n) - 1]);
  if (offset >= n) return rawPosition(map.scalar, map.ends[n - 1]);
  return rawPosition(map.scalar, map.starts[Math.max(0, offset)]);
}
