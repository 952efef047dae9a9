/** Operator expressions: assignment (refused, but parsed), `?:`, arrow functions, binary and unary operators. */
import { TooDeep } from "./parse-base.js";
import { PrimaryParser } from "./parse-primary.js";
import type { Param, Syn } from "./syntax-tree.js";
import { T, binaryPrecedence } from "./tokens.js";
import { ASSIGNMENTS } from "./whitelist-rules.js";

/** Kinds TypeScript treats as left-hand-side expressions (assignment targets). */
function isLeftHandSide(n: Syn): boolean {
  switch (n.kind) {
    case "Num":
    case "Str":
    case "Ident":
    case "Private":
    case "Keyword":
    case "Paren":
    case "Prop":
    case "Elem":
    case "Call":
    case "Array":
    case "Object":
      return true;
    case "Other":
      return LHS_OTHER.has(n.what);
    default:
      return false;
  }
}
const LHS_OTHER = new Set([
  "'new'",
  "A template literal",
  "A tagged template",
  "A regular expression",
  "An object literal",
  "A function expression",
  "A class expression",
  "A non-null assertion ('!')",
  "A BigInt literal",
  "'import.meta' or 'new.target'",
  "Type arguments",
]);

export abstract class ExprParser extends PrimaryParser {
  parseExpression(): Syn {
    let expr = this.parseAssignment();
    while (this.is(",")) {
      const opStart = this.s.start;
      this.advance();
      const right = this.parseAssignment();
      expr = {
        kind: "Binary",
        start: expr.start,
        end: right.end,
        op: ",",
        opStart,
        opEnd: opStart + 1,
        left: expr,
        right,
      };
    }
    return expr;
  }

  protected nesting = 0;

  protected parseAssignment(allowReturnType = true): Syn {
    if (this.nesting > this.maxNesting) throw new TooDeep(this.s.start);
    this.nesting++;
    try {
      return this.parseAssignmentExpression(allowReturnType);
    } finally {
      this.nesting--;
    }
  }

  protected parseAssignmentExpression(allowReturnType: boolean): Syn {
    if (
      this.isIdentName("yield") &&
      this.lookAhead(
        () => (
          this.next(),
          !this.s.nl &&
            (this.tok() === T.Ident ||
              this.tok() === T.Keyword ||
              this.tok() === T.Num ||
              this.tok() === T.BigInt ||
              this.tok() === T.Str)
        ),
      )
    ) {
      const start = this.s.start;
      this.advance();
      const e = this.parseAssignment();
      return { kind: "Other", start, end: e.end, what: "'yield'" };
    }
    const arrow = this.tryArrow(allowReturnType);
    if (arrow !== undefined) return arrow;
    const start = this.s.start;
    const expr = this.parseBinary(0);
    if (expr.kind === "Ident" && this.is("=>"))
      return this.parseArrowRest(
        start,
        [{ start: expr.start, end: expr.end, name: expr.text, ok: true }],
        false,
        false,
      );
    this.s.reScanGreater();
    if (isLeftHandSide(expr) && this.tok() === T.Punct && ASSIGNMENTS.has(this.v)) {
      const op = this.v;
      const opStart = this.s.start;
      const opEnd = this.s.pos;
      this.advance();
      const right = this.parseAssignment();
      return {
        kind: "Binary",
        start: expr.start,
        end: right.end,
        op,
        opStart,
        opEnd,
        left: expr,
        right,
      };
    }
    if (!this.is("?")) return expr;
    this.advance();
    const then = this.parseAssignment(false);
    if (!this.expect(":")) {
      return {
        kind: "Cond",
        start: expr.start,
        end: this.prevEnd,
        test: expr,
        then,
        else: { kind: "Ident", start: this.prevEnd, end: this.prevEnd, text: "" },
      };
    }
    const otherwise = this.parseAssignment();
    return {
      kind: "Cond",
      start: expr.start,
      end: otherwise.end,
      test: expr,
      then,
      else: otherwise,
    };
  }

