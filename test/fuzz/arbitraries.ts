/**
 * fast-check arbitraries for fuzzing the front end: random YAML-ish text and mutations of the
 * example intent files, plus the property every input must satisfy (diagnostics with a known
 * code and an in-file position, never an exception, no prototype pollution).
 */
import fc from "fast-check";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { createMemoryHost } from "../../compiler/host.js";
import { compile } from "../../compiler/program.js";
import { diagnostics as table } from "../../compiler/diagnostics.js";
import type { Diagnostic } from "../../compiler/diagnostic.js";

/** The example intent files, path → text. */
export function exampleFiles(root = process.cwd()): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(join(root, "intent")).sort()) {
    if (name.endsWith(".intent.yaml"))
      out[`intent/${name}`] = readFileSync(join(root, "intent", name), "utf8");
  }
  return out;
}

const VALID_CODES: ReadonlySet<string> = new Set(Object.values(table).map((d) => d.code));

/** Scalars that stress YAML typing, JS numbers and names. */
const HOSTILE_SCALARS = [
  "",
  "~",
  "null",
  "true",
  "yes",
  "1e400",
  "-1e400",
  "NaN",
  ".nan",
  ".inf",
  "-.inf",
  "0x1F",
  "0o17",
  "1_000",
  "99999999999999999999999999",
  "-0",
  "1.5",
  "2001-12-14",
  "__proto__",
  "constructor",
  "prototype",
  "toString",
  "hasOwnProperty",
  "'quoted'",
  '"\\u2028x\\u2029"',
  '"\\0"',
  "[a, b]",
  "{a: 1}",
  "[]",
  "{}",
  "*a",
  "&a x",
  "!!binary aGVsbG8=",
  "!!js/function x",
  "!custom x",
  "|",
  ">-",
  "- x",
  "? x",
  "%YAML 1.1",
  "---",
  "...",
  '"*/ process.exit(1) /*"',
  '"`${process.exit(1)}`"',
  '"</script><script>alert(1)</script>"',
  "../../etc/passwd",
  "/etc/**",
  "**",
  "!src/**",
  "ÿ",
  "名前",
  "𝓧",
  "\u202e",
  "a\u0000b",
  "\t",
  "x: y: z",
];

/** Lines that inject structure: hostile keys, anchors, aliases, merges, complex keys. */
const HOSTILE_LINES = [
  "__proto__: { polluted: true }",
  "constructor: {}",
  "prototype: 1",
  "toString: x",
  "? [a, b]\n: c",
  "? { a: 1 }\n: d",
  "<<: *base",
  "base: &base { a: 1 }",
  "ref: *base",
  "&anchor key: 1",
  "!!map { a: 1 }",
  "x: !!set { a, b }",
  "dup: 1\ndup: 2",
  "---",
  "...",
  "%TAG ! tag:x,2000:",
  "'key with spaces': 1",
  '"\\u0000": 1',
  "\t: tab",
  "1: numeric key",
  "null: x",
  "true: x",
  "[a]: b",
  "x: |\n  block\n  text",
  "x: >\n  folded",
  "- list item",
  "x: [1, [2, [3, [4]]]]",
  "y: {a: {b: {c: {d: {}}}}}",
];

/** Fragments for random expressions, including everything outside the subset. */
const EXPR_TOKENS = [
  "paid",
  "total",
  "items",
  "status",
  "event",
  "event.amount",
  "prev.paid",
  "prev",
  ".length",
  "this",
  "globalThis",
  "process",
  "require",
  "constructor",
  ".constructor",
  "__proto__",
  "Math.min(",
  "Math.max(",
  "eval(",
  "Function(",
  "new ",
  "delete ",
  "typeof ",
  "void ",
  "=>",
  "x => x",
  "(",
  ")",
  "[",
  "]",
  "{",
  "}",
  ",",
  ".",
  "?",
  ":",
  "+",
  "-",
  "*",
  "/",
  "%",
  "**",
  "==",
  "!=",
  "===",
  "<",
  "<=",
  ">",
  ">=",
  "&&",
  "||",
  "??",
  "!",
  "=",
  "+=",
  "++",
  "...",
  "`",
  "${",
  "'",
  '"',
  "0",
  "1",
  "1e400",
  "NaN",
  "Infinity",
  "-0",
  "'shipped'",
  "true",
  "null",
  "undefined",
  ";",
  "\u2028",
  "every(",
  "some(",
  "reduce(",
  "filter(",
  "map(",
  "includes(",
  "\\",
  "#x",
  "@d",
  "a.b.c.d",
  "x?.y",
  "x!",
];

