/**
 * The parser's foundation (parse-*.ts build on it, TypeScript's parser being the model): the
 * token cursor, errors, speculation (tryParse, lookAhead), skipping of bracketed groups and
 * templates, and names. One parser per source text: all state lives on it.
 */
import { Scanner } from "./scan.js";
import type { Syn, SyntaxError } from "./syntax-tree.js";
import { T } from "./tokens.js";

/** Thrown inside speculation to give up (tryParse catches it). */
export class Abort extends Error {}

/** Thrown when nesting exceeds the parser's `maxNesting`; caught by parseSyntax. */
export class TooDeep {
  constructor(readonly start: number) {}
}

export abstract class ParserBase {
  readonly s: Scanner;

  errors: SyntaxError[] = [];

  protected speculating = 0;

  constructor(
    readonly text: string,
    protected readonly maxNesting: number,
  ) {
    this.s = new Scanner(text, (start, length, message) => this.errorAt(start, length, message));
  }

  errorAt(start: number, length: number, message: string): void {
    const last = this.errors[this.errors.length - 1];
    if (last === undefined || last.start !== start) this.errors.push({ start, length, message });
  }

  protected tok(): T {
    return this.s.token;
  }

  protected get v(): string {
    return this.s.value;
  }

  protected is(p: string): boolean {
    return this.s.token === T.Punct && this.s.value === p;
  }

  protected isKw(w: string): boolean {
    return this.s.token === T.Keyword && this.s.value === w;
  }

  protected isIdentName(w: string): boolean {
    return this.s.token === T.Ident && this.s.value === w;
  }

  protected next(): T {
    return this.s.scan();
  }

  /** End of the previous token (TypeScript's node end). */
  protected prevEnd = 0;

  protected advance(): void {
    this.prevEnd = this.s.pos;
    this.s.scan();
  }

  protected errorAtToken(message: string): void {
    this.errorAt(this.s.start, this.s.pos - this.s.start, message);
  }

  protected expect(p: string): boolean {
    if (this.is(p)) {
      this.advance();
      return true;
    }
    this.errorAtToken(`'${p}' expected.`);
    return false;
  }

  /** Run `f` speculatively: on undefined (or a new error) the scanner and errors are restored. */
  protected tryParse<R>(f: () => R | undefined, strict = false): R | undefined {
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

  protected lookAhead<R>(f: () => R): R {
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

  protected isStartOfExpression(): boolean {
    switch (this.tok()) {
      case T.Ident:
      case T.Num:
      case T.BigInt:
      case T.Str:
      case T.NoSubTemplate:
      case T.TemplateHead:
      case T.Private:
        return true;
      case T.Keyword:
        return (
          [
            "this",
            "super",
            "null",
            "true",
            "false",
            "function",
            "class",
            "new",
            "delete",
            "void",
            "typeof",
            "import",
            "in",
          ].includes(this.v) === true && this.v !== "in"
        );
      case T.Punct:
        return ["(", "[", "{", "+", "-", "~", "!", "++", "--", "<", "/", "/="].includes(this.v);
      default:
        return false;
    }
  }

  /** Skip a `{ … }`, `( … )` or `[ … ]` group with balanced brackets (the current token opens it). */
  protected skipBalanced(): void {
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
      const prev =
        this.tok() === T.Punct
          ? this.v
          : this.tok() === T.Ident || this.tok() === T.Num || this.tok() === T.Str
            ? "x"
            : "";
      this.advance();
      if ((this.is("/") || this.is("/=")) && prev !== "x" && prev !== ")" && prev !== "]")
        this.s.reScanSlash();
    }
  }

  protected skipBalancedQuiet(): void {
    const n = this.errors.length;
    this.skipBalanced();
    this.errors.length = n;
  }

  protected skipTemplate(): void {
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

  protected parseIdentifierName(): Syn {
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

  /** Nodes inside an optional chain (TypeScript's OptionalChain flag: `a?.b.c`, `a?.[0]()`). */
  private readonly chains = new WeakSet<Syn>();

  protected chained(n: Syn): Syn {
    this.chains.add(n);
    return n;
  }

  protected isChain(n: Syn): boolean {
    return this.chains.has(n);
  }

  abstract parseExpression(): Syn;
  protected abstract parseAssignment(allowReturnType?: boolean): Syn;
  protected abstract parseType(): void;
}