  /** Arrow functions: `x =>`, `async x =>`, `(…) =>`, `async (…) =>`, `<T>(…) =>`. */
  protected tryArrow(allowReturnType: boolean): Syn | undefined {
    const start = this.s.start;
    if (this.isIdentName("async")) {
      const simple = this.lookAhead(() => {
        this.next();
        if (this.s.nl || this.tok() !== T.Ident) return false;
        this.next();
        return this.is("=>");
      });
      if (simple) {
        this.advance();
        const p: Param = { start: this.s.start, end: this.s.pos, name: this.v, ok: true };
        this.advance();
        return this.parseArrowRest(start, [p], true, false);
      }
    }
    const state = this.lookAhead(() => this.arrowState());
    if (state === "false") return undefined;
    if (state === "true")
      return allowReturnType
        ? this.parseParenArrow(start, true, true)
        : this.tryParse(() => this.parseParenArrow(start, true, false));
    return this.tryParse(() => this.parseParenArrow(start, false, allowReturnType));
  }

  protected arrowState(): "true" | "false" | "unknown" {
    if (this.isIdentName("async")) {
      this.next();
      if (this.s.nl) return "false";
      if (!this.is("(") && !this.is("<")) return "false";
    }
    const first = this.is("(") ? "(" : this.is("<") ? "<" : "";
    if (first === "") return "false";
    this.next();
    if (first === "(") {
      if (this.is(")")) {
        this.next();
        return this.is("=>") || this.is(":") || this.is("{") ? "true" : "false";
      }
      if (this.is("[") || this.is("{")) return "unknown";
      if (this.is("...")) return "true";
      if (
        this.tok() === T.Ident &&
        [
          "public",
          "private",
          "protected",
          "readonly",
          "static",
          "abstract",
          "override",
          "declare",
          "accessor",
          "export",
        ].includes(this.v)
      ) {
        const isMod = this.lookAhead(() => (this.next(), this.tok() === T.Ident));
        if (isMod) {
          this.next();
          return this.isIdentName("as") ? "false" : "true";
        }
      }
      if (this.tok() !== T.Ident && !this.isKw("this")) return "false";
      this.next();
      if (this.is(":")) return "true";
      if (this.is("?")) {
        this.next();
        return this.is(":") || this.is(",") || this.is("=") || this.is(")") ? "true" : "false";
      }
      if (this.is(",") || this.is("=") || this.is(")")) return "unknown";
      return "false";
    }
    // `<`: a generic arrow function in a .ts file.
    if (this.tok() !== T.Ident && !this.isKw("const")) return "false";
    return "unknown";
  }

  protected parseParenArrow(
    start: number,
    definite: boolean,
    allowReturnType: boolean,
  ): Syn | undefined {
    let modifiers = false;
    let typed = false;
    if (this.isIdentName("async")) {
      modifiers = true;
      this.advance();
    }
    if (this.is("<")) {
      typed = true;
      this.skipTypeArgs();
    }
    if (!this.is("(")) {
      if (!definite) return undefined;
      this.expect("(");
    }
    this.advance();
    const params: Param[] = [];
    while (!this.is(")") && this.tok() !== T.EOF) {
      const pStart = this.s.start;
      let ok = true;
      let name: string | undefined;
      if (
        this.tok() === T.Ident &&
        ["public", "private", "protected", "readonly"].includes(this.v) &&
        this.lookAhead(() => (this.next(), this.tok() === T.Ident))
      ) {
        ok = false;
        this.advance();
      }
      if (this.is("...")) {
        ok = false;
        this.advance();
      }
      if (this.tok() === T.Ident || this.isKw("this")) {
        name = this.v;
        this.advance();
      } else if (this.is("[") || this.is("{")) {
        ok = false;
        this.skipBalanced();
      } else {
        if (!definite) return undefined;
        this.errorAtToken("Identifier expected.");
        ok = false;
        if (!this.is(",")) this.advance();
      }
      if (this.is("?")) {
        ok = false;
        this.advance();
      }
      if (this.is(":")) {
        ok = false;
        this.advance();
        this.parseType();
      }
      if (this.is("=")) {
        ok = false;
        this.advance();
        this.parseAssignment();
      }
      params.push({ start: pStart, end: this.prevEnd, name, ok });
      if (this.is(",")) {
        this.advance();
        continue;
      }
      if (!this.is(")")) {
        if (!definite) return undefined;
        this.expect(",");
        if (this.tok() === T.EOF) break;
      }
    }
    if (!this.is(")")) {
      if (!definite) return undefined;
      this.expect(")");
    } else this.advance();
    const returnColon = this.is(":");
    if (returnColon) {
      typed = true;
      this.advance();
      this.parseType();
    }
    if (!this.is("=>") && !(this.is("{") && definite)) {
      if (!definite) return undefined;
    }
    const arrow = this.parseArrowRest(start, params, modifiers, typed);
    // In the true branch of `?:`, `(x): T => y` is only an arrow when a `:` follows it.
    if (!allowReturnType && returnColon && !this.is(":")) return undefined;
    return arrow;
  }

