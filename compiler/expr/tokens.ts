/** Tokens of the expression scanner (scan.ts): kinds, reserved words, punctuators, character classes. */

export const enum T {
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

export const RESERVED = new Set([
  "break",
  "case",
  "catch",
  "class",
  "const",
  "continue",
  "debugger",
  "default",
  "delete",
  "do",
  "else",
  "enum",
  "export",
  "extends",
  "false",
  "finally",
  "for",
  "function",
  "if",
  "import",
  "in",
  "instanceof",
  "new",
  "null",
  "return",
  "super",
  "switch",
  "this",
  "throw",
  "true",
  "try",
  "typeof",
  "var",
  "void",
  "while",
  "with",
]);

/** Punctuators, longest first per leading character. */
export const PUNCT = [
  "!==",
  "!=",
  "!",
  "%=",
  "%",
  "&&=",
  "&&",
  "&=",
  "&",
  "(",
  ")",
  "*=",
  "**=",
  "**",
  "*",
  "++",
  "+=",
  "+",
  ",",
  "--",
  "-=",
  "-",
  "...",
  ".",
  "/=",
  "/",
  ":",
  ";",
  "<<=",
  "<<",
  "<=",
  "<",
  "===",
  "==",
  "=>",
  "=",
  ">",
  "??=",
  "??",
  "?.",
  "?",
  "@",
  "[",
  "]",
  "^=",
  "^",
  "{",
  "|",
  "||=",
  "||",
  "|=",
  "}",
  "~",
].sort((a, b) => b.length - a.length);

export const ID_START = /[\p{ID_Start}$_]/u;
export const ID_PART = /[\p{ID_Continue}$_\u200C\u200D]/u;

export function isLineBreak(c: number): boolean {
  return c === 10 || c === 13 || c === 0x2028 || c === 0x2029;
}

export function isWhiteSpaceSingleLine(c: number): boolean {
  return (
    c === 32 ||
    c === 9 ||
    c === 11 ||
    c === 12 ||
    c === 0xa0 ||
    c === 0x85 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200b) ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

export function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** The binary operator precedence of a token (TypeScript's), or -1. */
export function binaryPrecedence(t: T, v: string): number {
  if (t === T.Keyword) return v === "in" || v === "instanceof" ? 11 : -1;
  if (t === T.Ident) return v === "as" || v === "satisfies" ? 11 : -1;
  if (t !== T.Punct) return -1;
  switch (v) {
    case "??":
      return 4;
    case "||":
      return 5;
    case "&&":
      return 6;
    case "|":
      return 7;
    case "^":
      return 8;
    case "&":
      return 9;
    case "==":
    case "!=":
    case "===":
    case "!==":
      return 10;
    case "<":
    case ">":
    case "<=":
    case ">=":
      return 11;
    case "<<":
    case ">>":
    case ">>>":
      return 12;
    case "+":
    case "-":
      return 13;
    case "*":
    case "/":
    case "%":
      return 14;
    case "**":
      return 15;
  }
  return -1;
}
