/**
 * Compiling simple `pattern`s to plain character-code matchers, so the common anchored formats
 * (`^[A-Z]{3}-[0-9]{4}$`, `^ord_[a-z0-9]{8}$`) need no regex engine at all. A pattern qualifies
 * when it is `^`, a sequence of atoms (a literal, `\d`, `\w`, or a non-negated class of those
 * and ranges, all below U+D800) each with an optional greedy quantifier, then `$`; and every
 * variable-length atom is disjoint from each atom that could follow it up to the next mandatory
 * one. Then one greedy left-to-right scan decides the match (an atom never has to give a
 * character back), in linear time: runtime `simpleMatcher` runs that scan. Any other pattern
 * returns undefined and runs on re2js.
 */
import { jsString } from "../code.js";

/** Inclusive UTF-16 code unit ranges. */
type Ranges = readonly (readonly [number, number])[];

interface Atom {
  readonly ranges: Ranges;
  readonly min: number;
  readonly max: number; // Infinity for no bound
}

const DIGIT: Ranges = [[48, 57]];
const WORD: Ranges = [
  [48, 57],
  [65, 90],
  [95, 95],
  [97, 122],
];
/** Characters that may be escaped to stand for themselves (in and out of classes). */
const SYNTAX = new Set("\\^$.|?*+()[]{}/-");
/** RE2 repeat counts are at most 1000. */
const MAX_REPEAT = 1000;

function literal(ch: string): Ranges | undefined {
  const c = ch.charCodeAt(0);
  return c < 0xd800 ? [[c, c]] : undefined;
}

/** Parse the atoms of a simple pattern, or undefined. */
export function simplePattern(p: string): Atom[] | undefined {
  if (p.length < 2 || p[0] !== "^" || p[p.length - 1] !== "$") return undefined;
  const atoms: Atom[] = [];
  let i = 1;
  const end = p.length - 1;
  // An escaped '$' at the end is a literal, not the anchor.
  let bs = 0;
  for (let k = end - 1; k >= 0 && p[k] === "\\"; k--) bs++;
  if (bs % 2 === 1) return undefined;
  while (i < end) {
    let ranges: Ranges | undefined;
    const ch = p[i];
    if (ch === "\\") {
      const e = p[i + 1];
      if (e === "d") ranges = DIGIT;
      else if (e === "w") ranges = WORD;
      else if (e !== undefined && SYNTAX.has(e)) ranges = literal(e);
      i += 2;
    } else if (ch === "[") {
      const r = parseClass(p, i + 1, end);
      if (r === undefined) return undefined;
      ranges = r.ranges;
      i = r.next;
    } else if ("^$.|?*+(){}]".includes(ch)) {
      return undefined;
    } else {
      ranges = literal(ch);
      i += 1;
    }
    if (ranges === undefined) return undefined;
    let min = 1;
    let max = 1;
    const q = p[i];
    if (q === "?" || q === "*" || q === "+") {
      [min, max] = q === "?" ? [0, 1] : q === "*" ? [0, Infinity] : [1, Infinity];
      i += 1;
    } else if (q === "{") {
      const m = /^\{(\d{1,4})(,(\d{0,4}))?\}/.exec(p.slice(i, end));
      if (m === null) return undefined;
      min = Number(m[1]);
      max = m[2] === undefined ? min : m[3] === "" ? Infinity : Number(m[3]);
      if (min > max || min > MAX_REPEAT || (max !== Infinity && max > MAX_REPEAT)) return undefined;
      i += m[0].length;
    }
    // Lazy, possessive or stacked quantifiers.
    if (i < end && "?*+{".includes(p[i])) return undefined;
    atoms.push({ ranges, min, max });
  }
  if (i !== end) return undefined;
  // Greedy is exact only if no character a variable atom could take could also start what follows.
  for (let k = 0; k < atoms.length; k++) {
    if (atoms[k].min === atoms[k].max) continue;
    for (let j = k + 1; j < atoms.length; j++) {
      if (overlaps(atoms[k].ranges, atoms[j].ranges)) return undefined;
      if (atoms[j].min > 0) break;
    }
  }
  return atoms;
}

function parseClass(
  p: string,
  i: number,
  end: number,
): { ranges: Ranges; next: number } | undefined {
  if (p[i] === "^" || p[i] === "]") return undefined;
  const out: [number, number][] = [];
  // Items: single characters (a number) or class escapes (ranges, which cannot end a range).
  const items: (number | Ranges)[] = [];
  while (i < end && p[i] !== "]") {
    const ch = p[i];
    if (ch === "[") return undefined;
    if (ch === "\\") {
      const e = p[i + 1];
      if (e === "d") items.push(DIGIT);
      else if (e === "w") items.push(WORD);
      else if (e !== undefined && SYNTAX.has(e)) items.push(e.charCodeAt(0));
      else return undefined;
      i += 2;
    } else {
      if (ch.charCodeAt(0) >= 0xd800) return undefined;
      items.push(ch === "-" ? -1 : ch.charCodeAt(0));
      i += 1;
    }
  }
  if (p[i] !== "]") return undefined;
  // -1 is an unescaped '-': a literal first or last, else the range between its neighbours.
  for (let k = 0; k < items.length; k++) {
    const it = items[k];
    if (it === -1) {
      if (k === 0 || k === items.length - 1) out.push([45, 45]);
      else return undefined;
    } else if (typeof it !== "number") out.push(...it.map(([a, b]) => [a, b] as [number, number]));
    else if (items[k + 1] === -1 && k + 2 < items.length) {
      const hi = items[k + 2];
      if (typeof hi !== "number" || hi === -1 || hi < it) return undefined;
      if (items[k + 3] === -1 && k + 3 < items.length - 1) return undefined;
      out.push([it, hi]);
      k += 2;
    } else out.push([it, it]);
  }
  if (out.length === 0) return undefined;
  return { ranges: normalize(out), next: i + 1 };
}

function normalize(rs: [number, number][]): Ranges {
  const sorted = [...rs].sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  for (const [a, b] of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && a <= last[1] + 1) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

function overlaps(a: Ranges, b: Ranges): boolean {
  return a.some(([x, y]) => b.some(([u, v]) => x <= v && u <= y));
}

/**
 * A JS expression for a matcher of `p` like `re2RegExp(p, "u")` (runtime `simpleMatcher`, as
 * `$simple`, on the atoms of a simple pattern); undefined when `p` is not simple.
 */
export function patternMatcher(p: string): string | undefined {
  const atoms = simplePattern(p);
  if (atoms === undefined) return undefined;
  const program = atoms.map((a) => [
    a.min,
    a.max === Infinity ? -1 : a.max,
    ...a.ranges.flatMap(([lo, hi]) => [lo, hi]),
  ]);
  return `$simple(${jsString(p)}, ${JSON.stringify(program)})`;
}
