/** Type annotations and type arguments: skipped (loosely parsed), never interpreted. */
import { Abort, ParserBase } from "./parse-base.js";
import { T } from "./tokens.js";

export abstract class TypeSkipper extends ParserBase {
  /** Skip `< … >` type arguments/parameters (the current token is `<` or `<<`). */
  protected skipTypeArgs(): void {
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
  protected parseType(): void {
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
      if (this.isKw("extends")) {
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

  protected parsePrimaryType(): void {
    if (
      this.tok() === T.Ident &&
      ["keyof", "unique", "readonly", "infer"].includes(this.v) &&
      this.lookAhead(
        () => (
          this.next(),
          this.tok() === T.Ident ||
            this.tok() === T.Keyword ||
            this.is("(") ||
            this.is("[") ||
            this.is("{")
        ),
      )
    ) {
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
    if (this.is("-")) {
      this.advance();
      if (this.tok() === T.Num || this.tok() === T.BigInt) this.advance();
      else this.errorAtToken("Type expected.");
      return;
    }
    if (
      this.tok() === T.Num ||
      this.tok() === T.BigInt ||
      this.tok() === T.Str ||
      this.tok() === T.NoSubTemplate
    ) {
      this.advance();
      return;
    }
    if (this.tok() === T.TemplateHead) {
      this.skipTemplate();
      return;
    }
    if (
      this.tok() === T.Ident ||
      (this.tok() === T.Keyword &&
        ["null", "true", "false", "void", "this", "const"].includes(this.v))
    ) {
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

  protected isStartOfType(): boolean {
    switch (this.tok()) {
      case T.Ident:
      case T.Str:
      case T.Num:
      case T.BigInt:
      case T.NoSubTemplate:
      case T.TemplateHead:
        return true;
      case T.Keyword:
        return [
          "this",
          "void",
          "null",
          "true",
          "false",
          "typeof",
          "new",
          "function",
          "import",
        ].includes(this.v);
      case T.Punct:
        return ["{", "[", "(", "<", "|", "&", "*", "?", "!", "...", "-"].includes(this.v);
    }
    return false;
  }

  /** A name after `.` in a type: TypeScript reports a private name just after it. */
  protected parseTypeNamePart(): void {
    if (this.tok() === T.Private) {
      this.advance();
      this.errorAt(this.s.fullStart, 0, "Identifier expected.");
      return;
    }
    this.parseIdentifierName();
  }
}
