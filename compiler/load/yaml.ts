/**
 * Load one intent file: YAML text → plain JSON value plus a position index, with hard caps
 * applied before and during parsing (size, depth, node count, aliases, duplicate and reserved
 * keys). The `yaml` package is never asked to expand aliases or check duplicate keys itself
 * (its duplicate check is quadratic).
 *
 * Positions live in yaml-positions.ts, the checks on raw text and scalars in yaml-scan.ts.
 */
import { parseAllDocuments, isAlias, isMap, isPair, isScalar, isSeq } from "../vendor/yaml.js";
import type { Document, Node as YamlNode } from "yaml";
import type { Diagnostic } from "../diagnostic.js";
import { createCollector } from "../diagnostics.js";
import { plainSyntaxError } from "./yaml-errors.js";
import {
  contentText,
  loadedFile,
  positions,
  type LoadedFile,
  type ParsedYaml,
  type PosNode,
} from "./yaml-positions.js";
import {
  directiveInsideDocument,
  MAX_DEPTH,
  roughNodeCount,
  scalarProblem,
  scanCharacters,
  scanDepth,
  tagRange,
  tagText,
} from "./yaml-scan.js";

export { MAX_DEPTH } from "./yaml-scan.js";
export {
  loadedFile,
  type LoadedFile,
  type ParsedYaml,
  type PosNode,
  type YamlPath,
} from "./yaml-positions.js";

/** Most YAML nodes allowed in one intent file. */
export const MAX_NODES = 200_000;
/** Keys that would corrupt JavaScript objects. */
export const RESERVED_KEYS: ReadonlySet<string> = new Set([
  "__proto__",
  "constructor",
  "prototype",
]);

/** Parse and cap-check one intent file. Never throws for bad input. */
export function loadYaml(
  path: string,
  source: string,
): readonly [LoadedFile, readonly Diagnostic[]] {
  const parsed = parseYaml(path, source);
  return [loadedFile(path, source, parsed), parsed.diagnostics];
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
