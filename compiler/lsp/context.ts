/**
 * Where the cursor is in a YAML buffer that may not parse (the user is typing): the chain of
 * mapping keys above it, read from indentation and from the flow collections (`{ … }`, `[ … ]`)
 * of the cursor's line, and whether it is on a key or in a value (and inside quotes).
 */

/** The cursor's place in the YAML structure. */
export interface CursorContext {
  /** Mapping keys from the document root to the innermost one (sequence indexes left out). */
  readonly chain: readonly string[];
  /** "key": typing a key (no `key:` before the cursor at this level); "value": after `key:`. */
  readonly position: "key" | "value";
  /** The value text typed before the cursor at this level (after `key:`, `[`, or `,`). */
  readonly typed: string;
  /** Inside a quoted YAML scalar: the quote character. */
  readonly quote?: string;
}

const KEY_LINE = /^(\s*)(?:-\s+)?(["']?)([A-Za-z_][\w?-]*)\2\s*:(?:\s|$)/;

/** The context at a 1-based line and column. */
export function cursorContext(text: string, line: number, column: number): CursorContext {
  const lines = text.split("\n");
  const cur = lines[line - 1] ?? "";
  const prefix = cur.slice(0, column - 1);
  const indent = contentIndent(cur.trim() === "" ? prefix : cur);
  const parents: string[] = [];
  let limit = indent;
  for (let i = line - 2; i >= 0 && limit > 0; i--) {
    const l = lines[i];
    if (l.trim() === "" || l.trimStart().startsWith("#")) continue;
    const ci = contentIndent(l);
    if (ci >= limit) continue;
    const m = KEY_LINE.exec(l);
    if (m) {
      parents.unshift(m[3]);
      limit = ci;
    } else if (/^\s*-\s*$/.test(l) || /^\s*-\s/.test(l)) {
      limit = Math.min(limit, ci);
    }
  }
  const here = scanLine(prefix.replace(/^\s*-\s+/, (s) => " ".repeat(s.length)));
  return { ...here, chain: [...parents, ...here.chain] };
}

/** Indentation of a line's content (after a sequence dash). */
function contentIndent(l: string): number {
  const m = /^(\s*)(-\s+)?/.exec(l) as RegExpExecArray;
  return m[0].length;
}

interface Level {
  readonly open: "{" | "[" | "";
  key: string | undefined;
  typedFrom: number;
}

/** The keys, position and typed text of the part of the cursor's line before the cursor. */
function scanLine(prefix: string): CursorContext {
  const levels: Level[] = [{ open: "", key: undefined, typedFrom: 0 }];
  let quote: string | undefined;
  let i = 0;
  while (i < prefix.length) {
    const c = prefix[i];
    const top = levels[levels.length - 1];
    if (quote !== undefined) {
      if (c === quote) {
        if (quote === "'" && prefix[i + 1] === "'") i++;
        else quote = undefined;
      } else if (c === "\\" && quote === '"') i++;
      i++;
      continue;
    }
    if (c === "#" && (i === 0 || /\s/.test(prefix[i - 1]))) break;
    if ((c === '"' || c === "'") && /^\s*$/.test(prefix.slice(top.typedFrom, i))) {
      quote = c;
    } else if (c === "{" || c === "[") {
      levels.push({ open: c, key: c === "[" ? top.key : undefined, typedFrom: i + 1 });
    } else if (c === "}" || c === "]") {
      if (levels.length > 1) levels.pop();
      levels[levels.length - 1].typedFrom = i + 1;
    } else if (c === ",") {
      if (top.open !== "[") top.key = undefined;
      top.typedFrom = i + 1;
    } else if (c === ":" && (i + 1 >= prefix.length || /\s/.test(prefix[i + 1]))) {
      const k = /(["']?)([A-Za-z_][\w?-]*)\1\s*$/.exec(prefix.slice(top.typedFrom, i));
      if (k) {
        top.key = k[2];
        top.typedFrom = i + 1;
      }
    }
    i++;
  }
  const chain: string[] = [];
  for (const l of levels.slice(0, -1)) if (l.open !== "[" && l.key !== undefined) chain.push(l.key);
  const top = levels[levels.length - 1];
  // A `[` level inherits its key: its items are values of that key (pushed once).
  if (top.open === "[") {
    const owner = levels[levels.length - 2];
    if (owner?.key !== undefined && chain[chain.length - 1] !== owner.key) chain.push(owner.key);
  } else if (top.key !== undefined) chain.push(top.key);
  const valued = top.open === "[" || top.key !== undefined;
  const typed = prefix.slice(top.typedFrom).replace(/^\s*["']?/, "");
  return {
    chain,
    position: valued ? "value" : "key",
    typed,
    ...(quote !== undefined ? { quote } : {}),
  };
}
