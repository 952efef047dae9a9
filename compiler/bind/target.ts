/**
 * The keys of `set:` as assignment targets: a field (`paid`), and steps into its value — an
 * entry of a map or set (`rmState[event.rm]`) or a field of a record (`.balance`), in any order
 * and depth (`accounts[event.id].balance`, `m[k].inner.x`). Keys are expressions of their own,
 * located inside the YAML key.
 */

/** A target split into its field and steps; an entry's key is `source.slice(start, end)`. */
export interface ParsedTarget {
  readonly field: string;
  readonly steps: readonly (
    | { readonly kind: "entry"; readonly start: number; readonly end: number }
    | { readonly kind: "member"; readonly name: string }
  )[];
}

const NAME = /[A-Za-z][A-Za-z0-9_]*/y;

/**
 * Split a `set:` key into field and steps, or undefined when it is not a target (the whole key
 * then names a field, which is reported as unknown). Brackets inside a key nest and string
 * literals in a key may hold brackets; a key is never empty and never spans lines.
 * @example parseTarget("accounts[event.id].balance")
 * // { field: "accounts", steps: [{ kind: "entry", start: 9, end: 17 }, { kind: "member", name: "balance" }] }
 */
export function parseTarget(text: string): ParsedTarget | undefined {
  const name = (at: number): string | undefined => {
    NAME.lastIndex = at;
    return NAME.exec(text)?.[0];
  };
  const field = name(0);
  if (field === undefined) return undefined;
  const steps: ParsedTarget["steps"][number][] = [];
  let i = field.length;
  while (i < text.length) {
    if (text[i] === ".") {
      const member = name(i + 1);
      if (member === undefined) return undefined;
      steps.push({ kind: "member", name: member });
      i += 1 + member.length;
    } else if (text[i] === "[") {
      const end = closingBracket(text, i);
      if (end === undefined || end === i + 1) return undefined;
      steps.push({ kind: "entry", start: i + 1, end });
      i = end + 1;
    } else return undefined;
  }
  return { field, steps };
}

/** The index of the `]` closing the `[` at `open`, or undefined. */
function closingBracket(text: string, open: number): number | undefined {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === "\n") return undefined;
    if (c === "'" || c === '"' || c === "`") {
      // Skip the string literal (a backslash escapes the next character).
      for (i++; i < text.length && text[i] !== c; i++) if (text[i] === "\\") i++;
      if (i >= text.length) return undefined;
    } else if (c === "[") depth++;
    else if (c === "]" && --depth === 0) return i;
  }
  return undefined;
}
