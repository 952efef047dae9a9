/** Primary and left-hand-side expressions: literals, names, member access, calls, `new`, arrays. */
import { TypeSkipper } from "./parse-types.js";
import type { ObjectProp, Syn } from "./syntax-tree.js";
import { T, binaryPrecedence } from "./tokens.js";

export abstract class PrimaryParser extends TypeSkipper {
  protected parseLeftHandSide(): Syn {
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

  protected parseMemberExpression(): Syn {
    return this.parseMemberRest(this.parsePrimary(), true);
  }

  protected parseMemberRest(expr: Syn, allowOptional: boolean): Syn {
    for (;;) {
      let questionDot = false;
      if (this.is("?.") && allowOptional) {
        const after = this.lookAhead(
          () => (
            this.next(),
            this.tok() === T.Ident || this.tok() === T.Keyword || this.tok() === T.Private
              ? "name"
              : this.is("[")
                ? "["
                : ""
          ),
        );
        if (after === "") return expr;
        this.advance();
        questionDot = true;
        if (after === "name") {
          const name = this.parseIdentifierName();
          expr = this.chained({
            kind: "Prop",
            start: expr.start,
            end: name.end,
            object: expr,
            name,
            questionDot: true,
          });
          continue;
        }
      }
      if (!questionDot && this.is(".")) {
        this.advance();
        const name = this.parseIdentifierName();
        const prop: Syn = {
          kind: "Prop",
          start: expr.start,
          end: name.end,
          object: expr,
          name,
          questionDot: false,
        };
        expr = this.isChain(expr) ? this.chained(prop) : prop;
        continue;
      }
      if (!questionDot && this.is("!") && !this.s.nl) {
        this.advance();
        const nonNull: Syn = {
          kind: "Other",
          start: expr.start,
          end: this.prevEnd,
          what: "A non-null assertion ('!')",
        };
        expr = this.isChain(expr) ? this.chained(nonNull) : nonNull;
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
        const elem: Syn = {
          kind: "Elem",
          start: expr.start,
          end: this.prevEnd,
          object: expr,
          arg,
          questionDot,
        };
        expr = questionDot || this.isChain(expr) ? this.chained(elem) : elem;
        continue;
      }
      if (!questionDot && (this.tok() === T.NoSubTemplate || this.tok() === T.TemplateHead)) {
        const t = this.parseTemplate();
        expr = { kind: "Other", start: expr.start, end: t.end, what: "A tagged template" };
        continue;
      }
      if (!questionDot && (this.is("<") || this.is("<<"))) {
        const ok = this.tryParse(
          () => (this.skipTypeArgs(), this.canFollowTypeArgs() ? true : undefined),
          true,
        );
        if (ok) {
          expr = {
            kind: "Other",
            start: expr.start,
            end: this.prevEnd,
            what: "Type arguments",
            inner: expr,
          } as Syn;
          continue;
        }
      }
      return expr;
    }
  }

  protected canFollowTypeArgs(): boolean {
    if (this.is("(") || this.tok() === T.NoSubTemplate || this.tok() === T.TemplateHead)
      return true;
    if (this.is("<") || this.is(">") || this.is("+") || this.is("-")) return false;
    this.s.reScanGreater();
    return this.s.nl || binaryPrecedence(this.tok(), this.v) >= 0 || !this.isStartOfExpression();
  }

  protected parseCallRest(expr: Syn): Syn {
    for (;;) {
      expr = this.parseMemberRest(expr, true);
      let questionDot = false;
      let typeArgs = false;
      if (this.is("?.")) {
        this.advance();
        questionDot = true;
        if (this.is("<"))
          typeArgs =
            this.tryParse(() => (this.skipTypeArgs(), this.is("(") ? true : undefined), true) ===
            true;
        if (this.tok() === T.NoSubTemplate || this.tok() === T.TemplateHead) {
          const t = this.parseTemplate();
          expr = { kind: "Other", start: expr.start, end: t.end, what: "A tagged template" };
          continue;
        }
      }
      if (typeArgs || this.is("(")) {
        const inner = (expr as { inner?: Syn }).inner;
        if (
          !questionDot &&
          expr.kind === "Other" &&
          expr.what === "Type arguments" &&
          inner !== undefined
        ) {
          typeArgs = true;
          expr = inner;
        }
        const args = this.parseArguments();
        const call: Syn = {
          kind: "Call",
          start: expr.start,
          end: this.prevEnd,
          callee: expr,
          args,
          questionDot,
          typeArgs,
        };
        expr = questionDot || this.isChain(expr) ? this.chained(call) : call;
        continue;
      }
      if (questionDot) {
        this.errorAt(
          this.tok() === T.EOF ? this.s.fullStart : this.s.start,
          this.tok() === T.EOF ? 0 : this.s.pos - this.s.start,
          "Identifier expected.",
        );
        const name: Syn = { kind: "Ident", start: this.prevEnd, end: this.prevEnd, text: "" };
        expr = {
          kind: "Prop",
          start: expr.start,
          end: this.prevEnd,
          object: expr,
          name,
          questionDot: true,
        };
      }
      return expr;
    }
  }

  protected parseArguments(): Syn[] {
    this.expect("(");
    const args: Syn[] = [];
    while (!this.is(")")) {
      if (this.tok() === T.EOF) break;
      if (
        this.is("...") ||
        this.isStartOfExpression() ||
        (this.tok() === T.Keyword && this.v === "yield")
      ) {
        args.push(this.parseArgument());
      } else {
        this.errorAtToken("Argument expression expected.");
        if (this.is(",")) {
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

  protected parseArgument(): Syn {
    if (this.is("...")) {
      const start = this.s.start;
      this.advance();
      const e = this.parseAssignment();
      return { kind: "Spread", start, end: e.end, expr: e };
    }
    return this.parseAssignment();
  }

  protected parseTemplate(): Syn {
    const start = this.s.start;
    if (this.tok() === T.NoSubTemplate) {
      this.advance();
      return { kind: "Other", start, end: this.prevEnd, what: "A template literal" };
    }
    this.skipTemplate();
    return { kind: "Other", start, end: this.prevEnd, what: "A template literal" };
  }

  protected parsePrimary(): Syn {
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
        if (
          this.v === "async" &&
          this.lookAhead(() => (this.next(), !this.s.nl && this.isKw("function")))
        ) {
          this.advance();
          return this.parseFunctionExpression(start);
        }
        return leaf({ kind: "Ident", start, end: this.s.pos, text: this.v });
      case T.Keyword:
        switch (this.v) {
          case "this":
          case "true":
          case "false":
          case "null":
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
          case "{":
            return this.parseObjectLiteral();
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

  protected parseFunctionExpression(start: number): Syn {
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

  protected parseNew(): Syn {
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

  /** `{ a: 1, "b": x }`; other members (spread, computed keys, methods) are kept as `Other`. */
  protected parseObjectLiteral(): Syn {
    const start = this.s.start;
    this.advance();
    const props: ObjectProp[] = [];
    while (!this.is("}") && this.tok() !== T.EOF) {
      const pStart = this.s.start;
      if (this.is("...")) {
        this.advance();
        const e = this.parseAssignment();
        props.push({
          start: pStart,
          end: e.end,
          key: { kind: "Other", start: pStart, end: e.end, what: "Spread" },
          value: undefined,
        });
      } else if (this.is("[")) {
        this.skipBalanced();
        const keyEnd = this.prevEnd;
        if (this.expect(":")) this.parseAssignment();
        props.push({
          start: pStart,
          end: this.prevEnd,
          key: { kind: "Other", start: pStart, end: keyEnd, what: "A computed property name" },
          value: undefined,
        });
      } else if (
        this.tok() === T.Ident ||
        this.tok() === T.Keyword ||
        this.tok() === T.Str ||
        this.tok() === T.Num
      ) {
        const key: Syn =
          this.tok() === T.Str
            ? { kind: "Str", start: pStart, end: this.s.pos, value: this.v }
            : this.tok() === T.Num
              ? { kind: "Num", start: pStart, end: this.s.pos, value: this.s.num }
              : { kind: "Ident", start: pStart, end: this.s.pos, text: this.v };
        this.advance();
        if (this.is(":")) {
          this.advance();
          const value = this.parseAssignment();
          props.push({ start: pStart, end: value.end, key, value });
        } else if (
          this.is("(") ||
          this.is("<") ||
          (key.kind === "Ident" && this.tok() !== T.Punct)
        ) {
          // A method or an accessor (`get x() {}`): skipped, refused by name.
          while (!this.is("{") && this.tok() !== T.EOF) this.advance();
          if (this.is("{")) this.skipBalanced();
          props.push({
            start: pStart,
            end: this.prevEnd,
            key: {
              kind: "Other",
              start: pStart,
              end: this.prevEnd,
              what: "A method in an object literal",
            },
            value: undefined,
          });
        } else if (key.kind === "Ident" && (this.is(",") || this.is("}"))) {
          props.push({ start: pStart, end: key.end, key, value: undefined });
        } else {
          this.expect(":");
          break;
        }
      } else {
        this.errorAtToken("Property assignment expected.");
        break;
      }
      if (this.is(",")) {
        this.advance();
        continue;
      }
      if (!this.is("}")) {
        this.expect(",");
        break;
      }
    }
    if (this.errors.length > 0 && !this.is("}")) {
      // Resynchronise at the closing brace so the error above is the one reported.
      while (!this.is("}") && this.tok() !== T.EOF) this.advance();
    }
    this.expect("}");
    return { kind: "Object", start, end: this.prevEnd, props };
  }

  protected parseArrayLiteral(): Syn {
    const start = this.s.start;
    this.advance();
    const elements: Syn[] = [];
    for (;;) {
      if (this.is("]")) break;
      if (this.tok() === T.EOF) break;
      if (this.is(",")) {
        elements.push({
          kind: "Other",
          start: this.s.start,
          end: this.s.start,
          what: "An array hole",
        });
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
}