  protected parseArrowRest(
    start: number,
    params: Param[],
    modifiers: boolean,
    typed: boolean,
  ): Syn {
    this.expect("=>");
    if (this.is("{")) {
      const bStart = this.s.start;
      this.skipBalanced();
      const body: Syn = {
        kind: "Other",
        start: bStart,
        end: this.prevEnd,
        what: "An arrow function with a block body",
      };
      return {
        kind: "Arrow",
        start,
        end: this.prevEnd,
        params,
        body,
        blockBody: true,
        modifiers,
        typed,
      };
    }
    const body = this.parseAssignment();
    return {
      kind: "Arrow",
      start,
      end: body.end,
      params,
      body,
      blockBody: false,
      modifiers,
      typed,
    };
  }

  protected parseBinary(precedence: number): Syn {
    const left = this.parseUnary();
    return this.parseBinaryRest(precedence, left);
  }

  protected parseBinaryRest(precedence: number, left: Syn): Syn {
    for (;;) {
      this.s.reScanGreater();
      const p = binaryPrecedence(this.tok(), this.v);
      const consume = this.is("**") ? p >= precedence : p > precedence;
      if (p < 0 || !consume) break;
      if (this.tok() === T.Ident) {
        // `as` / `satisfies`
        if (this.s.nl) break;
        const word = this.v;
        this.advance();
        this.parseType();
        left = {
          kind: "Other",
          start: left.start,
          end: this.prevEnd,
          what: word === "as" ? "A type assertion ('as')" : "'satisfies'",
        };
        continue;
      }
      const op = this.v;
      const opStart = this.s.start;
      const opEnd = this.s.pos;
      this.advance();
      const right = this.parseBinary(p);
      left = { kind: "Binary", start: left.start, end: right.end, op, opStart, opEnd, left, right };
    }
    return left;
  }

  /** A unary expression (`-a ** b` is a binary `**`, refused as an operator, not a syntax error). */
  protected parseUnary(): Syn {
    return this.parseSimpleUnary();
  }

  protected isAwait(): boolean {
    return (
      this.isIdentName("await") &&
      this.lookAhead(
        () => (
          this.next(),
          !this.s.nl &&
            (this.tok() === T.Ident ||
              this.tok() === T.Keyword ||
              this.tok() === T.Num ||
              this.tok() === T.BigInt ||
              this.tok() === T.Str)
        ),
      )
    );
  }

  protected parseSimpleUnary(): Syn {
    const start = this.s.start;
    if (this.tok() === T.Punct && ["+", "-", "~", "!"].includes(this.v)) {
      const op = this.v;
      this.advance();
      const operand = this.parseSimpleUnary();
      return { kind: "Prefix", start, end: operand.end, op, operand };
    }
    if (this.tok() === T.Keyword && ["delete", "typeof", "void"].includes(this.v)) {
      const what = `'${this.v}'`;
      this.advance();
      const operand = this.parseSimpleUnary();
      return { kind: "Other", start, end: operand.end, what };
    }
    if (this.isAwait()) {
      this.advance();
      const operand = this.parseSimpleUnary();
      return { kind: "Other", start, end: operand.end, what: "'await'" };
    }
    if (this.is("<")) {
      this.skipTypeArgs();
      const operand = this.parseSimpleUnary();
      return { kind: "Other", start, end: operand.end, what: "A type assertion" };
    }
    return this.parseUpdate();
  }

  protected parseUpdate(): Syn {
    const start = this.s.start;
    if (this.is("++") || this.is("--")) {
      const op = this.v;
      this.advance();
      const operand = this.parseLeftHandSide();
      return { kind: "Prefix", start, end: operand.end, op, operand };
    }
    const expr = this.parseLeftHandSide();
    if ((this.is("++") || this.is("--")) && !this.s.nl) {
      this.advance();
      return { kind: "Other", start, end: this.prevEnd, what: "An increment or decrement" };
    }
    return expr;
  }
}
