/** Numeric literals for the scanner (scan.ts): bases, separators, TypeScript's errors. */
import { ScanBase } from "./scan-base.js";
import { ID_PART, ID_START, T, isDigit } from "./tokens.js";

/** The scanner with numeric literals (`0x1F`, `1_000`, `1.5e3`, TypeScript's errors for the rest). */
export class NumberScanner extends ScanBase {
  protected digits(test: (c: number) => boolean, allowSep: boolean): string {
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

  protected scanNumber(): T {
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

  protected decimal(start: number, leadingZero: boolean): T {
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

  protected afterNumber(token: T): T {
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
}
