/**
 * Generators for differential tests of the expression front end: random expressions from a
 * grammar (the subset plus syntax just outside it), mutated strings, and the expressions of the
 * hostile fixtures.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { parseAllDocuments } from "yaml";

const NAMES = [
  "paid",
  "total",
  "items",
  "note",
  "status",
  "event",
  "prev",
  "x",
  "i",
  "Math",
  "undefined",
  "this",
  "process",
  "constructor",
  "let",
  "async",
  "as",
];
const PROPS = [
  "amount",
  "qty",
  "price",
  "length",
  "constructor",
  "__proto__",
  "min",
  "max",
  "if",
  "new",
  "x",
  "#p",
];
const BINOPS = [
  "+",
  "-",
  "*",
  "/",
  "%",
  "==",
  "!=",
  "===",
  "!==",
  "<",
  "<=",
  ">",
  ">=",
  "&&",
  "||",
  "??",
  "**",
  "&",
  "|",
  "^",
  "<<",
  ">>",
  ">>>",
  "in",
  "instanceof",
  "=",
  "+=",
  ",",
  "as number",
  "satisfies T",
  "as const",
];
const HELPERS = [
  "every",
  "some",
  "includes",
  "filter",
  "map",
  "reduce",
  "find",
  "findIndex",
  "forEach",
  "toString",
  "min",
  "abs",
  "round",
  "__x",
];
const WS = fc.constantFrom("", " ", " ", "  ", "\n", "\t", "/*c*/", " // c\n");

/** A random expression text (mostly in the subset, sometimes just outside it). */
export function exprText(): fc.Arbitrary<string> {
  const { expr } = fc.letrec<{ expr: string; atom: string }>((tie) => ({
    atom: fc.oneof(
      fc.constantFrom(...NAMES),
      fc.integer({ min: 0, max: 1000 }).map(String),
      fc.constantFrom("0.5", "1e3", "0x1F", "1_000", ".5", "5.", "08", "1n", "1.5e-3"),
      fc.constantFrom(
        "'open'",
        '"closed"',
        "'a\\'b'",
        '"\\u0041"',
        "'\\x41'",
        "``",
        "`a${paid}b`",
        "/a+/g",
      ),
      fc.constantFrom(
        "true",
        "false",
        "null",
        "[]",
        "{}",
        "({ a: 1 })",
        "function (i) { return i; }",
        "new Date()",
        "import.meta",
      ),
    ),
    expr: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      tie("atom"),
      fc
        .tuple(tie("expr"), fc.constantFrom(...BINOPS), tie("expr"), WS, WS)
        .map(([a, op, b, w1, w2]) => `${a}${w1}${op}${w2}${b}`),
      fc
        .tuple(
          fc.constantFrom("!", "-", "+", "~", "typeof ", "void ", "delete ", "++", "--"),
          tie("expr"),
        )
        .map(([op, a]) => `${op}${a}`),
      tie("expr").map((a) => `(${a})`),
      fc.tuple(tie("expr"), tie("expr"), tie("expr")).map(([a, b, c]) => `${a} ? ${b} : ${c}`),
      fc
        .tuple(tie("expr"), fc.constantFrom(...PROPS), fc.constantFrom(".", "?.", ". "))
        .map(([a, p, dot]) => `${a}${dot}${p}`),
      fc
        .tuple(tie("expr"), fc.constantFrom("0", "1", "paid", "'length'", ""))
        .map(([a, i]) => `${a}[${i}]`),
      fc.array(tie("expr"), { maxLength: 3 }).map((xs) => `[${xs.join(", ")}]`),
      fc
        .tuple(
          tie("expr"),
          fc.constantFrom(...HELPERS),
          fc.constantFrom(
            "i",
            "(a, b)",
            "(i)",
            "()",
            "(i: number)",
            "async i",
            "({ q })",
            "(...r)",
          ),
          tie("expr"),
          fc.boolean(),
          fc.boolean(),
        )
        .map(
          ([recv, m, ps, body, block, extra]) =>
            `${recv}.${m}(${ps} => ${block ? "{ return true; }" : body}${extra ? ", 0" : ""})`,
        ),
      fc
        .tuple(
          fc.constantFrom("min", "max", "abs", "floor", "random", "PI"),
          fc.array(tie("expr"), { maxLength: 3 }),
        )
        .map(([f, xs]) => `Math.${f}(${xs.join(", ")})`),
      fc
        .tuple(tie("expr"), fc.array(tie("expr"), { maxLength: 2 }))
        .map(([f, xs]) => `${f}(${xs.join(", ")})`),
      fc.tuple(tie("expr"), tie("expr")).map(([a, b]) => `${a}.includes(${b})`),
      tie("expr").map((a) => `i => ${a}`),
      fc
        .tuple(
          tie("expr"),
          fc.constantFrom(";", "; x", "\nx", "!", "++", " as const", "<number>", "`t`"),
        )
        .map(([a, s]) => `${a}${s}`),
    ),
  }));
  return expr.filter((s) => s.length <= 400);
}

const MUTATION_CHARS = [
  "(",
  ")",
  "[",
  "]",
  "{",
  "}",
  ".",
  ",",
  ";",
  "?",
  ":",
  "=",
  ">",
  "<",
  "!",
  "&",
  "|",
  "'",
  '"',
  "`",
  "/",
  "*",
  "+",
  "-",
  "#",
  "@",
  "\\",
  " ",
  "\n",
  "0",
  "a",
  "$",
  "_",
  "=>",
  "...",
  "?.",
  "/*",
  "//",
  "\u00a0",
  "é",
  "\u2028",
];

