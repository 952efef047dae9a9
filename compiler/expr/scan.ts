/**
 * The expression scanner, modelled on TypeScript's: tokens with their positions and line-break
 * flags, literal values, re-scanning for `/` (regular expressions), `}` (templates) and `>`.
 * Lexical errors inside the subset (strings, numbers, comments) use TypeScript's wording.
 */
import {
  ID_PART,
  ID_START,
  PUNCT,
  RESERVED,
  T,
  isDigit,
  isLineBreak,
  isWhiteSpaceSingleLine,
} from "./tokens.js";

interface ScanState {
  pos: number;
  token: T;
  value: string;
  start: number;
  fullStart: number;
  nl: boolean;
  errors: number;
}

export class Scanner {
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
    return {
      pos: this.pos,
      token: this.token,
      value: this.value,
      start: this.start,
      fullStart: this.fullStart,
      nl: this.nl,
    };
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
    if (isDigit(c) || (c === 46 && isDigit(text.charCodeAt(this.pos + 1))))
      return this.scanNumber();
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
    if (
      ID_START.test(String.fromCodePoint(ch)) ||
      (c === 92 && text.charCodeAt(this.pos + 1) === 117)
    ) {
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
        if (
          !any ||
          (out === "" && lastSep === false && this.text.charCodeAt(this.pos - 1) === 95)
        ) {
          this.error(this.pos, 1, "Numeric separators are not allowed here.");
          this.pos++;
          continue;
        }
        if (lastSep)
          this.error(this.pos, 1, "Multiple consecutive numeric separators are not permitted.");
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
      const test =
        base === 16
          ? (c: number) => /[0-9a-fA-F]/.test(String.fromCharCode(c))
          : base === 2
            ? (c: number) => c === 48 || c === 49
            : (c: number) => c >= 48 && c <= 55;
      const ds = this.digits(test, true);
      if (ds === "") {
        this.error(
          this.pos,
          0,
          base === 16
            ? "Hexadecimal digit expected."
            : base === 2
              ? "Binary digit expected."
              : "Octal digit expected.",
        );
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
      if (t[this.pos] === "." || t[this.pos] === "e" || t[this.pos] === "E")
        return this.decimal(start, true);
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
      this.error(
        at,
        Math.max(1, len),
        "An identifier or keyword cannot immediately follow a numeric literal.",
      );
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
        this.error(
          at,
          end - at,
          `Octal escape sequences are not allowed. Use the syntax '\\x${code.toString(16).padStart(2, "0")}'.`,
        );
        return String.fromCharCode(code);
      }
      case "1":
      case "2":
      case "3":
      case "4":
      case "5":
      case "6":
      case "7": {
        let end = this.pos;
        while (end < at + (c <= "3" ? 4 : 3) && /[0-7]/.test(t[end] ?? "")) end++;
        const code = parseInt(t.slice(at + 1, end), 8);
        this.pos = end;
        this.error(
          at,
          end - at,
          `Octal escape sequences are not allowed. Use the syntax '\\x${code.toString(16).padStart(2, "0")}'.`,
        );
        return String.fromCharCode(code);
      }
      case "8":
      case "9":
        this.error(at, 2, `Escape sequence '\\${c}' is not allowed.`);
        return c;
      case "b":
        return "\b";
      case "t":
        return "\t";
      case "n":
        return "\n";
      case "v":
        return "\v";
      case "f":
        return "\f";
      case "r":
        return "\r";
      case "'":
        return "'";
      case '"':
        return '"';
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
            this.error(
              startDigits,
              p - startDigits,
              "An extended Unicode escape value must be between 0x0 and 0x10FFFF inclusive.",
            );
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
      while (p < t.length && ID_PART.test(String.fromCodePoint(this.cp(p))))
        p += this.cp(p) > 0xffff ? 2 : 1;
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
