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
