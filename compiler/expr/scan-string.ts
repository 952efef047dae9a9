/** String and template literals for the scanner (scan.ts): escapes with TypeScript's errors. */
import { NumberScanner } from "./scan-number.js";
import { T, isDigit } from "./tokens.js";

/** The scanner with string and template literals and their escape sequences. */
export class StringScanner extends NumberScanner {
  protected scanEscape(): string {
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

  protected scanString(quote: number): T {
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
}