/** One mutation of a text. Applied by {@link applyMutation}. */
export type Mutation =
  | { readonly op: "delete"; readonly at: number }
  | { readonly op: "duplicate"; readonly at: number }
  | { readonly op: "swap"; readonly at: number; readonly other: number }
  | { readonly op: "scalar"; readonly at: number; readonly value: string }
  | { readonly op: "insert"; readonly at: number; readonly indent: number; readonly line: string }
  | { readonly op: "indent"; readonly at: number; readonly delta: number; readonly tab: boolean }
  | {
      readonly op: "nest";
      readonly at: number;
      readonly depth: number;
      readonly open: "[" | "{" | "- ";
    }
  | {
      readonly op: "chars";
      readonly offset: number;
      readonly remove: number;
      readonly text: string;
    }
  | { readonly op: "expr"; readonly at: number; readonly tokens: readonly string[] }
  | { readonly op: "truncate"; readonly offset: number }
  | { readonly op: "encoding"; readonly kind: "crlf" | "bom" | "cr" | "nul" };

const randomUnicode = fc.string({ unit: "binary", maxLength: 12 });
const yamlChars = fc.string({
  unit: fc.constantFrom(..."abcXYZ019_-:[]{},#&*!|>'\"%@` \n\t?.\\~\u2028\u00a0\ufeff"),
  maxLength: 40,
});

/** A random mutation; positions are fractions resolved against the text when applied. */
export const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant("delete" as const), at: fc.nat() }),
  fc.record({ op: fc.constant("duplicate" as const), at: fc.nat() }),
  fc.record({ op: fc.constant("swap" as const), at: fc.nat(), other: fc.nat() }),
  fc.record({
    op: fc.constant("scalar" as const),
    at: fc.nat(),
    value: fc.oneof(fc.constantFrom(...HOSTILE_SCALARS), randomUnicode),
  }),
  fc.record({
    op: fc.constant("insert" as const),
    at: fc.nat(),
    indent: fc.integer({ min: 0, max: 10 }),
    line: fc.oneof(fc.constantFrom(...HOSTILE_LINES), yamlChars),
  }),
  fc.record({
    op: fc.constant("indent" as const),
    at: fc.nat(),
    delta: fc.integer({ min: -4, max: 4 }),
    tab: fc.boolean(),
  }),
  fc.record({
    op: fc.constant("nest" as const),
    at: fc.nat(),
    depth: fc.integer({ min: 1, max: 300 }),
    open: fc.constantFrom("[" as const, "{" as const, "- " as const),
  }),
  fc.record({
    op: fc.constant("chars" as const),
    offset: fc.nat(),
    remove: fc.integer({ min: 0, max: 8 }),
    text: fc.oneof(randomUnicode, yamlChars),
  }),
  fc.record({
    op: fc.constant("expr" as const),
    at: fc.nat(),
    tokens: fc.array(fc.constantFrom(...EXPR_TOKENS), { maxLength: 12 }),
  }),
  fc.record({ op: fc.constant("truncate" as const), offset: fc.nat() }),
  fc.record({
    op: fc.constant("encoding" as const),
    kind: fc.constantFrom("crlf" as const, "bom" as const, "cr" as const, "nul" as const),
  }),
);

/** Apply one mutation to a text (deterministic, total: never throws). */
export function applyMutation(text: string, m: Mutation): string {
  const lines = text.split("\n");
  const i = "at" in m ? m.at % lines.length : 0;
  switch (m.op) {
    case "delete":
      lines.splice(i, 1);
      break;
    case "duplicate":
      lines.splice(i, 0, lines[i]);
      break;
    case "swap": {
      const j = m.other % lines.length;
      [lines[i], lines[j]] = [lines[j], lines[i]];
      break;
    }
    case "scalar": {
      const c = lines[i].indexOf(": ");
      lines[i] =
        c >= 0
          ? `${lines[i].slice(0, c + 2)}${m.value}`
          : `${lines[i].replace(/\S.*$/, "")}- ${m.value}`;
      break;
    }
    case "insert":
      lines.splice(i, 0, ...`${" ".repeat(m.indent)}${m.line}`.split("\n"));
      break;
    case "indent": {
      const l = lines[i];
      lines[i] =
        m.delta >= 0
          ? `${(m.tab ? "\t" : " ").repeat(m.delta)}${l}`
          : l.slice(Math.min(-m.delta, l.search(/\S|$/)));
      break;
    }
    case "nest": {
      const c = lines[i].indexOf(": ");
      const deep =
        m.open === "- "
          ? m.open.repeat(m.depth) + "x"
          : m.open.repeat(m.depth) + (m.open === "[" ? "]" : "}").repeat(m.depth);
      lines[i] = c >= 0 ? `${lines[i].slice(0, c + 2)}${deep}` : deep;
      break;
    }
    case "expr": {
      const c = lines[i].indexOf(": ");
      const expr = JSON.stringify(m.tokens.join(" "));
      lines[i] = c >= 0 ? `${lines[i].slice(0, c + 2)}${expr}` : `${lines[i]} ${expr}`;
      break;
    }
    case "chars": {
      const o = m.offset % (text.length + 1);
      return text.slice(0, o) + m.text + text.slice(o + m.remove);
    }
    case "truncate":
      return text.slice(0, m.offset % (text.length + 1));
    case "encoding":
      if (m.kind === "crlf") return text.replace(/\n/g, "\r\n");
      if (m.kind === "cr") return text.replace(/\n/g, "\r");
      if (m.kind === "bom") return `\ufeff${text}`;
      return text.replace(/\n/, "\n\u0000");
  }
  return lines.join("\n");
}