/** A string mutated by a few random insertions, deletions and replacements. */
export function mutated(base: fc.Arbitrary<string>): fc.Arbitrary<string> {
  const edit = fc.tuple(
    fc.nat(),
    fc.constantFrom("insert", "delete", "replace"),
    fc.constantFrom(...MUTATION_CHARS),
  );
  return fc.tuple(base, fc.array(edit, { minLength: 1, maxLength: 3 })).map(([s, edits]) => {
    let out = s;
    for (const [n, op, ch] of edits) {
      const at = out.length === 0 ? 0 : n % (out.length + 1);
      if (op === "insert") out = out.slice(0, at) + ch + out.slice(at);
      else if (op === "delete") out = out.slice(0, at) + out.slice(at + 1);
      else out = out.slice(0, at) + ch + out.slice(at + 1);
    }
    return out;
  });
}

const EXPR_KEYS = new Set(["guard", "holds", "when"]);

/** Every expression (guards, effects, init values, invariants) in the hostile fixtures. */
export function hostileExpressions(root: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(root).sort()) {
    const dir = join(root, name, "intent");
    let files: string[];
    try {
      files = readdirSync(dir).filter((f) => f.endsWith(".yaml"));
    } catch {
      continue;
    }
    for (const f of files) {
      const path = join(dir, f);
      if (!statSync(path).isFile() || statSync(path).size > 200_000) continue;
      let docs;
      try {
        docs = parseAllDocuments(readFileSync(path, "utf8"));
      } catch {
        continue;
      }
      for (const doc of Array.isArray(docs) ? docs : []) {
        let js: unknown;
        try {
          js = doc.toJS({ maxAliasCount: 10 });
        } catch {
          continue;
        }
        collect(js, undefined, out, 0);
      }
    }
  }
  return [...new Set(out)];
}

function collect(v: unknown, key: string | undefined, out: string[], depth: number): void {
  if (depth > 30 || v === null || typeof v !== "object") {
    if (
      typeof v === "string" &&
      key !== undefined &&
      (EXPR_KEYS.has(key) || key.startsWith("$set:") || key.startsWith("$init:"))
    )
      out.push(v);
    return;
  }
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
    if ((k === "set" || k === "init") && x !== null && typeof x === "object") {
      for (const [f, e] of Object.entries(x as Record<string, unknown>))
        collect(e, `$${k}:${f}`, out, depth + 1);
    } else collect(x, k, out, depth + 1);
  }
}

/** An array the callback generator may call helpers on: its reference and the values it holds. */
export interface LiteralArray {
  readonly ref: string;
  readonly values: readonly string[];
}

/**
 * Array helper calls whose callbacks return literals through conditional expressions
 * (`es.map((s) => s == 'a' ? 'b' : s)`), for effects whose expected type is an enum or an array
 * of enums. This was the differential generator's blind spot: the random expressions never put
 * a literal-returning callback under an expected literal type, where TypeScript's contextual
 * typing keeps the literals (and the checker once widened them to `string`).
 */
export function literalCallbackExpr(arrays: readonly LiteralArray[]): fc.Arbitrary<string> {
  return fc.constantFrom(...arrays).chain((a) => {
    const value = fc.constantFrom(...a.values, "zz");
    const quoted = value.map((v) => `'${v}'`);
    const param = fc.constantFrom("s", "x");
    const { body } = fc.letrec<{ body: string }>((tie) => ({
      body: fc.oneof(
        { depthSize: "small" },
        fc
          .tuple(param, value, quoted, fc.oneof(quoted, param))
          .map(([p, v, then, otherwise]) => `${p} == '${v}' ? ${then} : ${otherwise}`),
        fc
          .tuple(param, value, quoted, tie("body"))
          .map(([p, v, then, otherwise]) => `${p} != '${v}' ? ${then} : ${otherwise}`),
        fc
          .tuple(param, value, tie("body"))
          .map(([p, v, then]) => `${p} == '${v}' ? ${then} : ${p}`),
        quoted,
        param,
      ),
    }));
    // The parameter in the body is `s` or `x`; both callbacks name theirs `s`, so `x` is often unknown: rename.
    const cb = body.map((b) => b.replace(/\bx\b/g, "s"));
    const predicate = fc
      .tuple(value, fc.boolean())
      .map(([v, flip]) => `s == '${v}' ? ${flip} : ${!flip}`);
    const call = fc.oneof(
      cb.map((b) => `${a.ref}.map((s) => ${b})`),
      fc.tuple(cb, fc.constantFrom("i", "n")).map(([b, i]) => `${a.ref}.map((s, ${i}) => ${b})`),
      predicate.map((p) => `${a.ref}.filter((s) => ${p})`),
      fc.tuple(predicate, cb).map(([p, b]) => `${a.ref}.filter((s) => ${p}).map((s) => ${b})`),
      fc
        .tuple(value, quoted, quoted)
        .map(
          ([v, then, init]) => `${a.ref}.reduce((acc, s) => s == '${v}' ? ${then} : acc, ${init})`,
        ),
      fc.tuple(cb, fc.constantFrom("0", "1")).map(([b, i]) => `${a.ref}.map((s) => ${b})[${i}]`),
    );
    return fc.oneof(
      call,
      fc.tuple(call, fc.constantFrom(a.ref, "[]")).map(([c, other]) => `n > 0 ? ${c} : ${other}`),
    );
  });
}
