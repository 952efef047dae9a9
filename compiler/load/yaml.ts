/**
 * Load one intent file: YAML text → plain JSON value plus a position index, with hard caps
 * applied before and during parsing (size, depth, node count, aliases, duplicate and reserved
 * keys). The `yaml` package is never asked to expand aliases or check duplicate keys itself
 * (its duplicate check is quadratic).
 */
import {
  parseAllDocuments,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  Scalar,
} from "../vendor/yaml.js";
import type { Document, Node as YamlNode } from "yaml";
import type { Diagnostic } from "../diagnostic.js";
import { createCollector } from "../diagnostics.js";
import { escapedByte } from "../shared/utf8.js";
import { inexactNumber } from "../shared/numbers.js";
import { plainSyntaxError } from "./yaml-errors.js";
import type { Loc } from "../ir/types.js";

/** Deepest nesting allowed in an intent file. */
export const MAX_DEPTH = 64;
/** Most YAML nodes allowed in one intent file. */
export const MAX_NODES = 200_000;
/** Keys that would corrupt JavaScript objects. */
export const RESERVED_KEYS: ReadonlySet<string> = new Set([
  "__proto__",
  "constructor",
  "prototype",
]);

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

/**
 * Positions of a loaded document's nodes, as plain data (it crosses to and from worker threads):
 * what `locOf` and `contentStart` need, without the parser's node objects.
 */
export interface PosNode {
  /** Start and end offsets of the node in the text. */
  readonly r: readonly [number, number];
  /** Scalars: how the scalar is written (the `yaml` package's Scalar.type, e.g. "QUOTE_DOUBLE"). */
  readonly s?: string;
  /** A scalar null with no text (`key:`): positions fall back to its key. */
  readonly z?: true;
  /** Mappings: each key's [start, end, value]. */
  readonly m?: ReadonlyMap<string, readonly [number, number, PosNode | null]>;
  /** Sequences: the items. */
  readonly q?: readonly (PosNode | null)[];
}

/** One intent file parsed and cap-checked, as plain data (see {@link loadedFile}). */
export interface ParsedYaml {
  /** The document as plain JSON data (undefined when it could not be loaded). */
  readonly value: unknown;
  /** Positions of the document's nodes (null for an empty document or one that failed). */
  readonly pos: PosNode | null;
  readonly diagnostics: readonly Diagnostic[];
}

/** The text positions refer to: a byte-order mark is not part of the content. */
function contentText(source: string): string {
  return source.charCodeAt(0) === 0xfeff ? source.slice(1) : source;
}

/** Parse and cap-check one intent file. Never throws for bad input. */
export function loadYaml(
  path: string,
  source: string,
): readonly [LoadedFile, readonly Diagnostic[]] {
  const parsed = parseYaml(path, source);
  return [loadedFile(path, source, parsed), parsed.diagnostics];
}

/** Where offsets of a text are: line and column (1-based) of an offset, and a Loc of a range. */
function positions(path: string, text: string) {
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
  return { posOf, locRange };
}

/** The loaded file of `source` as {@link parseYaml} (here or on another thread) parsed it. */
export function loadedFile(path: string, source: string, parsed: ParsedYaml): LoadedFile {
  const text = contentText(source);
  const { posOf, locRange } = positions(path, text);
  const root = parsed.pos;
  const locOf = (p: YamlPath, which: "key" | "value" = "value") => locate(root, p, which, locRange);
  return {
    path,
    text,
    value: parsed.value,
    locOf,
    contentStart(p) {
      const node = nodeAt(root, p);
      if (node && node.s !== undefined) {
        const quoted = node.s === Scalar.QUOTE_DOUBLE || node.s === Scalar.QUOTE_SINGLE;
        if (node.s === Scalar.BLOCK_LITERAL || node.s === Scalar.BLOCK_FOLDED) {
          // Content starts on the line after the block indicator.
          const nl = text.indexOf("\n", node.r[0]);
          const start = nl < 0 ? node.r[0] : nl + 1;
          const firstNonSpace = text.slice(start).search(/\S/);
          return posOf(start + Math.max(0, firstNonSpace));
        }
        return posOf(node.r[0] + (quoted ? 1 : 0));
      }
      const l = locOf(p);
      return { line: l.line, column: l.column };
    },
  };
}

