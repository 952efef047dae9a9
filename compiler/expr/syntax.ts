/**
 * A hand-written scanner and parser for expressions, modelled on the TypeScript parser so that
 * what TypeScript would parse (including syntax outside the subset: assignments, `new`, arrow
 * functions, templates, type assertions …) gives the same tree shape and the same offsets, and a
 * syntax error inside the subset is TypeScript's first one, at the same position. Syntax errors
 * TypeScript reports for constructs the subset refuses anyway (`-a ** b`, `new X()?.y`, `1.5n`,
 * `super`, two expressions side by side …) are not reproduced: the construct is refused by name
 * (README.md). The result is a
 * small concrete syntax tree ({@link Syn}) that parse.ts whitelists into an {@link ExprNode}.
 * The parts: tokens.ts and scan.ts (the scanner), parse-base.ts, parse-types.ts,
 * parse-primary.ts, parse-expr.ts and this file (statements), syntax-tree.ts (the tree).
 *
 * Out of the subset and only skipped, never interpreted: the bodies of blocks, function and class
 * expressions, object literals and type annotations (their inner syntax errors are not reported).
 */
import { TooDeep } from "./parse-base.js";
import { ExprParser } from "./parse-expr.js";
import type { ParsedSource, Statement, Syn } from "./syntax-tree.js";
import { T } from "./tokens.js";

export type { Param, ParsedSource, Statement, Syn, SyntaxError } from "./syntax-tree.js";

class Parser extends ExprParser {
  parseSource(): ParsedSource {
    this.next();
    const statements: Statement[] = [];
    while (this.tok() !== T.EOF) {
      const st = this.parseStatement();
      if (st !== undefined) statements.push(st);
    }
    return { statements, error: this.errors[0] };
  }

  protected parseStatement(): Statement | undefined {
    const start = this.s.start;
    if (this.is(";")) {
      this.advance();
      return { kind: "other", start, end: this.prevEnd, block: false };
    }
    if (this.is("{")) {
      // An expression is one value (checked as `return (expr)`): a leading `{` opens an object
      // literal when the whole text parses as one, else it is a block (refused).
      if (start === this.text.length - this.text.trimStart().length) {
        const obj = this.tryParse(() => {
          const e = this.parseExpression();
          return this.tok() === T.EOF ? e : undefined;
        }, true);
        if (obj !== undefined) return { kind: "expr", start, end: obj.end, expr: obj };
      }
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
  protected missingSeparator(): void {
    const what =
      this.tok() === T.Unknown
        ? "this character"
        : `'${this.text.slice(this.s.start, this.s.pos)}'`;
    this.errorAtToken(`unexpected ${what}; an operator or the end of the expression was expected.`);
  }

  protected startsDeclarationOrStatement(): boolean {
    if (this.tok() === T.Keyword) {
      switch (this.v) {
        case "var":
        case "const":
        case "function":
        case "class":
        case "if":
        case "do":
        case "while":
        case "for":
        case "continue":
        case "break":
        case "return":
        case "with":
        case "switch":
        case "throw":
        case "try":
        case "catch":
        case "finally":
        case "debugger":
        case "enum":
        case "export":
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
      if (w === "let")
        return this.lookAhead(
          () => (
            this.next(),
            this.tok() === T.Ident || this.tok() === T.Keyword || this.is("[") || this.is("{")
          ),
        );
      if (
        [
          "type",
          "interface",
          "namespace",
          "module",
          "declare",
          "abstract",
          "global",
          "async",
          "using",
        ].includes(w)
      ) {
        return this.lookAhead(() => {
          this.next();
          if (this.s.nl) return false;
          if (w === "async") return this.isKw("function");
          if (w === "declare" || w === "abstract")
            return this.tok() === T.Ident || this.tok() === T.Keyword;
          if (w === "global") return this.is("{");
          return this.tok() === T.Ident || (w === "module" && this.tok() === T.Str);
        });
      }
    }
    return false;
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
