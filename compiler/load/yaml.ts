/**
 * Load one intent file: YAML text → plain JSON value plus a position index, with hard caps
 * applied before and during parsing (size, depth, node count, aliases, duplicate and reserved
 * keys). The `yaml` package is never asked to expand aliases or check duplicate keys itself
 * (its duplicate check is quadratic).
 */
import { parseAllDocuments, isAlias, isMap, isPair, isScalar, isSeq, Scalar } from "../vendor/yaml.js";
import type { Document, Node as YamlNode, Pair } from "yaml";
import type { Diagnostic } from "../diagnostic.js";
import { createCollector } from "../diagnostics.js";
import type { Loc } from "../ir/types.js";

/** Deepest nesting allowed in an intent file. */
export const MAX_DEPTH = 64;
/** Most YAML nodes allowed in one intent file. */
export const MAX_NODES = 200_000;
/** Keys that would corrupt JavaScript objects. */
export const RESERVED_KEYS: ReadonlySet<string> = new Set(["__proto__", "constructor", "prototype"]);

/** A path into a YAML document: mapping keys and sequence indexes. */
export type YamlPath = readonly (string | number)[];

/** A loaded intent file. */
export interface LoadedFile {
  readonly path: string;
  readonly text: string;
  /** The document as plain JSON data (undefined when it could not be loaded). */
  readonly value: unknown;
  /** Location of the node at a path (`which: "key"` gives the mapping key's range). */
  locOf(path: YamlPath, which?: "key" | "value"): Loc;
  /** The first character of a scalar's content (inside quotes), for expression positions. */
  contentStart(path: YamlPath): { line: number; column: number };
}

