/**
 * The scanner's first layer (scan.ts has the whole picture): its state, saving and restoring it
 * for speculation, code points, identifiers with `\\u` escapes.
 */
import { ID_PART, ID_START, T } from "./tokens.js";

interface ScanState {
  pos: number;
  token: T;
  value: string;
  start: number;
  fullStart: number;
  nl: boolean;
  errors: number;
}

/** The scanner's state and identifiers; numbers, strings and tokens are the layers above. */
export class ScanBase {
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

  protected cp(at: number): number {
    return this.text.codePointAt(at) ?? -1;
  }

  /** An identifier from the current position (with `\u` escapes); undefined when the start is a bad escape. */
  protected scanIdentifierRest(): string | undefined {
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

  protected unicodeEscape(at: number): { value: number; end: number } | undefined {
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
}
