/**
 * The formatter of intent files (`intentc fmt`, the language server's document formatting):
 * the `yaml` package's document API re-prints the file, keeping comments, blank lines between
 * entries, key order and flow or block style, with
 * - indentation of 2 spaces, one space inside `{ … }` and none inside `[ … ]`;
 * - strings plain where YAML 1.2 (core schema) reads the plain text back as the same string,
 *   double-quoted otherwise; block scalars (`|`, `>`) stay block scalars; expressions (guards,
 *   `set` and `init` values, an invariant's `holds` and `when`) keep the quoting they were
 *   written with, so `"paid + event.amount"` stays as it is.
 *
 * It never changes meaning: a file that does not load is refused with its diagnostics, and the
 * output is loaded again and compared with the input (values and comments); if they differ the
 * file is refused rather than rewritten. The `yaml` package is imported directly (not through
 * vendor/): only `intentc fmt` and a formatting request load this module.
 */
import { isDeepStrictEqual } from "node:util";
import {
  isMap,
  isScalar,
  isSeq,
  Lexer,
  parseDocument,
  Scalar,
  visit,
  YAMLSeq,
  type ToStringOptions,
} from "yaml";
import type { Diagnostic } from "../diagnostic.js";
import { hasErrors } from "../diagnostic.js";
import { loadYaml, type YamlPath } from "../load/yaml.js";

/** The result of formatting one file. */
export type FormatResult =
  | { readonly ok: true; readonly text: string; readonly changed: boolean }
  /** Not formatted: the file does not load (`diagnostics`), or formatting would change it (`reason`). */
  | { readonly ok: false; readonly diagnostics: readonly Diagnostic[]; readonly reason?: string };

const OPTIONS: ToStringOptions = {
  indent: 2,
  indentSeq: true,
  lineWidth: 0,
  minContentWidth: 0,
  flowCollectionPadding: true,
  defaultStringType: "PLAIN",
  defaultKeyType: "PLAIN",
  singleQuote: null,
};

/** Format one intent file's text. Never throws for bad input. */
export function formatIntent(path: string, source: string): FormatResult {
  const [loaded, diagnostics] = loadYaml(path, source);
  if (hasErrors(diagnostics) || loaded.value === undefined) return { ok: false, diagnostics };
  const bom = source.charCodeAt(0) === 0xfeff ? "\ufeff" : "";
  const text = bom === "" ? source : source.slice(1);
  if (text.trim() === "") return { ok: true, text: source, changed: false };
  const doc = parseDocument(text, { uniqueKeys: false, strict: true, prettyErrors: false });
  if (doc.errors.length > 0)
    return { ok: false, diagnostics, reason: "the YAML parser reported an error" };
  visit(doc, {
    Scalar(_, node, ancestry) {
      if (typeof node.value !== "string") return;
      if (node.type === Scalar.BLOCK_LITERAL || node.type === Scalar.BLOCK_FOLDED) return;
      if (isExpression(pathOf(ancestry, node))) return;
      node.type = node.value.includes("\n") ? Scalar.QUOTE_DOUBLE : Scalar.PLAIN;
    },
    Seq(_, node) {
      if (node.flow === true) unpadded(node);
    },
  });
  // Line breaks as the file has them (CRLF files stay CRLF).
  const printed = doc.toString(OPTIONS);
  const out = bom + (text.includes("\r\n") ? printed.replace(/\r?\n/g, "\r\n") : printed);
  const [again, againDiags] = loadYaml(path, out);
  if (hasErrors(againDiags) || !isDeepStrictEqual(again.value, loaded.value)) {
    return { ok: false, diagnostics: [], reason: "formatting would change the values it loads to" };
  }
  if (!isDeepStrictEqual(comments(out), comments(source))) {
    return { ok: false, diagnostics: [], reason: "formatting would lose or move a comment" };
  }
  return { ok: true, text: out, changed: out !== source };
}

/** A flow sequence printed without padding (`[a, b]`); flow mappings keep theirs (`{ a: 1 }`). */
function unpadded(seq: YAMLSeq): void {
  const print = YAMLSeq.prototype.toString;
  Object.defineProperty(seq, "toString", {
    value(
      this: YAMLSeq,
      ctx?: Parameters<typeof print>[0],
      onComment?: () => void,
      onChompKeep?: () => void,
    ) {
      return print.call(
        this,
        ctx === undefined ? ctx : { ...ctx, flowCollectionPadding: "" },
        onComment,
        onChompKeep,
      );
    },
  });
}

/** The YAML path of a node from its ancestry as `visit` gives it (keys of pairs, indexes of items). */
function pathOf(ancestry: readonly unknown[], node: unknown): YamlPath {
  const path: (string | number)[] = [];
  const chain = [...ancestry, node];
  for (let i = 1; i < chain.length; i++) {
    const parent = chain[i - 1];
    const child = chain[i];
    if (isSeq(parent)) path.push(parent.items.indexOf(child as never));
    else if (isMap(parent)) continue;
    else if (
      parent !== null &&
      typeof parent === "object" &&
      "key" in parent &&
      "value" in parent
    ) {
      const pair = parent as { key: unknown; value: unknown };
      if (pair.value !== child) return [...path, "<key>"];
      path.push(isScalar(pair.key) ? String(pair.key.value) : "?");
    }
  }
  return path;
}

/** Whether a path holds an expression: a guard, a `set` or `init` value, `holds` or `when`. */
export function isExpression(path: YamlPath): boolean {
  const n = path.length;
  if (path[0] === "invariants") return n === 3 && (path[2] === "holds" || path[2] === "when");
  if (path[0] !== "machines") return false;
  if (path[2] === "init") return n === 4;
  if (path[2] !== "states" || path[4] !== "on") return false;
  // machines/M/states/S/on/E/(N/)?(guard | set/F)
  const rest = typeof path[6] === "number" ? path.slice(7) : path.slice(6);
  return (rest.length === 1 && rest[0] === "guard") || (rest.length === 2 && rest[0] === "set");
}

/** The comments of a YAML text, in order (text after `#`, trailing spaces dropped). */
function comments(text: string): string[] {
  const out: string[] = [];
  for (const token of new Lexer().lex(text)) if (token.startsWith("#")) out.push(token.trimEnd());
  return out;
}