/** Parse and cap-check one intent file. Never throws for bad input. */
export function loadYaml(path: string, source: string): readonly [LoadedFile, readonly Diagnostic[]] {
  const diags = createCollector();
  // A byte-order mark is not part of the content: columns on the first line must not count it.
  const text = source.charCodeAt(0) === 0xfeff ? source.slice(1) : source;
  // Positions come from our own index of line starts: the parser's LineCounter misses newlines
  // inside error tokens, which shifted diagnostics after a syntax error.
  const lineStarts = indexLines(text);
  const posOf = (offset: number) => {
    const o = Math.max(0, Math.min(offset, text.length));
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: o - lineStarts[lo] + 1 };
  };
  const locRange = (start: number, end: number): Loc => {
    const a = posOf(start);
    const b = posOf(Math.max(start, end));
    return { file: path, line: a.line, column: a.column, endLine: b.line, endColumn: b.column };
  };
  let doc: Document | undefined;

  const file: LoadedFile = {
    path,
    text,
    value: undefined,
    locOf(p, which = "value") {
      return locate(doc, p, which, locRange);
    },
    contentStart(p) {
      const node = doc ? nodeAt(doc.contents as YamlNode | null, p) : undefined;
      if (node && isScalar(node) && node.range) {
        const quoted = node.type === Scalar.QUOTE_DOUBLE || node.type === Scalar.QUOTE_SINGLE;
        if (node.type === Scalar.BLOCK_LITERAL || node.type === Scalar.BLOCK_FOLDED) {
          // Content starts on the line after the block indicator.
          const nl = text.indexOf("\n", node.range[0]);
          const start = nl < 0 ? node.range[0] : nl + 1;
          const firstNonSpace = text.slice(start).search(/\S/);
          return posOf(start + Math.max(0, firstNonSpace));
        }
        return posOf(node.range[0] + (quoted ? 1 : 0));
      }
      const l = file.locOf(p);
      return { line: l.line, column: l.column };
    },
  };
  const result = (value: unknown) => [{ ...file, value, locOf: file.locOf, contentStart: file.contentStart }, diags.diagnostics] as const;

  // Depth pre-scan: flow collections and indentation, before the parser (which recurses) sees it.
  const deep = scanDepth(text);
  if (deep !== undefined) {
    diags.report("too-deep", { limit: MAX_DEPTH }, locRange(deep, deep + 1));
    return result(undefined);
  }

  if (roughNodeCount(text) > MAX_NODES) {
    // Counted before the parser runs: building a huge AST is the expensive part.
    diags.report("too-many-nodes", { limit: MAX_NODES }, locRange(0, 0));
    return result(undefined);
  }

  const docs = parseAllDocuments(text, { uniqueKeys: false, prettyErrors: false, strict: true });
  const list = Array.isArray(docs) ? docs : [docs];
  if (list.length > 1) {
    const second = list[1];
    const start = second.range?.[0] ?? 0;
    diags.report("multiple-documents", { count: list.length }, locRange(start, start + 3));
    return result(undefined);
  }
  doc = list[0] as Document | undefined;
  if (!doc) return result(null);
  // One syntax error is enough: the parser's follow-on errors repeat the same mistake.
  const err = doc.errors[0];
  if (err) {
    const start = Math.min(err.pos[0], text.length);
    const lineEnd = text.indexOf("\n", start);
    const end = Math.min(Math.max(err.pos[1], start), lineEnd < 0 ? text.length : lineEnd);
    diags.report("yaml-syntax", { detail: firstLine(err.message) }, locRange(start, Math.max(start, end)));
  }
  if (diags.hasError()) return result(undefined);

  // Walk the AST iteratively: aliases, anchors, keys, node count; build the plain value.
  let nodes = 0;
  let failed = false;
  const toValue = (root: YamlNode | null): unknown => {
    type Frame = { node: YamlNode | null; set: (v: unknown) => void };
    let out: unknown;
    const stack: Frame[] = [{ node: root, set: (v) => (out = v) }];
    while (stack.length > 0) {
      const { node, set } = stack.pop()!;
      if (++nodes > MAX_NODES) {
        diags.report("too-many-nodes", { limit: MAX_NODES }, locRange(0, 1));
        failed = true;
        return undefined;
      }
      if (node === null || node === undefined) {
        set(null);
        continue;
      }
      const r = node.range ?? [0, 0, 0];
      if (isAlias(node)) {
        diags.report("alias-not-allowed", { name: String(node.source) }, locRange(r[0], r[1]));
        failed = true;
        continue;
      }
      if (node.anchor) {
        const at = text.lastIndexOf(`&${node.anchor}`, r[0]);
        const start = at >= 0 ? at : r[0];
        diags.report("alias-not-allowed", { name: node.anchor }, locRange(start, at >= 0 ? at + node.anchor.length + 1 : r[1]));
        failed = true;
        continue;
      }
      if (isScalar(node)) {
        const v = node.value;
        // Integers JSON cannot carry exactly stay as their source text, so the shape check
        // reports them as not-a-number instead of silently rounding them.
        const unsafe = typeof v === "number" && Number.isInteger(v) && !Number.isSafeInteger(v);
        set(typeof v === "bigint" || unsafe ? String(node.source) : v instanceof Date ? node.source : v);
        continue;
      }
      if (isSeq(node)) {
        const arr: unknown[] = new Array(node.items.length);
        set(arr);
        node.items.forEach((item, i) => stack.push({ node: item as YamlNode, set: (v) => (arr[i] = v) }));
        continue;
      }
      if (isMap(node)) {
        const obj: Record<string, unknown> = {};
        const seen = new Set<string>();
        set(obj);
        for (const pair of node.items) {
          if (!isPair(pair)) continue;
          const keyNode = pair.key as YamlNode | null;
          const kr = keyNode?.range ?? r;
          if (!keyNode || !isScalar(keyNode) || keyNode.value === null || typeof keyNode.value === "object") {
            diags.report("non-string-key", {}, locRange(kr[0], kr[1]));
            failed = true;
            continue;
          }
          const key = String(keyNode.value);
          if (RESERVED_KEYS.has(key)) {
            diags.report("reserved-key", { key }, locRange(kr[0], kr[1]));
            failed = true;
            continue;
          }
          if (seen.has(key)) {
            diags.report("duplicate-key", { key }, locRange(kr[0], kr[1]));
            failed = true;
            continue;
          }
          seen.add(key);
          // Reserve the key now so the object keeps the document's key order.
          obj[key] = null;
          stack.push({ node: pair.value as YamlNode | null, set: (v) => (obj[key] = v) });
        }
        continue;
      }
      diags.report("wrong-type", { expected: "a mapping, sequence or scalar", where: "this node" }, locRange(r[0], r[1]));
      failed = true;
    }
    return out;
  };
  const value = toValue(doc.contents as YamlNode | null);
  return result(failed ? undefined : value);
}

