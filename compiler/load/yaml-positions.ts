/**
 * Where things are in a loaded intent file: the position index of its nodes (plain data that
 * crosses to and from worker threads), line/column of an offset, and the {@link LoadedFile} whose
 * `locOf` and `contentStart` resolve a YAML path to an exact location.
 */
import { Scalar } from "../vendor/yaml.js";
import type { Diagnostic } from "../diagnostic.js";
import type { Loc } from "../ir/types.js";

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
  /**
   * The raw text of the scalar at a path (its key with `which: "key"`) and where it starts, for
   * exact positions inside it (expr/positions.ts); undefined when there is no such scalar.
   */
  scalarSource(path: YamlPath, which?: "key" | "value"): ScalarSource | undefined;
}

/** A scalar's text exactly as written, and the line/column (1-based) of its first character. */
export interface ScalarSource {
  readonly raw: string;
  readonly line: number;
  readonly column: number;
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
export function contentText(source: string): string {
  return source.charCodeAt(0) === 0xfeff ? source.slice(1) : source;
}

/** Where offsets of a text are: line and column (1-based) of an offset, and a Loc of a range. */
export function positions(path: string, text: string) {
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
    scalarSource(p, which = "value") {
      let range: readonly [number, number] | undefined;
      if (which === "key") {
        const parent = nodeAt(root, p.slice(0, -1));
        const entry = p.length > 0 ? parent?.m?.get(String(p[p.length - 1])) : undefined;
        if (entry) range = [entry[0], entry[1]];
      } else {
        const node = nodeAt(root, p);
        if (node && node.s !== undefined && !node.z) range = node.r;
      }
      if (range === undefined || range[1] <= range[0]) return undefined;
      return { raw: text.slice(range[0], range[1]), ...posOf(range[0]) };
    },
  };
}

export function nodeAt(root: PosNode | null, path: YamlPath): PosNode | undefined {
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
export function locate(
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
export function indexLines(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  return starts;
}
