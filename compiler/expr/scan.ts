/**
 * The expression scanner, modelled on TypeScript's: tokens with their positions and line-break
 * flags, literal values, re-scanning for `/` (regular expressions), `}` (templates) and `>`.
 * Lexical errors inside the subset (strings, numbers, comments) use TypeScript's wording.
 */
import { StringScanner } from "./scan-string.js";
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

/**
 * The scanner, in layers: scan-base.ts (state, identifiers), scan-number.ts (numeric literals),
 * scan-string.ts (strings, templates); here the tokens and TypeScript's re-scans.
 */
export class Scanner extends StringScanner {
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