/** Parse and cap-check one intent file into plain data. Never throws for bad input. */
export function parseYaml(path: string, source: string): ParsedYaml {
  const diags = createCollector();
  const text = contentText(source);
  const { locRange } = positions(path, text);
  let doc: Document | undefined;
  const result = (value: unknown, pos: PosNode | null = null): ParsedYaml => ({
    value,
    pos,
    diagnostics: diags.diagnostics,
  });

  // Characters outside the format, before the parser reads (and maybe reinterprets) them.
  const bad = scanCharacters(text);
  if (bad !== undefined) {
    diags.report("invalid-character", { what: bad.what }, locRange(bad.at, bad.at + 1));
    return result(undefined);
  }
  const directive = /^%[^\n]*/m.exec(text);
  if (directive !== null && !directiveInsideDocument(text, directive.index)) {
    const line = directive[0].replace(/\s+#.*$/, "").trimEnd();
    diags.report(
      "yaml-directive",
      { directive: line },
      locRange(directive.index, directive.index + line.length),
    );
    return result(undefined);
  }

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
  if (doc.errors.length > 0) {
    // In plain words, at the mistake, with the fix (yaml-errors.ts).
    const e = plainSyntaxError(text, doc.errors);
    diags.report("yaml-syntax", { detail: e.detail }, locRange(e.start, Math.max(e.start, e.end)), {
      hint: e.hint,
    });
  }
  if (diags.hasError()) return result(undefined);

  // Walk the AST iteratively: aliases, anchors, keys, node count; build the plain value.
  let nodes = 0;
  let failed = false;
  let rootPos: PosNode | null = null;
  const toValue = (root: YamlNode | null): unknown => {
    // Each node sets its value and its positions in its parent (or the roots).
    type Frame = {
      node: YamlNode | null;
      set: (v: unknown) => void;
      place: (p: PosNode | null) => void;
    };
    let out: unknown;
    const stack: Frame[] = [{ node: root, set: (v) => (out = v), place: (p) => (rootPos = p) }];
    while (stack.length > 0) {
      const { node, set, place } = stack.pop()!;
      if (++nodes > MAX_NODES) {
        diags.report("too-many-nodes", { limit: MAX_NODES }, locRange(0, 1));
        failed = true;
        return undefined;
      }
      if (node === null || node === undefined) {
        set(null);
        place(null);
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
        diags.report(
          "alias-not-allowed",
          { name: node.anchor },
          locRange(start, at >= 0 ? at + node.anchor.length + 1 : r[1]),
        );
        failed = true;
        continue;
      }
      if (node.tag !== undefined) {
        diags.report(
          "yaml-tag",
          { tag: tagText(text, r[0]) ?? node.tag },
          tagRange(text, r[0], r[1], locRange),
        );
        failed = true;
        continue;
      }
      if (isScalar(node)) {
        const v = node.value;
        const problem = scalarProblem(v, node.source, text.slice(r[0], r[1]));
        if (problem !== undefined) {
          if (problem.code === "inexact-number")
            diags.report(
              "inexact-number",
              { text: text.slice(r[0], r[1]), why: problem.why },
              locRange(r[0], r[1]),
            );
          else diags.report("invalid-character", { what: problem.why }, locRange(r[0], r[1]));
          failed = true;
          continue;
        }
        set(v);
        place({
          r: [r[0], r[1]],
          s: String(node.type ?? ""),
          ...(v === null && r[0] === r[1] ? { z: true as const } : {}),
        });
        continue;
      }
      if (isSeq(node)) {
        const arr: unknown[] = new Array(node.items.length);
        const q: (PosNode | null)[] = new Array(node.items.length).fill(null);
        set(arr);
        place({ r: [r[0], r[1]], q });
        node.items.forEach((item, i) =>
          stack.push({
            node: item as YamlNode,
            set: (v) => (arr[i] = v),
            place: (p) => (q[i] = p),
          }),
        );
        continue;
      }
      if (isMap(node)) {
        const obj: Record<string, unknown> = {};
        const m = new Map<string, [number, number, PosNode | null]>();
        set(obj);
        place({ r: [r[0], r[1]], m });
        for (const pair of node.items) {
          if (!isPair(pair)) continue;
          const keyNode = pair.key as YamlNode | null;
          const kr = keyNode?.range ?? r;
          if (keyNode && keyNode.tag !== undefined) {
            diags.report(
              "yaml-tag",
              { tag: tagText(text, kr[0]) ?? keyNode.tag },
              tagRange(text, kr[0], kr[1], locRange),
            );
            failed = true;
            continue;
          }
          if (!keyNode || !isScalar(keyNode) || typeof keyNode.value !== "string") {
            const v = keyNode && isScalar(keyNode) ? keyNode.value : undefined;
            const kind = !keyNode
              ? "empty"
              : !isScalar(keyNode)
                ? "a collection"
                : v === null
                  ? "null"
                  : `a ${typeof v}`;
            const shown = keyNode
              ? `'${text.slice(kr[0], kr[1]).split("\n")[0].slice(0, 40)}'`
              : "the key";
            diags.report("non-string-key", { key: shown, kind }, locRange(kr[0], kr[1]));
            failed = true;
            continue;
          }
          const key = String(keyNode.value);
          if (RESERVED_KEYS.has(key)) {
            diags.report("reserved-key", { key }, locRange(kr[0], kr[1]));
            failed = true;
            continue;
          }
          if (m.has(key)) {
            diags.report("duplicate-key", { key }, locRange(kr[0], kr[1]));
            failed = true;
            continue;
          }
          const entry: [number, number, PosNode | null] = [kr[0], kr[1], null];
          m.set(key, entry);
          // Reserve the key now so the object keeps the document's key order.
          obj[key] = null;
          stack.push({
            node: pair.value as YamlNode | null,
            set: (v) => (obj[key] = v),
            place: (p) => (entry[2] = p),
          });
        }
        continue;
      }
      diags.report(
        "wrong-type",
        { expected: "a mapping, sequence or scalar", where: "this node" },
        locRange(r[0], r[1]),
      );
      failed = true;
    }
    return out;
  };
  const value = toValue(doc.contents as YamlNode | null);
  return failed ? result(undefined) : result(value, rootPos);
}

/** Why a scalar's value is outside the format (inexact number, NUL, lone surrogate), if it is. */
function scalarProblem(
  v: unknown,
  source: unknown,
  written: string,
): { code: "inexact-number" | "invalid-character"; why: string } | undefined {
  if (typeof v === "bigint")
    return { code: "inexact-number", why: "it is outside the safe integer range" };
  if (typeof v === "number") {
    const why = inexactNumber(v, typeof source === "string" ? source : written);
    return why === undefined ? undefined : { code: "inexact-number", why };
  }
  if (typeof v === "string") {
    if (v.includes("\0")) return { code: "invalid-character", why: "a NUL character (U+0000)" };
    if (LONE_SURROGATE.test(v))
      return { code: "invalid-character", why: "an unpaired surrogate character" };
  }
  return undefined;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The first character outside the format in raw text: NUL, a bare CR, an unpaired surrogate. */
function scanCharacters(text: string): { at: number; what: string } | undefined {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0) return { at: i, what: "a NUL character (U+0000)" };
    if (c === 13 && text.charCodeAt(i + 1) !== 10)
      return { at: i, what: "a carriage return without a line feed (old Mac line endings)" };
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
      else return { at: i, what: "an unpaired surrogate character" };
    } else if (c >= 0xdc00 && c <= 0xdfff) {
      // The host decodes each invalid UTF-8 byte as U+DC80 + byte (shared/utf8.ts).
      const byte = escapedByte(c);
      return {
        at: i,
        what:
          byte >= 0
            ? `invalid UTF-8 (byte 0x${byte.toString(16).toUpperCase().padStart(2, "0")})`
            : "an unpaired surrogate character",
      };
    }
  }
  return undefined;
}