/** An input: intent files for an in-memory host. */
export type FuzzInput = Record<string, string>;

/**
 * Mutations of the example: pick one file, apply 1–4 mutations; keep the others intact so a
 * benign mutation still binds (and reaches the later phases). Sometimes only that one file.
 */
export function mutatedExampleArb(files: Record<string, string>): fc.Arbitrary<FuzzInput> {
  const paths = Object.keys(files).sort();
  return fc
    .record({
      target: fc.nat({ max: paths.length - 1 }),
      mutations: fc.array(mutationArb, { minLength: 1, maxLength: 4 }),
      // Shrinks towards true: a counterexample keeps only the mutated file when it can.
      alone: fc.boolean().map((b) => !b),
    })
    .map(({ target, mutations, alone }) => {
      const path = paths[target];
      const text = mutations.reduce(applyMutation, files[path]);
      return alone ? { [path]: text } : { ...files, [path]: text };
    });
}

/** Random YAML-ish text as one domain file, optionally after a valid header. */
export const randomYamlArb: fc.Arbitrary<FuzzInput> = fc
  .record({
    header: fc.boolean(),
    body: fc.oneof(
      yamlChars,
      fc.string({ unit: "grapheme", maxLength: 60 }),
      fc
        .array(fc.oneof(yamlChars, fc.constantFrom(...HOSTILE_LINES)), { maxLength: 10 })
        .map((ls) => ls.join("\n")),
    ),
  })
  .map(({ header, body }) => ({
    "intent/fuzz.intent.yaml": (header ? "intent: 1\ndomain: fuzz\nversion: 1.0.0\n" : "") + body,
  }));

/** Every front-end input: mostly mutations of the example, some random text. */
export function frontEndInputArb(files: Record<string, string>): fc.Arbitrary<FuzzInput> {
  return fc.oneof(
    { arbitrary: mutatedExampleArb(files), weight: 4 },
    { arbitrary: randomYamlArb, weight: 1 },
  );
}

/**
 * The property: compile never throws; every diagnostic has a code from the table, names one
 * of the input files (or the intent dir) and a position inside that file; errors mean no
 * emission stage; Object.prototype gains nothing.
 */
export function checkFrontEnd(input: FuzzInput): void {
  const protoBefore = Object.getOwnPropertyNames(Object.prototype).join(",");
  const result = compile(createMemoryHost(input), { dir: "intent" });
  if (Object.getOwnPropertyNames(Object.prototype).join(",") !== protoBefore)
    throw new Error("Object.prototype was modified");
  checkDiagnostics(input, result.diagnostics);
  const errors = result.diagnostics.some((d) => d.severity === "error");
  if (errors && result.stage === "emit")
    throw new Error("errors were reported but the stage is 'emit'");
  if (!errors && result.program === undefined) throw new Error("no errors but no program");
}

/** Throw unless every diagnostic has a known code, a message and a start and end inside its file. */
export function checkDiagnostics(input: FuzzInput, diagnostics: readonly Diagnostic[]): void {
  for (const d of diagnostics) {
    const where = `${d.file}:${d.line}:${d.column} ${d.code} ${d.message}`;
    if (!VALID_CODES.has(d.code)) throw new Error(`unknown diagnostic code: ${where}`);
    if (typeof d.message !== "string" || d.message === "")
      throw new Error(`empty message: ${where}`);
    if (d.file === "intent") continue;
    const text = input[d.file];
    if (text === undefined)
      throw new Error(`diagnostic names a file that is not an input: ${where}`);
    assertInside(text, d.line, d.column, where);
    assertInside(text, d.endLine, d.endColumn, `${where} (end ${d.endLine}:${d.endColumn})`);
    if (d.endLine < d.line || (d.endLine === d.line && d.endColumn < d.column))
      throw new Error(`end before start: ${where}`);
  }
}

function assertInside(text: string, line: number, column: number, where: string): void {
  const lines = text.split("\n");
  if (!Number.isInteger(line) || line < 1 || line > lines.length)
    throw new Error(`line outside the file (${lines.length} lines): ${where}`);
  const len = lines[line - 1].length;
  if (!Number.isInteger(column) || column < 1 || column > len + 1)
    throw new Error(`column outside line ${line} (length ${len}): ${where}`);
}
