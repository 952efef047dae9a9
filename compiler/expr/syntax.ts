/**
 * A hand-written scanner and parser for expressions, modelled on the TypeScript parser so that
 * what TypeScript would parse (including syntax outside the subset: assignments, `new`, arrow
 * functions, templates, type assertions …) gives the same tree shape and the same offsets, and
 * what TypeScript rejects gives its first syntax error at the same position. The result is a
 * small concrete syntax tree ({@link Syn}) that parse.ts whitelists into an {@link ExprNode}.
 *
 * Out of the subset and only skipped, never interpreted: the bodies of blocks, function and class
 * expressions, object literals and type annotations (their inner syntax errors are not reported).
 */

/** A concrete syntax node: `start` excludes leading trivia, `end` is just past the last token. */
export type Syn =
  | { kind: "Num"; start: number; end: number; value: number }
  | { kind: "Str"; start: number; end: number; value: string }
  | { kind: "Ident"; start: number; end: number; text: string }
  | { kind: "Private"; start: number; end: number; text: string }
  | { kind: "Keyword"; start: number; end: number; word: "this" | "super" | "true" | "false" | "null" | "import" }
  | { kind: "Paren"; start: number; end: number; expr: Syn }
  | { kind: "Prop"; start: number; end: number; object: Syn; name: Syn; questionDot: boolean }
  | { kind: "Elem"; start: number; end: number; object: Syn; arg: Syn; questionDot: boolean }
  | { kind: "Call"; start: number; end: number; callee: Syn; args: Syn[]; questionDot: boolean; typeArgs: boolean }
  | { kind: "Prefix"; start: number; end: number; op: string; operand: Syn }
  | { kind: "Binary"; start: number; end: number; op: string; opStart: number; opEnd: number; left: Syn; right: Syn }
  | { kind: "Cond"; start: number; end: number; test: Syn; then: Syn; else: Syn }
  | { kind: "Array"; start: number; end: number; elements: Syn[] }
  | { kind: "Arrow"; start: number; end: number; params: Param[]; body: Syn; blockBody: boolean; modifiers: boolean; typed: boolean }
  | { kind: "Spread"; start: number; end: number; expr: Syn }
  /** Everything else TypeScript parses; `what` is the syntax-names.ts description. */
  | { kind: "Other"; start: number; end: number; what: string };

/** An arrow function parameter (`ok`: a plain name without `...`, default, type or `?`). */
export interface Param {
  readonly start: number;
  readonly end: number;
  readonly name: string | undefined;
  readonly ok: boolean;
}

/** A top-level statement. */
export type Statement =
  | { kind: "expr"; start: number; end: number; expr: Syn }
  | { kind: "other"; start: number; end: number; block: boolean };

/** The first syntax error, as TypeScript reports it. */
export interface SyntaxError {
  readonly start: number;
  readonly length: number;
  readonly message: string;
}

export interface ParsedSource {
  readonly statements: readonly Statement[];
  readonly error: SyntaxError | undefined;
  /** Where expressions nested deeper than `maxNesting` begin (parsing stopped there). */
  readonly tooDeepAt?: number;
}

/** Thrown when nesting exceeds the parser's `maxNesting`; caught by {@link parseSyntax}. */
class TooDeep {
  constructor(readonly start: number) {}
}

// ---------------------------------------------------------------------------------------------
// Scanner

const enum T {
  EOF,
  Ident,
  Keyword,
  Num,
  BigInt,
  Str,
  NoSubTemplate,
  TemplateHead,
  TemplateMiddle,
  TemplateTail,
  Regex,
  Private,
  Punct,
  Unknown,
}

const RESERVED = new Set([
  "break", "case", "catch", "class", "const", "continue", "debugger", "default", "delete", "do", "else", "enum",
  "export", "extends", "false", "finally", "for", "function", "if", "import", "in", "instanceof", "new", "null",
  "return", "super", "switch", "this", "throw", "true", "try", "typeof", "var", "void", "while", "with",
]);

/** Punctuators, longest first per leading character. */
const PUNCT = [
  "!==", "!=", "!", "%=", "%", "&&=", "&&", "&=", "&", "(", ")", "*=", "**=", "**", "*", "++", "+=", "+", ",",
  "--", "-=", "-", "...", ".", "/=", "/", ":", ";", "<<=", "<<", "<=", "<", "===", "==", "=>", "=", ">", "??=",
  "??", "?.", "?", "@", "[", "]", "^=", "^", "{", "|", "||=", "||", "|=", "}", "~",
].sort((a, b) => b.length - a.length);

const ID_START = /[\p{ID_Start}$_]/u;
const ID_PART = /[\p{ID_Continue}$_\u200C\u200D]/u;

function isLineBreak(c: number): boolean {
  return c === 10 || c === 13 || c === 0x2028 || c === 0x2029;
}

function isWhiteSpaceSingleLine(c: number): boolean {
  return (
    c === 32 || c === 9 || c === 11 || c === 12 || c === 0xa0 || c === 0x85 || c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200b) || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff
  );
}

