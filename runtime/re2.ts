/**
 * A linear-time RegExp adapter over re2js for ajv's `code.regExp` option: user patterns never
 * run on a backtracking engine, so `^(a+)+$` cannot hang a validator (SECURITY S01).
 */
import { RE2JS } from "re2js";

/** The part of RegExp that ajv's generated code uses. */
export interface RegExpLike {
  test(input: string): boolean;
  toString(): string;
}

const cache = new Map<string, RegExpLike>();

/**
 * Compile `pattern` (RE2 syntax) to a linear-time matcher with RegExp-like `test` (unanchored
 * search, as JSON Schema `pattern` requires). Throws on syntax RE2 does not support.
 * @example re2RegExp("^(a+)+$", "u").test("a".repeat(100_000)) // fast
 */
export function re2RegExp(pattern: string, flags = ""): RegExpLike {
  const key = `${flags}/${pattern}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  let reFlags = 0;
  if (flags.includes("i")) reFlags |= RE2JS.CASE_INSENSITIVE;
  if (flags.includes("s")) reFlags |= RE2JS.DOTALL;
  if (flags.includes("m")) reFlags |= RE2JS.MULTILINE;
  const re = RE2JS.compile(pattern, reFlags);
  const rx: RegExpLike = {
    test: (input: string) => re.test(input),
    toString: () => `/${pattern}/${flags}`,
  };
  if (cache.size >= 1024) cache.clear();
  cache.set(key, rx);
  return rx;
}

/** Why a pattern cannot run on the linear-time engine, or undefined when it can. */
export function re2Unsupported(pattern: string): string | undefined {
  try {
    RE2JS.compile(pattern);
    return undefined;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

/**
 * A matcher for a simple pattern, compiled at build time (compiler/emit/contracts/patterns.ts) to
 * `atoms`: per atom `[min, max, lo1, hi1, lo2, hi2, …]` (`max` -1 for no bound; inclusive UTF-16
 * code unit ranges, all below U+D800). The pattern is `^`, the atoms in order, `$`, and no
 * character a variable-length atom may take can start what follows it, so one greedy
 * left-to-right scan decides the match in linear time, exactly like {@link re2RegExp}. One
 * engine for every such pattern: compiled once by the JIT, called (not copied) by each check.
 * @example simpleMatcher("^[a-z]{2}$", [[2, 2, 97, 122]]).test("ab") // true
 */
export function simpleMatcher(pattern: string, atoms: readonly (readonly number[])[]): RegExpLike {
  const n = atoms.length;
  const min = new Int32Array(n);
  const max = new Int32Array(n);
  // ASCII membership per atom (bit c of row k), and every atom's ranges for the rest.
  const ascii = new Uint8Array(n * 128);
  const ranges: Int32Array[] = [];
  let minLength = 0;
  let maxLength = 0;
  for (let k = 0; k < n; k++) {
    const a = atoms[k];
    min[k] = a[0];
    max[k] = a[1] < 0 ? 0x7fffffff : a[1];
    minLength += a[0];
    maxLength = a[1] < 0 || maxLength < 0 ? -1 : maxLength + a[1];
    const r = Int32Array.from(a.slice(2));
    ranges.push(r);
    for (let j = 0; j < r.length; j += 2) {
      for (let c = r[j]; c <= r[j + 1] && c < 128; c++) ascii[k * 128 + c] = 1;
    }
  }
  // All atoms of fixed length: the atom of each position, for a scan without atom bookkeeping.
  let fixed: Int32Array | null = null;
  if (maxLength === minLength) {
    fixed = new Int32Array(minLength);
    for (let k = 0, at = 0; k < n; k++) for (let m = 0; m < min[k]; m++) fixed[at++] = k;
  }
  const program: SimpleProgram = { n, min, max, ascii, ranges, minLength, maxLength, fixed };
  return { test: (input: string) => matchSimple(program, input), toString: () => `/${pattern}/u` };
}

interface SimpleProgram {
  readonly n: number;
  readonly min: Int32Array;
  readonly max: Int32Array;
  readonly ascii: Uint8Array;
  readonly ranges: readonly Int32Array[];
  readonly minLength: number;
  /** -1 for no bound. */
  readonly maxLength: number;
  /** With atoms of fixed length only: the atom of each position. */
  readonly fixed: Int32Array | null;
}

/**
 * The greedy scan of {@link simpleMatcher}: ASCII through the atom's row, other code units
 * through its ranges; patterns of fixed length and of one atom without atom bookkeeping. One
 * function for all shapes, too large for V8 to inline (460 bytes of bytecode), so each check
 * calls it rather than compiling a copy (measured in bench/RESULTS.md, "Validators").
 */
function matchSimple(p: SimpleProgram, s: string): boolean {
  const length = s.length;
  if (length < p.minLength || (p.maxLength >= 0 && length > p.maxLength)) return false;
  const ascii = p.ascii;
  const fixed = p.fixed;
  if (fixed !== null) {
    for (let i = 0; i < length; i++) {
      const c = s.charCodeAt(i);
      const k = fixed[i];
      if (c < 128) {
        if (ascii[(k << 7) | c] !== 1) return false;
      } else {
        const r = p.ranges[k];
        let hit = false;
        for (let j = 0; j < r.length && !hit; j += 2) hit = c >= r[j] && c <= r[j + 1];
        if (!hit) return false;
      }
    }
    return true;
  }
  if (p.n === 1) {
    // One atom (`^[a-z0-9-]+$`): every code unit in its class.
    const r = p.ranges[0];
    for (let i = 0; i < length; i++) {
      const c = s.charCodeAt(i);
      if (c < 128) {
        if (ascii[c] !== 1) return false;
      } else {
        let hit = false;
        for (let j = 0; j < r.length && !hit; j += 2) hit = c >= r[j] && c <= r[j + 1];
        if (!hit) return false;
      }
    }
    return true;
  }
  let i = 0;
  for (let k = 0; k < p.n; k++) {
    const start = i;
    const room = length - i;
    const end = p.max[k] < room ? i + p.max[k] : length;
    const r = p.ranges[k];
    while (i < end) {
      const c = s.charCodeAt(i);
      if (c < 128) {
        if (ascii[(k << 7) | c] !== 1) break;
      } else {
        let hit = false;
        for (let j = 0; j < r.length && !hit; j += 2) hit = c >= r[j] && c <= r[j + 1];
        if (!hit) break;
      }
      i++;
    }
    if (i - start < p.min[k]) return false;
  }
  return i === length;
}