/**
 * A `%` line is a directive when it comes before any document content (only comments, blank
 * lines and other directives above it); inside a block scalar or after content it is text.
 */
function directiveInsideDocument(text: string, at: number): boolean {
  for (const line of text.slice(0, at).split("\n")) {
    const t = line.trim();
    if (t === "" || t.startsWith("#") || line.startsWith("%")) continue;
    return true;
  }
  return false;
}

/** The tag as written before a node starting at `start` (`!!binary`, `!custom`), if found. */
function tagText(text: string, start: number): string | undefined {
  const m = /(![^\s,\[\]{}]*)\s*$/.exec(text.slice(Math.max(0, start - 200), start));
  if (m) return m[1];
  const own = /^(![^\s,\[\]{}]*)/.exec(text.slice(start));
  return own ? own[1] : undefined;
}

/** Where the tag before a node is (falls back to the node). */
function tagRange(
  text: string,
  start: number,
  end: number,
  locRange: (s: number, e: number) => Loc,
): Loc {
  const tag = tagText(text, start);
  if (tag === undefined) return locRange(start, end);
  const own = text.startsWith(tag, start) ? start : text.lastIndexOf(tag, start);
  return own >= 0 ? locRange(own, own + tag.length) : locRange(start, end);
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

function nodeAt(root: PosNode | null, path: YamlPath): PosNode | undefined {
  let node: PosNode | null | undefined = root;
  for (const seg of path) {
    if (!node) return undefined;
    if (node.m) node = node.m.get(String(seg))?.[2];
    else if (node.q && typeof seg === "number") node = node.q[seg];
    else return undefined;
  }
  return node ?? undefined;
}

/** Resolve a path to a location: the deepest existing node on the path (key or value range). */
function locate(
  root: PosNode | null,
  path: YamlPath,
  which: "key" | "value",
  locRange: (s: number, e: number) => Loc,
): Loc {
  if (!root) return locRange(0, 0);
  let node: PosNode | null | undefined = root;
  let best: readonly [number, number] = root.r;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i];
    const last = i === path.length - 1;
    if (node && node.m) {
      const entry: readonly [number, number, PosNode | null] | undefined = node.m.get(String(seg));
      if (!entry) break;
      if (last && which === "key") {
        best = [entry[0], entry[1]];
        break;
      }
      const val: PosNode | null = entry[2];
      // A null with no text (`key:`) is located at its key.
      best = val && !val.z ? val.r : [entry[0], entry[1]];
      node = val;
    } else if (node && node.q && typeof seg === "number") {
      const item: PosNode | null | undefined = node.q[seg];
      if (!item) break;
      best = item.r;
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