function isWhiteSpaceLike(c: number): boolean {
  return isWhiteSpaceSingleLine(c) || isLineBreak(c);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

interface ScanState {
  pos: number;
  token: T;
  value: string;
  start: number;
  fullStart: number;
  nl: boolean;
  errors: number;
}

class Scanner {
  pos = 0;
  token: T = T.EOF;
  /** Token text (punctuators, keywords), identifier name, literal value. */
  value = "";
  start = 0;
  fullStart = 0;
  nl = false;
  /** Numeric value of the last Num token. */
  num = 0;

  constructor(
    readonly text: string,
    readonly error: (start: number, length: number, message: string) => void,
  ) {}

  save(): Omit<ScanState, "errors"> {
    return { pos: this.pos, token: this.token, value: this.value, start: this.start, fullStart: this.fullStart, nl: this.nl };
  }

  restore(s: Omit<ScanState, "errors">): void {
    Object.assign(this, s);
  }

  private cp(at: number): number {
    return this.text.codePointAt(at) ?? -1;
  }

  scan(): T {
    const text = this.text;
    this.fullStart = this.pos;
    this.nl = false;
    for (;;) {
      this.start = this.pos;
      if (this.pos >= text.length) return (this.token = T.EOF);
      const c = text.charCodeAt(this.pos);
      if (c === 35 /* # */ && this.pos === 0 && text.charCodeAt(1) === 33 /* ! */) {
        while (this.pos < text.length && !isLineBreak(text.charCodeAt(this.pos))) this.pos++;
        continue;
      }
      if (isLineBreak(c)) {
        this.nl = true;
        this.pos++;
        continue;
      }
      if (isWhiteSpaceSingleLine(c)) {
        this.pos++;
        continue;
      }
      if (c === 47 /* / */ && text.charCodeAt(this.pos + 1) === 47) {
        while (this.pos < text.length && !isLineBreak(text.charCodeAt(this.pos))) this.pos++;
        continue;
      }
      if (c === 47 && text.charCodeAt(this.pos + 1) === 42 /* * */) {
        const close = text.indexOf("*/", this.pos + 2);
        const end = close < 0 ? text.length : close + 2;
        for (let i = this.pos; i < end; i++) if (isLineBreak(text.charCodeAt(i))) this.nl = true;
        this.pos = end;
        if (close < 0) this.error(end, 0, "'*/' expected.");
        continue;
      }
      break;
    }
    const c = this.text.charCodeAt(this.pos);
    if (isDigit(c) || (c === 46 && isDigit(text.charCodeAt(this.pos + 1)))) return this.scanNumber();
    if (c === 34 || c === 39) return this.scanString(c);
    if (c === 96) return this.scanTemplate(true);
    if (c === 35 /* # */) {
      const next = this.cp(this.pos + 1);
      if (next >= 0 && ID_START.test(String.fromCodePoint(next))) {
        this.pos++;
        this.value = "#" + this.scanIdentifierRest();
        return (this.token = T.Private);
      }
      this.error(this.pos, 1, "Invalid character.");
      this.pos++;
      this.value = "";
      return (this.token = T.Private);
    }
    const ch = this.cp(this.pos);
    if (ID_START.test(String.fromCodePoint(ch)) || (c === 92 && text.charCodeAt(this.pos + 1) === 117)) {
      const name = this.scanIdentifierRest();
      if (name !== undefined) {
        this.value = name;
        return (this.token = RESERVED.has(name) ? T.Keyword : T.Ident);
      }
      this.pos = this.start;
    }
    for (const p of PUNCT) {
      if (text.startsWith(p, this.pos)) {
        // `?.` followed by a digit is `?` then a number (`a?.5:b`).
        if (p === "?." && isDigit(text.charCodeAt(this.pos + 2))) continue;
        // `>` is always scanned alone; the parser re-scans `>=`, `>>` … where operators may follow.
        this.pos += p.length;
        this.value = p;
        return (this.token = T.Punct);
      }
    }
    this.error(this.pos, 0, "Invalid character.");
    this.pos += ch > 0xffff ? 2 : 1;
    this.value = text.slice(this.start, this.pos);
    return (this.token = T.Unknown);
  }

  /** An identifier from the current position (with `\u` escapes); undefined when the start is a bad escape. */
  private scanIdentifierRest(): string | undefined {
    let out = "";
    let first = true;
    while (this.pos < this.text.length) {
      const ch = this.cp(this.pos);
      const s = String.fromCodePoint(ch);
      if (ch === 92 /* \ */ && this.text.charCodeAt(this.pos + 1) === 117) {
        const esc = this.unicodeEscape(this.pos + 2);
        if (esc === undefined) {
          if (first) return undefined;
          break;
        }
        out += String.fromCodePoint(esc.value);
        this.pos = esc.end;
      } else if (first ? ID_START.test(s) : ID_PART.test(s)) {
        out += s;
        this.pos += s.length;
      } else break;
      first = false;
    }
    return out;
  }

  private unicodeEscape(at: number): { value: number; end: number } | undefined {
    const t = this.text;
    if (t[at] === "{") {
      const close = t.indexOf("}", at);
      if (close < 0 || !/^[0-9a-fA-F]+$/.test(t.slice(at + 1, close))) return undefined;
      const v = parseInt(t.slice(at + 1, close), 16);
      return v > 0x10ffff ? undefined : { value: v, end: close + 1 };
    }
    const hex = t.slice(at, at + 4);
    return /^[0-9a-fA-F]{4}$/.test(hex) ? { value: parseInt(hex, 16), end: at + 4 } : undefined;
  }

  private digits(test: (c: number) => boolean, allowSep: boolean): string {
    let out = "";
    let lastSep = false;
    let any = false;
    while (this.pos < this.text.length) {
      const c = this.text.charCodeAt(this.pos);
      if (c === 95 /* _ */ && allowSep) {
        if (!any || (out === "" && lastSep === false && this.text.charCodeAt(this.pos - 1) === 95)) {
          this.error(this.pos, 1, "Numeric separators are not allowed here.");
          this.pos++;
          continue;
        }
        if (lastSep) this.error(this.pos, 1, "Multiple consecutive numeric separators are not permitted.");
        lastSep = true;
        this.pos++;
        continue;
      }
      if (!test(c)) break;
      any = true;
      lastSep = false;
      out += this.text[this.pos];
      this.pos++;
    }
    if (lastSep) this.error(this.pos - 1, 1, "Numeric separators are not allowed here.");
    return out;
  }

  private scanNumber(): T {
    const t = this.text;
    const start = this.pos;
    const c1 = t.charCodeAt(start + 1);
    if (t[start] === "0" && /[xXbBoO]/.test(t[start + 1] ?? "")) {
      const base = /[xX]/.test(t[start + 1]) ? 16 : /[bB]/.test(t[start + 1]) ? 2 : 8;
      this.pos += 2;
      const test = base === 16 ? (c: number) => /[0-9a-fA-F]/.test(String.fromCharCode(c)) : base === 2 ? (c: number) => c === 48 || c === 49 : (c: number) => c >= 48 && c <= 55;
      const ds = this.digits(test, true);
      if (ds === "") {
        this.error(this.pos, 0, base === 16 ? "Hexadecimal digit expected." : base === 2 ? "Binary digit expected." : "Octal digit expected.");
      }
      this.num = ds === "" ? 0 : parseInt(ds, base);
      if (t[this.pos] === "n") {
        this.pos++;
        return this.afterNumber(T.BigInt);
      }
      return this.afterNumber(T.Num);
    }
    if (t[start] === "0" && isDigit(c1)) {
      // Legacy octal (`017`) or a decimal with a leading zero (`08`).
      let end = start + 1;
      while (isDigit(t.charCodeAt(end))) end++;
      const ds = t.slice(start + 1, end);
      this.pos = end;
      if (/^[0-7]+$/.test(ds)) {
        this.error(start, end - start, `Octal literals are not allowed. Use the syntax '0o${ds}'.`);
        this.num = parseInt(ds, 8);
        return this.afterNumber(T.Num);
      }
      if (t[this.pos] === "." || t[this.pos] === "e" || t[this.pos] === "E") return this.decimal(start, true);
      this.error(start, end - start, "Decimals with leading zeros are not allowed.");
      this.num = Number(t.slice(start, end));
      return this.afterNumber(T.Num);
    }
    return this.decimal(start, false);
  }

  private decimal(start: number, leadingZero: boolean): T {
    const t = this.text;
    this.pos = start;
    let s = this.digits(isDigit, true);
    let integer = true;
    if (t[this.pos] === ".") {
      this.pos++;
      integer = false;
      s += "." + this.digits(isDigit, true);
    }
    const end = this.pos;
    if (t[this.pos] === "e" || t[this.pos] === "E") {
      integer = false;
      this.pos++;
      let exp = "e";
      if (t[this.pos] === "+" || t[this.pos] === "-") exp += t[this.pos++];
      const ds = this.digits(isDigit, true);
      if (ds === "") this.error(this.pos, 0, "Digit expected.");
      s += exp + ds;
    }
    if (leadingZero) this.error(start, end - start, "Decimals with leading zeros are not allowed.");
    this.num = Number(s);
    const nSuffix = t[this.pos] === "n" && !ID_PART.test(t[this.pos + 1] ?? " ");
    // `1.5n`, `1e3n`: not bigints TypeScript accepts, but refused like every BigInt literal.
    if (nSuffix) {
      this.pos++;
      return this.afterNumber(T.BigInt);
    }
    return this.afterNumber(T.Num);
  }

  private afterNumber(token: T): T {
    const ch = this.cp(this.pos);
    if (ch >= 0 && (ID_START.test(String.fromCodePoint(ch)) || ch === 92)) {
      const at = this.pos;
      const save = this.pos;
      const name = this.scanIdentifierRest();
      const len = name === undefined ? 1 : this.pos - at;
      this.pos = save;
      this.error(at, Math.max(1, len), "An identifier or keyword cannot immediately follow a numeric literal.");
    }
    this.value = this.text.slice(this.start, this.pos);
    return (this.token = token);
  }

  private scanEscape(): string {
    const t = this.text;
    const at = this.pos; // at the backslash
    this.pos++;
    const c = t[this.pos];
    if (c === undefined) {
      return "";
    }
    this.pos++;
    switch (c) {
      case "0": {
        if (!isDigit(t.charCodeAt(this.pos))) return "\0";
        // octal escape
        let end = this.pos;
        while (end < at + 4 && /[0-7]/.test(t[end] ?? "")) end++;
        const code = parseInt(t.slice(at + 1, end), 8);
        this.pos = end;
        this.error(at, end - at, `Octal escape sequences are not allowed. Use the syntax '\\x${code.toString(16).padStart(2, "0")}'.`);
        return String.fromCharCode(code);
      }
      case "1": case "2": case "3": case "4": case "5": case "6": case "7": {
        let end = this.pos;
        while (end < at + (c <= "3" ? 4 : 3) && /[0-7]/.test(t[end] ?? "")) end++;
        const code = parseInt(t.slice(at + 1, end), 8);
        this.pos = end;
        this.error(at, end - at, `Octal escape sequences are not allowed. Use the syntax '\\x${code.toString(16).padStart(2, "0")}'.`);
        return String.fromCharCode(code);
      }
      case "8": case "9":
        this.error(at, 2, `Escape sequence '\\${c}' is not allowed.`);
        return c;
      case "b": return "\b";
      case "t": return "\t";
      case "n": return "\n";
      case "v": return "\v";
      case "f": return "\f";
      case "r": return "\r";
      case "'": return "'";
      case '"': return '"';
      case "x": {
        const hex = t.slice(this.pos, this.pos + 2);
        if (!/^[0-9a-fA-F]{2}$/.test(hex)) {
          let p = this.pos;
          while (p < this.pos + 2 && /[0-9a-fA-F]/.test(t[p] ?? "")) p++;
          this.pos = p;
          this.error(p, 0, "Hexadecimal digit expected.");
          return t.slice(at, p);
        }
        this.pos += 2;
        return String.fromCharCode(parseInt(hex, 16));
      }
      case "u": {
        if (t[this.pos] === "{") {
          const startDigits = this.pos + 1;
          let p = startDigits;
          while (/[0-9a-fA-F]/.test(t[p] ?? "")) p++;
          if (p === startDigits) {
            this.pos = p;
            this.error(p, 0, "Hexadecimal digit expected.");
            return t.slice(at, p);
          }
          const v = parseInt(t.slice(startDigits, p), 16);
          let bad = false;
          if (v > 0x10ffff) {
            this.error(startDigits, p - startDigits, "An extended Unicode escape value must be between 0x0 and 0x10FFFF inclusive.");
            bad = true;
          }
          if (t[p] !== "}") {
            this.pos = p;
            this.error(p, 0, "Unterminated Unicode escape sequence.");
            return t.slice(at, p);
          }
          this.pos = p + 1;
          return bad ? t.slice(at, p + 1) : String.fromCodePoint(v);
        }
        let p = this.pos;
        while (p < this.pos + 4 && /[0-9a-fA-F]/.test(t[p] ?? "")) p++;
        if (p - this.pos < 4) {
          this.pos = p;
          this.error(p, 0, "Hexadecimal digit expected.");
          return t.slice(at, p);
        }
        const v = parseInt(t.slice(this.pos, p), 16);
        this.pos = p;
        return String.fromCharCode(v);
      }
      case "\r":
        if (t[this.pos] === "\n") this.pos++;
        return "";
      case "\n":
      case "\u2028":
      case "\u2029":
        return "";
      default:
        return c;
    }
  }

  private scanString(quote: number): T {
    const t = this.text;
    this.pos++;
    let out = "";
    for (;;) {
      if (this.pos >= t.length) {
        this.error(this.pos, 0, "Unterminated string literal.");
        break;
      }
      const c = t.charCodeAt(this.pos);
      if (c === quote) {
        this.pos++;
        break;
      }
      if (c === 92) {
        out += this.scanEscape();
        continue;
      }
      if (c === 10 || c === 13) {
        this.error(this.pos, 0, "Unterminated string literal.");
        break;
      }
      out += t[this.pos];
      this.pos++;
    }
    this.value = out;
    return (this.token = T.Str);
  }

  /** A template part from a backtick (head) or from a `}` (continuation). */
  scanTemplate(head: boolean): T {
    const t = this.text;
    this.pos++;
    for (;;) {
      if (this.pos >= t.length) {
        this.error(this.pos, 0, "Unterminated template literal.");
        return (this.token = head ? T.NoSubTemplate : T.TemplateTail);
      }
      const c = t.charCodeAt(this.pos);
      if (c === 96) {
        this.pos++;
        return (this.token = head ? T.NoSubTemplate : T.TemplateTail);
      }
      if (c === 36 && t.charCodeAt(this.pos + 1) === 123) {
        this.pos += 2;
        return (this.token = head ? T.TemplateHead : T.TemplateMiddle);
      }
      if (c === 92) {
        this.scanEscape();
        continue;
      }
      this.pos++;
    }
  }

  /** Re-scan a `/` or `/=` token as a regular expression literal (TypeScript's reScanSlashToken). */
  reScanSlash(): T {
    const t = this.text;
    const bodyStart = this.start + 1;
    let p = bodyStart;
    let inEscape = false;
    let inClass = false;
    let unterminated = false;
    for (;;) {
      if (p >= t.length || isLineBreak(t.charCodeAt(p))) {
        unterminated = true;
        break;
      }
      const c = t.charCodeAt(p);
      if (inEscape) inEscape = false;
      else if (c === 47 /* / */ && !inClass) break;
      else if (c === 91 /* [ */) inClass = true;
      else if (c === 92 /* \ */) inEscape = true;
      else if (c === 93 /* ] */) inClass = false;
      p++;
    }
    if (!unterminated) {
      p++;
      while (p < t.length && ID_PART.test(String.fromCodePoint(this.cp(p)))) p += this.cp(p) > 0xffff ? 2 : 1;
    }
    this.pos = p;
    return (this.token = T.Regex);
  }

  /** Re-scan a `}` as the continuation of a template. */
  reScanTemplateContinuation(): T {
    this.pos = this.start;
    return this.scanTemplate(false);
  }

  /** Re-scan a `>` as `>=`, `>>`, `>>=`, `>>>`, `>>>=`. */
  reScanGreater(): void {
    if (this.token !== T.Punct || this.value !== ">") return;
    for (const p of [">>>=", ">>>", ">>=", ">>", ">="]) {
      if (this.text.startsWith(p, this.start)) {
        this.pos = this.start + p.length;
        this.value = p;
        return;
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Parser

const ASSIGNMENT = new Set(["=", "+=", "-=", "*=", "/=", "%=", "**=", "<<=", ">>=", ">>>=", "&=", "|=", "^=", "&&=", "||=", "??="]);

function binaryPrecedence(t: T, v: string): number {
  if (t === T.Keyword) return v === "in" || v === "instanceof" ? 11 : -1;
  if (t === T.Ident) return v === "as" || v === "satisfies" ? 11 : -1;
  if (t !== T.Punct) return -1;
  switch (v) {
    case "??": return 4;
    case "||": return 5;
    case "&&": return 6;
    case "|": return 7;
    case "^": return 8;
    case "&": return 9;
    case "==": case "!=": case "===": case "!==": return 10;
    case "<": case ">": case "<=": case ">=": return 11;
    case "<<": case ">>": case ">>>": return 12;
    case "+": case "-": return 13;
    case "*": case "/": case "%": return 14;
    case "**": return 15;
  }
  return -1;
}

/** Kinds TypeScript treats as left-hand-side expressions (assignment targets). */
function isLeftHandSide(n: Syn): boolean {
  switch (n.kind) {
    case "Num": case "Str": case "Ident": case "Private": case "Keyword": case "Paren": case "Prop": case "Elem":
    case "Call": case "Array":
      return true;
    case "Other":
      return LHS_OTHER.has(n.what);
    default:
      return false;
  }
}
const LHS_OTHER = new Set([
  "'new'", "A template literal", "A tagged template", "A regular expression", "An object literal", "A function expression",
  "A class expression", "A non-null assertion ('!')", "A BigInt literal", "'import.meta' or 'new.target'", "Type arguments",
]);

class Abort extends Error {}

/** Nodes inside an optional chain (TypeScript's OptionalChain flag: `a?.b.c`, `a?.[0]()`). */
const CHAINS = new WeakSet<Syn>();
function chained(n: Syn): Syn {
  CHAINS.add(n);
  return n;
}
function isChain(n: Syn): boolean {
  return CHAINS.has(n);
}

class Parser {
  readonly s: Scanner;
  errors: SyntaxError[] = [];
  private speculating = 0;

  constructor(
    readonly text: string,
    private readonly maxNesting: number,
  ) {
    this.s = new Scanner(text, (start, length, message) => this.errorAt(start, length, message));
  }

  errorAt(start: number, length: number, message: string): void {
    const last = this.errors[this.errors.length - 1];
    if (last === undefined || last.start !== start) this.errors.push({ start, length, message });
  }

  private tok(): T {
    return this.s.token;
  }
  private get v(): string {
    return this.s.value;
  }
  private is(p: string): boolean {
    return this.s.token === T.Punct && this.s.value === p;
  }
  private isKw(w: string): boolean {
    return this.s.token === T.Keyword && this.s.value === w;
  }
  private isIdentName(w: string): boolean {
    return this.s.token === T.Ident && this.s.value === w;
  }
  private next(): T {
    return this.s.scan();
  }
  /** End of the previous token (TypeScript's node end). */
  private prevEnd = 0;
  private advance(): void {
    this.prevEnd = this.s.pos;
    this.s.scan();
  }
  private errorAtToken(message: string): void {
    this.errorAt(this.s.start, this.s.pos - this.s.start, message);
  }
  private expect(p: string): boolean {
    if (this.is(p)) {
      this.advance();
      return true;
    }
    this.errorAtToken(`'${p}' expected.`);
    return false;
  }

  /** Run `f` speculatively: on undefined (or a new error) the scanner and errors are restored. */
  private tryParse<R>(f: () => R | undefined, strict = false): R | undefined {
    const saved = this.s.save();
    const prevEnd = this.prevEnd;
    const nErrors = this.errors.length;
    this.speculating++;
    let r: R | undefined;
    try {
      r = f();
    } catch (e) {
      if (!(e instanceof Abort)) throw e;
      r = undefined;
    } finally {
      this.speculating--;
    }
    if (r === undefined || (strict && this.errors.length > nErrors)) {
      this.s.restore(saved);
      this.prevEnd = prevEnd;
      this.errors.length = nErrors;
      return undefined;
    }
    return r;
  }

  private lookAhead<R>(f: () => R): R {
    const saved = this.s.save();
    const prevEnd = this.prevEnd;
    const nErrors = this.errors.length;
    try {
      return f();
    } finally {
      this.s.restore(saved);
      this.prevEnd = prevEnd;
      this.errors.length = nErrors;
    }
  }

  parseSource(): ParsedSource {
    this.next();
    const statements: Statement[] = [];
    while (this.tok() !== T.EOF) {
      const st = this.parseStatement();
      if (st !== undefined) statements.push(st);
    }
    return { statements, error: this.errors[0] };
  }

  private parseStatement(): Statement | undefined {
    const start = this.s.start;
    if (this.is(";")) {
      this.advance();
      return { kind: "other", start, end: this.prevEnd, block: false };
    }
    if (this.is("{")) {
      this.skipBalanced();
      return { kind: "other", start, end: this.prevEnd, block: true };
    }
    if (this.startsDeclarationOrStatement()) {
      // Not an expression: skip the rest (its inner syntax is not checked).
      const end = this.text.trimEnd().length;
      while (this.tok() !== T.EOF) this.advance();
      return { kind: "other", start, end: Math.max(end, start + 1), block: false };
    }
    if (!this.isStartOfExpression()) {
      this.errorAtToken("Declaration or statement expected.");
      this.advance();
      return undefined;
    }
    const expr = this.parseExpression();
    let end = expr.end;
    if (this.is(";")) {
      this.advance();
      end = this.prevEnd;
    } else if (!(this.tok() === T.EOF || this.is("}") || this.s.nl)) {
      this.missingSeparator();
    }
    return { kind: "expr", start, end, expr };
  }

  /** Two expressions with nothing between them (`paid total`): one clear error at the second. */
  private missingSeparator(): void {
    const what = this.tok() === T.Unknown ? "this character" : `'${this.text.slice(this.s.start, this.s.pos)}'`;
    this.errorAtToken(`unexpected ${what}; an operator or the end of the expression was expected.`);
  }

  private startsDeclarationOrStatement(): boolean {
    if (this.tok() === T.Keyword) {
      switch (this.v) {
        case "var": case "const": case "function": case "class": case "if": case "do": case "while": case "for":
        case "continue": case "break": case "return": case "with": case "switch": case "throw": case "try":
        case "catch": case "finally": case "debugger": case "enum": case "export":
          return true;
        case "import":
          return this.lookAhead(() => {
            this.next();
            return !(this.is("(") || this.is(".") || this.is("<"));
          });
      }
      return false;
    }
    if (this.tok() === T.Ident) {
      const w = this.v;
      if (w === "let") return this.lookAhead(() => (this.next(), this.tok() === T.Ident || this.tok() === T.Keyword || this.is("[") || this.is("{")));
      if (["type", "interface", "namespace", "module", "declare", "abstract", "global", "async", "using"].includes(w)) {
        return this.lookAhead(() => {
          this.next();
          if (this.s.nl) return false;
          if (w === "async") return this.isKw("function");
          if (w === "declare" || w === "abstract") return this.tok() === T.Ident || this.tok() === T.Keyword;
          if (w === "global") return this.is("{");
          return this.tok() === T.Ident || (w === "module" && this.tok() === T.Str);
        });
      }
    }
    return false;
  }

  private isStartOfExpression(): boolean {
    switch (this.tok()) {
      case T.Ident: case T.Num: case T.BigInt: case T.Str: case T.NoSubTemplate: case T.TemplateHead: case T.Private:
        return true;
      case T.Keyword:
        return ["this", "super", "null", "true", "false", "function", "class", "new", "delete", "void", "typeof", "import", "in"].includes(this.v) === true && this.v !== "in";
      case T.Punct:
        return ["(", "[", "{", "+", "-", "~", "!", "++", "--", "<", "/", "/="].includes(this.v);
      default:
        return false;
    }
  }

  /** Skip a `{ … }`, `( … )` or `[ … ]` group with balanced brackets (the current token opens it). */
  private skipBalanced(): void {
    const open = this.v;
    const close = open === "{" ? "}" : open === "(" ? ")" : "]";
    let depth = 0;
    for (;;) {
      if (this.tok() === T.EOF) {
        this.errorAt(this.s.fullStart, 0, `'${close}' expected.`);
        return;
      }
      if (this.tok() === T.Punct && (this.v === "{" || this.v === "(" || this.v === "[")) depth++;
      if (this.tok() === T.Punct && (this.v === "}" || this.v === ")" || this.v === "]")) {
        depth--;
        if (depth === 0) {
          this.advance();
          return;
        }
      }
      if (this.tok() === T.TemplateHead) {
        this.skipTemplate();
        continue;
      }
      const prev = this.tok() === T.Punct ? this.v : this.tok() === T.Ident || this.tok() === T.Num || this.tok() === T.Str ? "x" : "";
      this.advance();
      if ((this.is("/") || this.is("/=")) && prev !== "x" && prev !== ")" && prev !== "]") this.s.reScanSlash();
    }
  }

  private skipTemplate(): void {
    // at TemplateHead
    this.advance();
    for (;;) {
      if (this.tok() === T.EOF) {
        this.errorAt(this.s.fullStart, 0, "'}' expected.");
        return;
      }
      this.parseExpression();
      if (!this.is("}")) {
        this.expect("}");
        return;
      }
      this.s.reScanTemplateContinuation();
      const tt = this.tok();
      this.advance();
      if (tt === T.TemplateTail) return;
    }
  }

  parseExpression(): Syn {
    let expr = this.parseAssignment();
    while (this.is(",")) {
      const opStart = this.s.start;
      this.advance();
      const right = this.parseAssignment();
      expr = { kind: "Binary", start: expr.start, end: right.end, op: ",", opStart, opEnd: opStart + 1, left: expr, right };
    }
    return expr;
  }

  private nesting = 0;

  private parseAssignment(allowReturnType = true): Syn {
    if (this.nesting > this.maxNesting) throw new TooDeep(this.s.start);
    this.nesting++;
    try {
      return this.parseAssignmentExpression(allowReturnType);
    } finally {
      this.nesting--;
    }
  }

  private parseAssignmentExpression(allowReturnType: boolean): Syn {
    if (this.isIdentName("yield") && this.lookAhead(() => (this.next(), !this.s.nl && (this.tok() === T.Ident || this.tok() === T.Keyword || this.tok() === T.Num || this.tok() === T.BigInt || this.tok() === T.Str)))) {
      const start = this.s.start;
      this.advance();
      const e = this.parseAssignment();
      return { kind: "Other", start, end: e.end, what: "'yield'" };
    }
    const arrow = this.tryArrow(allowReturnType);
    if (arrow !== undefined) return arrow;
    const start = this.s.start;
    const expr = this.parseBinary(0);
    if (expr.kind === "Ident" && this.is("=>")) return this.parseArrowRest(start, [{ start: expr.start, end: expr.end, name: expr.text, ok: true }], false, false);
    this.s.reScanGreater();
    if (isLeftHandSide(expr) && this.tok() === T.Punct && ASSIGNMENT.has(this.v)) {
      const op = this.v;
      const opStart = this.s.start;
      const opEnd = this.s.pos;
      this.advance();
      const right = this.parseAssignment();
      return { kind: "Binary", start: expr.start, end: right.end, op, opStart, opEnd, left: expr, right };
    }
    if (!this.is("?")) return expr;
    this.advance();
    const then = this.parseAssignment(false);
    if (!this.expect(":")) {
      return { kind: "Cond", start: expr.start, end: this.prevEnd, test: expr, then, else: { kind: "Ident", start: this.prevEnd, end: this.prevEnd, text: "" } };
    }
    const otherwise = this.parseAssignment();
    return { kind: "Cond", start: expr.start, end: otherwise.end, test: expr, then, else: otherwise };
  }

  /** Arrow functions: `x =>`, `async x =>`, `(…) =>`, `async (…) =>`, `<T>(…) =>`. */
  private tryArrow(allowReturnType: boolean): Syn | undefined {
    const start = this.s.start;
    if (this.isIdentName("async")) {
      const simple = this.lookAhead(() => {
        this.next();
        if (this.s.nl || this.tok() !== T.Ident) return false;
        this.next();
        return this.is("=>");
      });
      if (simple) {
        this.advance();
        const p: Param = { start: this.s.start, end: this.s.pos, name: this.v, ok: true };
        this.advance();
        return this.parseArrowRest(start, [p], true, false);
      }
    }
    const state = this.lookAhead(() => this.arrowState());
    if (state === "false") return undefined;
    if (state === "true") return allowReturnType ? this.parseParenArrow(start, true, true) : this.tryParse(() => this.parseParenArrow(start, true, false));
    return this.tryParse(() => this.parseParenArrow(start, false, allowReturnType));
  }

  private arrowState(): "true" | "false" | "unknown" {
    if (this.isIdentName("async")) {
      this.next();
      if (this.s.nl) return "false";
      if (!this.is("(") && !this.is("<")) return "false";
    }
    const first = this.is("(") ? "(" : this.is("<") ? "<" : "";
    if (first === "") return "false";
    this.next();
    if (first === "(") {
      if (this.is(")")) {
        this.next();
        return this.is("=>") || this.is(":") || this.is("{") ? "true" : "false";
      }
      if (this.is("[") || this.is("{")) return "unknown";
      if (this.is("...")) return "true";
      if (this.tok() === T.Ident && ["public", "private", "protected", "readonly", "static", "abstract", "override", "declare", "accessor", "export"].includes(this.v)) {
        const isMod = this.lookAhead(() => (this.next(), this.tok() === T.Ident));
        if (isMod) {
          this.next();
          return this.isIdentName("as") ? "false" : "true";
        }
      }
      if (this.tok() !== T.Ident && !this.isKw("this")) return "false";
      this.next();
      if (this.is(":")) return "true";
      if (this.is("?")) {
        this.next();
        return this.is(":") || this.is(",") || this.is("=") || this.is(")") ? "true" : "false";
      }
      if (this.is(",") || this.is("=") || this.is(")")) return "unknown";
      return "false";
    }
    // `<`: a generic arrow function in a .ts file.
    if (this.tok() !== T.Ident && !this.isKw("const")) return "false";
    return "unknown";
  }

  private parseParenArrow(start: number, definite: boolean, allowReturnType: boolean): Syn | undefined {
    let modifiers = false;
    let typed = false;
    if (this.isIdentName("async")) {
      modifiers = true;
      this.advance();
    }
    if (this.is("<")) {
      typed = true;
      this.skipTypeArgs();
    }
    if (!this.is("(")) {
      if (!definite) return undefined;
      this.expect("(");
    }
    this.advance();
    const params: Param[] = [];
    while (!this.is(")") && this.tok() !== T.EOF) {
      const pStart = this.s.start;
      let ok = true;
      let name: string | undefined;
      if (this.tok() === T.Ident && ["public", "private", "protected", "readonly"].includes(this.v) && this.lookAhead(() => (this.next(), this.tok() === T.Ident))) {
        ok = false;
        this.advance();
      }
      if (this.is("...")) {
        ok = false;
        this.advance();
      }
      if (this.tok() === T.Ident || this.isKw("this")) {
        name = this.v;
        this.advance();
      } else if (this.is("[") || this.is("{")) {
        ok = false;
        this.skipBalanced();
      } else {
        if (!definite) return undefined;
        this.errorAtToken("Identifier expected.");
        ok = false;
        if (!this.is(",")) this.advance();
      }
      if (this.is("?")) {
        ok = false;
        this.advance();
      }
      if (this.is(":")) {
        ok = false;
        this.advance();
        this.parseType();
      }
      if (this.is("=")) {
        ok = false;
        this.advance();
        this.parseAssignment();
      }
      params.push({ start: pStart, end: this.prevEnd, name, ok });
      if (this.is(",")) {
        this.advance();
        continue;
      }
      if (!this.is(")")) {
        if (!definite) return undefined;
        this.expect(",");
        if (this.tok() === T.EOF) break;
      }
    }
    if (!this.is(")")) {
      if (!definite) return undefined;
      this.expect(")");
    } else this.advance();
    const returnColon = this.is(":");
    if (returnColon) {
      typed = true;
      this.advance();
      this.parseType();
    }
    if (!this.is("=>") && !(this.is("{") && definite)) {
      if (!definite) return undefined;
    }
    const arrow = this.parseArrowRest(start, params, modifiers, typed);
    // In the true branch of `?:`, `(x): T => y` is only an arrow when a `:` follows it.
    if (!allowReturnType && returnColon && !this.is(":")) return undefined;
    return arrow;
  }

  private parseArrowRest(start: number, params: Param[], modifiers: boolean, typed: boolean): Syn {
    this.expect("=>");
    if (this.is("{")) {
      const bStart = this.s.start;
      this.skipBalanced();
      const body: Syn = { kind: "Other", start: bStart, end: this.prevEnd, what: "An arrow function with a block body" };
      return { kind: "Arrow", start, end: this.prevEnd, params, body, blockBody: true, modifiers, typed };
    }
    const body = this.parseAssignment();
    return { kind: "Arrow", start, end: body.end, params, body, blockBody: false, modifiers, typed };
  }

  private parseBinary(precedence: number): Syn {
    const left = this.parseUnary();
    return this.parseBinaryRest(precedence, left);
  }

  private parseBinaryRest(precedence: number, left: Syn): Syn {
    for (;;) {
      this.s.reScanGreater();
      const p = binaryPrecedence(this.tok(), this.v);
      const consume = this.is("**") ? p >= precedence : p > precedence;
      if (p < 0 || !consume) break;
      if (this.tok() === T.Ident) {
        // `as` / `satisfies`
        if (this.s.nl) break;
        const word = this.v;
        this.advance();
        this.parseType();
        left = { kind: "Other", start: left.start, end: this.prevEnd, what: word === "as" ? "A type assertion ('as')" : "'satisfies'" };
        continue;
      }
      const op = this.v;
      const opStart = this.s.start;
      const opEnd = this.s.pos;
      this.advance();
      const right = this.parseBinary(p);
      left = { kind: "Binary", start: left.start, end: right.end, op, opStart, opEnd, left, right };
    }
    return left;
  }

  /** A unary expression (`-a ** b` is a binary `**`, refused as an operator, not a syntax error). */
  private parseUnary(): Syn {
    return this.parseSimpleUnary();
  }

  private isAwait(): boolean {
    return this.isIdentName("await") && this.lookAhead(() => (this.next(), !this.s.nl && (this.tok() === T.Ident || this.tok() === T.Keyword || this.tok() === T.Num || this.tok() === T.BigInt || this.tok() === T.Str)));
  }

  private parseSimpleUnary(): Syn {
    const start = this.s.start;
    if (this.tok() === T.Punct && ["+", "-", "~", "!"].includes(this.v)) {
      const op = this.v;
      this.advance();
      const operand = this.parseSimpleUnary();
      return { kind: "Prefix", start, end: operand.end, op, operand };
    }
    if (this.tok() === T.Keyword && ["delete", "typeof", "void"].includes(this.v)) {
      const what = `'${this.v}'`;
      this.advance();
      const operand = this.parseSimpleUnary();
      return { kind: "Other", start, end: operand.end, what };
    }
    if (this.isAwait()) {
      this.advance();
      const operand = this.parseSimpleUnary();
      return { kind: "Other", start, end: operand.end, what: "'await'" };
    }
    if (this.is("<")) {
      this.skipTypeArgs();
      const operand = this.parseSimpleUnary();
      return { kind: "Other", start, end: operand.end, what: "A type assertion" };
    }
    return this.parseUpdate();
  }

  private parseUpdate(): Syn {
    const start = this.s.start;
    if (this.is("++") || this.is("--")) {
      const op = this.v;
      this.advance();
      const operand = this.parseLeftHandSide();
      return { kind: "Prefix", start, end: operand.end, op, operand };
    }
    const expr = this.parseLeftHandSide();
    if ((this.is("++") || this.is("--")) && !this.s.nl) {
      this.advance();
      return { kind: "Other", start, end: this.prevEnd, what: "An increment or decrement" };
    }
    return expr;
  }

  private parseLeftHandSide(): Syn {
    const start = this.s.start;
    let expr: Syn;
    if (this.isKw("import")) {
      this.advance();
      if (this.is(".")) {
        this.advance();
        this.parseIdentifierName();
        expr = { kind: "Other", start, end: this.prevEnd, what: "'import.meta' or 'new.target'" };
      } else {
        expr = { kind: "Keyword", start, end: this.prevEnd, word: "import" };
      }
    } else if (this.isKw("super")) {
      this.advance();
      expr = { kind: "Keyword", start, end: this.prevEnd, word: "super" };
    } else {
      expr = this.parseMemberExpression();
    }
    return this.parseCallRest(expr);
  }

  private parseMemberExpression(): Syn {
    return this.parseMemberRest(this.parsePrimary(), true);
  }

  private parseMemberRest(expr: Syn, allowOptional: boolean): Syn {
    for (;;) {
      let questionDot = false;
      if (this.is("?.") && allowOptional) {
        const after = this.lookAhead(() => (this.next(), this.tok() === T.Ident || this.tok() === T.Keyword || this.tok() === T.Private ? "name" : this.is("[") ? "[" : ""));
        if (after === "") return expr;
        this.advance();
        questionDot = true;
        if (after === "name") {
          const name = this.parseIdentifierName();
          expr = chained({ kind: "Prop", start: expr.start, end: name.end, object: expr, name, questionDot: true });
          continue;
        }
      }
      if (!questionDot && this.is(".")) {
        this.advance();
        const name = this.parseIdentifierName();
        const prop: Syn = { kind: "Prop", start: expr.start, end: name.end, object: expr, name, questionDot: false };
        expr = isChain(expr) ? chained(prop) : prop;
        continue;
      }
      if (!questionDot && this.is("!") && !this.s.nl) {
        this.advance();
        const nonNull: Syn = { kind: "Other", start: expr.start, end: this.prevEnd, what: "A non-null assertion ('!')" };
        expr = isChain(expr) ? chained(nonNull) : nonNull;
        continue;
      }
      if (this.is("[")) {
        this.advance();
        let arg: Syn;
        if (this.is("]")) {
          this.errorAt(this.s.start, 0, "An element access expression should take an argument.");
          arg = { kind: "Ident", start: this.s.start, end: this.s.start, text: "" };
        } else {
          arg = this.parseExpression();
        }
        this.expect("]");
        const elem: Syn = { kind: "Elem", start: expr.start, end: this.prevEnd, object: expr, arg, questionDot };
        expr = questionDot || isChain(expr) ? chained(elem) : elem;
        continue;
      }
      if (!questionDot && (this.tok() === T.NoSubTemplate || this.tok() === T.TemplateHead)) {
        const t = this.parseTemplate();
        expr = { kind: "Other", start: expr.start, end: t.end, what: "A tagged template" };
        continue;
      }
      if (!questionDot && (this.is("<") || this.is("<<"))) {
        const ok = this.tryParse(() => (this.skipTypeArgs(), this.canFollowTypeArgs() ? true : undefined), true);
        if (ok) {
          expr = { kind: "Other", start: expr.start, end: this.prevEnd, what: "Type arguments", inner: expr } as Syn;
          continue;
        }
      }
      return expr;
    }
  }

  private canFollowTypeArgs(): boolean {
    if (this.is("(") || this.tok() === T.NoSubTemplate || this.tok() === T.TemplateHead) return true;
    if (this.is("<") || this.is(">") || this.is("+") || this.is("-")) return false;
    this.s.reScanGreater();
    return this.s.nl || binaryPrecedence(this.tok(), this.v) >= 0 || !this.isStartOfExpression();
  }

  private parseCallRest(expr: Syn): Syn {
    for (;;) {
      expr = this.parseMemberRest(expr, true);
      let questionDot = false;
      let typeArgs = false;
      if (this.is("?.")) {
        this.advance();
        questionDot = true;
        if (this.is("<")) typeArgs = this.tryParse(() => (this.skipTypeArgs(), this.is("(") ? true : undefined), true) === true;
        if (this.tok() === T.NoSubTemplate || this.tok() === T.TemplateHead) {
          const t = this.parseTemplate();
          expr = { kind: "Other", start: expr.start, end: t.end, what: "A tagged template" };
          continue;
        }
      }
      if (typeArgs || this.is("(")) {
        const inner = (expr as { inner?: Syn }).inner;
        if (!questionDot && expr.kind === "Other" && expr.what === "Type arguments" && inner !== undefined) {
          typeArgs = true;
          expr = inner;
        }
        const args = this.parseArguments();
        const call: Syn = { kind: "Call", start: expr.start, end: this.prevEnd, callee: expr, args, questionDot, typeArgs };
        expr = questionDot || isChain(expr) ? chained(call) : call;
        continue;
      }
      if (questionDot) {
        this.errorAt(this.tok() === T.EOF ? this.s.fullStart : this.s.start, this.tok() === T.EOF ? 0 : this.s.pos - this.s.start, "Identifier expected.");
        const name: Syn = { kind: "Ident", start: this.prevEnd, end: this.prevEnd, text: "" };
        expr = { kind: "Prop", start: expr.start, end: this.prevEnd, object: expr, name, questionDot: true };
      }
      return expr;
    }
  }

  private parseArguments(): Syn[] {
    this.expect("(");
    const args: Syn[] = [];
    while (!this.is(")")) {
      if (this.tok() === T.EOF) break;
      if (this.is("...") || this.isStartOfExpression() || this.tok() === T.Keyword && (this.v === "yield")) {
        args.push(this.parseArgument());
      } else {
        this.errorAtToken("Argument expression expected.");
        if (this.is(",") ) {
          this.advance();
          continue;
        }
        if (this.is(";") || this.is("]") || this.is("}")) break;
        this.advance();
        continue;
      }
      if (this.is(",")) {
        this.advance();
        continue;
      }
      if (this.is(")") || this.tok() === T.EOF) break;
      this.expect(",");
      if (this.is(";") || this.is("]") || this.is("}") || this.tok() === T.EOF) break;
    }
    this.expect(")");
    return args;
  }

  private parseArgument(): Syn {
    if (this.is("...")) {
      const start = this.s.start;
      this.advance();
      const e = this.parseAssignment();
      return { kind: "Spread", start, end: e.end, expr: e };
    }
    return this.parseAssignment();
  }

  /** A name after `.` in a type: TypeScript reports a private name just after it. */
  private parseTypeNamePart(): void {
    if (this.tok() === T.Private) {
      this.advance();
      this.errorAt(this.s.fullStart, 0, "Identifier expected.");
      return;
    }
    this.parseIdentifierName();
  }

  private parseIdentifierName(): Syn {
    const start = this.s.start;
    if (this.tok() === T.Ident || this.tok() === T.Keyword) {
      const text = this.v;
      this.advance();
      return { kind: "Ident", start, end: this.prevEnd, text };
    }
    if (this.tok() === T.Private) {
      const text = this.v;
      this.advance();
      return { kind: "Private", start, end: this.prevEnd, text };
    }
    if (this.tok() === T.EOF) this.errorAt(this.s.fullStart, 0, "Identifier expected.");
    else this.errorAtToken("Identifier expected.");
    return { kind: "Ident", start: this.prevEnd, end: this.prevEnd, text: "" };
  }

  private parseTemplate(): Syn {
    const start = this.s.start;
    if (this.tok() === T.NoSubTemplate) {
      this.advance();
      return { kind: "Other", start, end: this.prevEnd, what: "A template literal" };
    }
    this.skipTemplate();
    return { kind: "Other", start, end: this.prevEnd, what: "A template literal" };
  }

  private parsePrimary(): Syn {
    const start = this.s.start;
    const leaf = (s: Syn): Syn => (this.advance(), s);
    switch (this.tok()) {
      case T.Num:
        return leaf({ kind: "Num", start, end: this.s.pos, value: this.s.num });
      case T.BigInt:
        return leaf({ kind: "Other", start, end: this.s.pos, what: "A BigInt literal" });
      case T.Str:
        return leaf({ kind: "Str", start, end: this.s.pos, value: this.v });
      case T.NoSubTemplate:
      case T.TemplateHead:
        return this.parseTemplate();
      case T.Private:
        return leaf({ kind: "Private", start, end: this.s.pos, text: this.v });
      case T.Ident:
        if (this.v === "async" && this.lookAhead(() => (this.next(), !this.s.nl && this.isKw("function")))) {
          this.advance();
          return this.parseFunctionExpression(start);
        }
        return leaf({ kind: "Ident", start, end: this.s.pos, text: this.v });
      case T.Keyword:
        switch (this.v) {
          case "this": case "true": case "false": case "null":
            return leaf({ kind: "Keyword", start, end: this.s.pos, word: this.v as "this" });
          case "function":
            return this.parseFunctionExpression(start);
          case "class": {
            this.advance();
            while (!this.is("{") && this.tok() !== T.EOF) this.advance();
            if (this.is("{")) this.skipBalanced();
            else this.expect("{");
            return { kind: "Other", start, end: this.prevEnd, what: "A class expression" };
          }
          case "new":
            return this.parseNew();
        }
        break;
      case T.Punct:
        switch (this.v) {
          case "(": {
            this.advance();
            const expr = this.parseExpression();
            this.expect(")");
            return { kind: "Paren", start, end: this.prevEnd, expr };
          }
          case "[":
            return this.parseArrayLiteral();
          case "{": {
            this.skipBalanced();
            return { kind: "Other", start, end: this.prevEnd, what: "An object literal" };
          }
          case "/":
          case "/=":
            this.s.reScanSlash();
            return leaf({ kind: "Other", start, end: this.s.pos, what: "A regular expression" });
        }
        break;
    }
    // Expression expected.
    if (this.tok() === T.EOF) this.errorAt(this.s.fullStart, 0, "Expression expected.");
    else if (this.tok() === T.Keyword) this.errorAtToken("Expression expected.");
    else this.errorAtToken("Expression expected.");
    return { kind: "Ident", start: this.prevEnd, end: this.prevEnd, text: "" };
  }

  private parseFunctionExpression(start: number): Syn {
    this.advance(); // function
    if (this.is("*")) this.advance();
    if (this.tok() === T.Ident) this.advance();
    if (this.is("<")) this.skipTypeArgs();
    if (this.is("(")) this.skipBalanced();
    else this.expect("(");
    if (this.is(":")) {
      this.advance();
      this.parseType();
    }
    if (this.is("{")) this.skipBalanced();
    else this.expect("{");
    return { kind: "Other", start, end: this.prevEnd, what: "A function expression" };
  }

  private parseNew(): Syn {
    const start = this.s.start;
    this.advance();
    if (this.is(".")) {
      this.advance();
      this.parseIdentifierName();
      return { kind: "Other", start, end: this.prevEnd, what: "'import.meta' or 'new.target'" };
    }
    const callee = this.parseMemberRest(this.parsePrimary(), false);
    if (this.is("<")) this.tryParse(() => (this.skipTypeArgs(), true), true);
    if (this.is("(")) this.parseArguments();
    return { kind: "Other", start, end: this.prevEnd, what: "'new'" };
  }

  private parseArrayLiteral(): Syn {
    const start = this.s.start;
    this.advance();
    const elements: Syn[] = [];
    for (;;) {
      if (this.is("]")) break;
      if (this.tok() === T.EOF) break;
      if (this.is(",")) {
        elements.push({ kind: "Other", start: this.s.start, end: this.s.start, what: "An array hole" });
        this.advance();
        continue;
      }
      if (!(this.is("...") || this.isStartOfExpression())) {
        this.errorAtToken("Expression or comma expected.");
        if (this.is(";") || this.is(")") || this.is("}")) break;
        this.advance();
        continue;
      }
      elements.push(this.parseArgument());
      if (this.is(",")) {
        this.advance();
        continue;
      }
      if (this.is("]") || this.tok() === T.EOF) break;
      this.expect(",");
      if (this.is(";") || this.is(")") || this.is("}") || this.tok() === T.EOF) break;
    }
    this.expect("]");
    return { kind: "Array", start, end: this.prevEnd, elements };
  }

  /** Skip `< … >` type arguments/parameters (the current token is `<` or `<<`). */
  private skipTypeArgs(): void {
    if (this.is("<<")) {
      // `<<` opens two lists: give up (TypeScript re-scans; this is outside the subset anyway).
      throw new Abort();
    }
    this.advance();
    for (;;) {
      this.parseType();
      if (this.is(",")) {
        this.advance();
        continue;
      }
      break;
    }
    if (this.is(">")) this.advance();
    else if (this.speculating > 0) throw new Abort();
    else this.expect(">");
  }

  /** Skip a type (loosely): unions/intersections of primary types with `[]` suffixes. */
  private parseType(): void {
    if (this.is("|") || this.is("&")) this.advance();
    for (;;) {
      this.parsePrimaryType();
      for (;;) {
        if (this.s.nl) break;
        if (this.is("!")) {
          this.advance();
          continue;
        }
        if (this.is("?") && !this.lookAhead(() => (this.next(), this.isStartOfType()))) {
          this.advance();
          continue;
        }
        if (!this.is("[")) break;
        this.advance();
        if (!this.is("]")) this.parseType();
        this.expect("]");
      }
      if (this.is("|") || this.is("&")) {
        this.advance();
        continue;
      }
      if (this.isKw("extends") ) {
        this.advance();
        this.parseType();
        this.expect("?");
        this.parseType();
        this.expect(":");
        this.parseType();
      }
      return;
    }
  }

  private parsePrimaryType(): void {
    if (this.tok() === T.Ident && ["keyof", "unique", "readonly", "infer"].includes(this.v) && this.lookAhead(() => (this.next(), this.tok() === T.Ident || this.tok() === T.Keyword || this.is("(") || this.is("[") || this.is("{")))) {
      this.advance();
      this.parsePrimaryType();
      return;
    }
    if (this.isKw("typeof")) {
      this.advance();
      this.parseIdentifierName();
      while (this.is(".")) {
        this.advance();
        this.parseTypeNamePart();
      }
      return;
    }
    if (this.is("(")) {
      const fn = this.lookAhead(() => {
        this.skipBalancedQuiet();
        return this.is("=>");
      });
      if (fn) {
        this.skipBalanced();
        this.advance();
        this.parseType();
        return;
      }
      this.advance();
      this.parseType();
      this.expect(")");
      return;
    }
    if (this.is("{") || this.is("[")) {
      this.skipBalanced();
      return;
    }
    if (this.is("-") ) {
      this.advance();
      if (this.tok() === T.Num || this.tok() === T.BigInt) this.advance();
      else this.errorAtToken("Type expected.");
      return;
    }
    if (this.tok() === T.Num || this.tok() === T.BigInt || this.tok() === T.Str || this.tok() === T.NoSubTemplate) {
      this.advance();
      return;
    }
    if (this.tok() === T.TemplateHead) {
      this.skipTemplate();
      return;
    }
    if (this.tok() === T.Ident || (this.tok() === T.Keyword && ["null", "true", "false", "void", "this", "const"].includes(this.v))) {
      this.advance();
      while (this.is(".")) {
        this.advance();
        this.parseTypeNamePart();
      }
      if (this.is("<") && !this.s.nl) this.skipTypeArgs();
      return;
    }
    if (this.isKw("new")) {
      this.advance();
      this.parsePrimaryType();
      return;
    }
    if (this.speculating > 0) throw new Abort();
    if (this.tok() === T.EOF) this.errorAt(this.s.fullStart, 0, "Type expected.");
    else this.errorAtToken("Type expected.");
  }

  private isStartOfType(): boolean {
    switch (this.tok()) {
      case T.Ident: case T.Str: case T.Num: case T.BigInt: case T.NoSubTemplate: case T.TemplateHead:
        return true;
      case T.Keyword:
        return ["this", "void", "null", "true", "false", "typeof", "new", "function", "import"].includes(this.v);
      case T.Punct:
        return ["{", "[", "(", "<", "|", "&", "*", "?", "!", "...", "-"].includes(this.v);
    }
    return false;
  }

  private skipBalancedQuiet(): void {
    const n = this.errors.length;
    this.skipBalanced();
    this.errors.length = n;
  }
}

/**
 * Parse expression source text the way TypeScript parses a .ts file, descending at most
 * `maxNesting` levels into nested expressions (parenthesised, arguments, elements, branches,
 * arrow bodies). Each level is also a level of the resulting tree, so with the subset's depth
 * limit nothing the subset accepts is cut short, and hostile text such as 990 nested
 * parentheses (within the length limit) never overflows the stack.
 */
export function parseSyntax(text: string, maxNesting = Number.POSITIVE_INFINITY): ParsedSource {
  try {
    return new Parser(text, maxNesting).parseSource();
  } catch (e) {
    if (e instanceof TooDeep) return { statements: [], error: undefined, tooDeepAt: e.start };
    throw e;
  }
}