function firstLine(s: string): string {
  return s.split("\n")[0].trim();
}

/** Offset of the first place nesting exceeds MAX_DEPTH, or undefined. */
function scanDepth(text: string): number | undefined {
  let depth = 0;
  let quote: string | undefined;
  let comment = false;
  let lineStart = true;
  let indent = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "\n") {
      comment = false;
      lineStart = true;
      indent = 0;
      if (quote === "'") continue; // single-quoted scalars may span lines
      continue;
    }
    if (comment) continue;
    if (lineStart) {
      if (c === " " || c === "-") {
        indent++;
        // Indentation depth: every two columns count as one level.
        if (indent > MAX_DEPTH * 2 + 8) return i;
        continue;
      }
      lineStart = false;
    }
    if (quote) {
      if (c === "\\" && quote === '"') i++;
      else if (c === quote) quote = undefined;
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === "#" && (i === 0 || /\s/.test(text[i - 1]))) comment = true;
    else if (c === "[" || c === "{") {
      if (++depth > MAX_DEPTH) return i;
    } else if (c === "]" || c === "}") depth = Math.max(0, depth - 1);
  }
  return undefined;
}

function nodeAt(root: YamlNode | null, path: YamlPath): YamlNode | undefined {
  let node: YamlNode | null | undefined = root;
  for (const seg of path) {
    if (!node) return undefined;
    if (isMap(node)) {
      const pair: Pair<unknown, unknown> | undefined = node.items.find(
        (p) => isScalar(p.key) && String((p.key as Scalar).value) === String(seg),
      );
      node = pair ? (pair.value as YamlNode | null) : undefined;
    } else if (isSeq(node) && typeof seg === "number") {
      node = node.items[seg] as YamlNode | undefined;
    } else return undefined;
  }
  return node ?? undefined;
}

/** Resolve a path to a location: the deepest existing node on the path (key or value range). */
function locate(
  doc: Document | undefined,
  path: YamlPath,
  which: "key" | "value",
  locRange: (s: number, e: number) => Loc,
): Loc {
  if (!doc || !doc.contents) return locRange(0, 0);
  let node: YamlNode | null = doc.contents as YamlNode;
  let best: [number, number] = node.range ? [node.range[0], node.range[1]] : [0, 0];
  for (let i = 0; i < path.length; i++) {
    const seg = path[i];
    const last = i === path.length - 1;
    if (node && isMap(node)) {
      const pair: Pair<unknown, unknown> | undefined = node.items.find(
        (p) => isScalar(p.key) && String((p.key as Scalar).value) === String(seg),
      );
      if (!pair) break;
      const key = pair.key as YamlNode;
      const val = pair.value as YamlNode | null;
      if (last && which === "key" && key.range) {
        best = [key.range[0], key.range[1]];
        break;
      }
      if (val && val.range && !(isScalar(val) && val.value === null && val.range[0] === val.range[1])) {
        best = [val.range[0], val.range[1]];
      } else if (key.range) best = [key.range[0], key.range[1]];
      node = val;
    } else if (node && isSeq(node) && typeof seg === "number") {
      const item = node.items[seg] as YamlNode | undefined;
      if (!item || !item.range) break;
      best = [item.range[0], item.range[1]];
      node = item;
    } else break;
  }
  return locRange(best[0], best[1]);
}

/** Offsets where each line starts. */
function indexLines(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  return starts;
}

/**
 * A cheap count, before parsing, of lines and flow-collection separators outside quotes: each
 * starts at least one value, so a text past the node limit by this count is refused unparsed
 * (the exact count while converting the AST still applies to everything else).
 */
function roughNodeCount(text: string): number {
  let count = 0;
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (quote !== undefined) {
      if (c === 92 /* \\ */ && quote === '"') i++;
      else if (text[i] === quote) quote = undefined;
      else if (c === 10) count++;
      continue;
    }
    if (c === 34 || c === 39) quote = text[i];
    else if (c === 10 || c === 44 /* , */) count++;
  }
  return count;
}
