/**
 * The concrete syntax tree of the expression parser (parse-*.ts): what TypeScript would parse,
 * reduced to the node kinds the subset check (parse.ts) tells apart.
 */

/** A concrete syntax node: `start` excludes leading trivia, `end` is just past the last token. */
export type Syn =
  | { kind: "Num"; start: number; end: number; value: number }
  | { kind: "Str"; start: number; end: number; value: string }
  | { kind: "Ident"; start: number; end: number; text: string }
  | { kind: "Private"; start: number; end: number; text: string }
  | {
      kind: "Keyword";
      start: number;
      end: number;
      word: "this" | "super" | "true" | "false" | "null" | "import";
    }
  | { kind: "Paren"; start: number; end: number; expr: Syn }
  | { kind: "Prop"; start: number; end: number; object: Syn; name: Syn; questionDot: boolean }
  | { kind: "Elem"; start: number; end: number; object: Syn; arg: Syn; questionDot: boolean }
  | {
      kind: "Call";
      start: number;
      end: number;
      callee: Syn;
      args: Syn[];
      questionDot: boolean;
      typeArgs: boolean;
    }
  | { kind: "Prefix"; start: number; end: number; op: string; operand: Syn }
  | {
      kind: "Binary";
      start: number;
      end: number;
      op: string;
      opStart: number;
      opEnd: number;
      left: Syn;
      right: Syn;
    }
  | { kind: "Cond"; start: number; end: number; test: Syn; then: Syn; else: Syn }
  | { kind: "Array"; start: number; end: number; elements: Syn[] }
  | {
      kind: "Arrow";
      start: number;
      end: number;
      params: Param[];
      body: Syn;
      blockBody: boolean;
      modifiers: boolean;
      typed: boolean;
    }
  | { kind: "Spread"; start: number; end: number; expr: Syn }
  /** An object literal: properties `name: value` (a `value` of undefined is a shorthand `{ a }`). */
  | { kind: "Object"; start: number; end: number; props: ObjectProp[] }
  /** Everything else TypeScript parses; `what` is the syntax-names.ts description. */
  | { kind: "Other"; start: number; end: number; what: string };

/**
 * A property of an object literal. `key` is an Ident, Str or Num for `key: value`; anything else
 * (`[k]: v`, `...o`, methods, accessors) is an `Other` key naming the construct.
 */
export interface ObjectProp {
  readonly start: number;
  readonly end: number;
  readonly key: Syn;
  readonly value: Syn | undefined;
}

/** An arrow function parameter (`ok`: a plain name without `...`, default, type or `?`). */
export interface Param {
  readonly start: number;
  readonly end: number;
  readonly name: string | undefined;
  readonly ok: boolean;
}

/** A top-level statement. */
export type Statement =
  | { kind: "expr"; start: number; end: number; expr: Syn }
  | { kind: "other"; start: number; end: number; block: boolean };

/** The first syntax error (TypeScript's wording inside the subset; ours elsewhere, see README.md). */
export interface SyntaxError {
  readonly start: number;
  readonly length: number;
  readonly message: string;
}

export interface ParsedSource {
  readonly statements: readonly Statement[];
  readonly error: SyntaxError | undefined;
  /** Where expressions nested deeper than `maxNesting` begin (parsing stopped there). */
  readonly tooDeepAt?: number;
}
