/**
 * String arbitraries: lengths in code points, RE2 patterns generated through fast-check's
 * `stringMatching` (or a JavaScript translation), re-checked with the validator's RE2 engine.
 */
import * as fc from "fast-check";
import { re2RegExp } from "../../runtime/re2.js";
import type { Gen, Mutant } from "./gen.js";

/** Constraints of `string`. `pattern` is RE2 syntax (checked with re2js). */
export interface StringConstraints {
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly pattern?: string;
}

/** Length in code points, as JSON Schema counts it. */
function codePoints(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/**
 * One code point per unit: mostly printable ASCII, sometimes a character that trips naive code
 * (NUL, U+2028, a quote, an astral emoji that is two UTF-16 units). fast-check's `binary` unit
 * costs seconds to initialise, too slow for many small test files.
 */
const CODE_POINT: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), weight: 8 },
  {
    arbitrary: fc.constantFrom("\u0000", "\u2028", '"', "é", "\u{1F600}", "\u{10FFFF}"),
    weight: 1,
  },
);

function canGenerate(source: string): boolean {
  try {
    fc.sample(fc.stringMatching(new RegExp(source, "u")), { numRuns: 1, seed: 1 });
    return true;
  } catch {
    return false;
  }
}

const POSIX_CLASSES: Readonly<Record<string, string>> = {
  alpha: "A-Za-z",
  digit: "0-9",
  alnum: "A-Za-z0-9",
  upper: "A-Z",
  lower: "a-z",
  space: "\\s",
  xdigit: "0-9A-Fa-f",
  word: "\\w",
};

/**
 * A JavaScript RegExp source fast-check can generate from for an RE2 `pattern`: the pattern
 * itself, or a translation of common RE2-only syntax (`(?P<n>`, `\A`, `\z`, `[[:alpha:]]`);
 * undefined when neither works. Generated strings are always re-checked with RE2.
 */
export function jsPatternFor(pattern: string): string | undefined {
  if (canGenerate(pattern)) return pattern;
  const translated = pattern
    .replace(/\(\?P</g, "(?<")
    .replace(/\\A/g, "^")
    .replace(/\\z/g, "$")
    .replace(/\[:(\w+):\]/g, (m, name: string) => POSIX_CLASSES[name] ?? m);
  return translated !== pattern && canGenerate(translated) ? translated : undefined;
}

/** True when property tests can generate strings for `pattern` directly (no IC5004 fallback). */
export function patternGeneratable(pattern: string): boolean {
  return jsPatternFor(pattern) !== undefined;
}

/** A filter that gives up loudly instead of spinning forever on a predicate it cannot satisfy. */
function boundedFilter<T>(
  arb: fc.Arbitrary<T>,
  ok: (v: T) => boolean,
  what: string,
): fc.Arbitrary<T> {
  let misses = 0;
  return arb.filter((v) => {
    if (ok(v)) {
      misses = 0;
      return true;
    }
    if (++misses > 10_000) throw new Error(`Cannot generate values for ${what} (see IC5004).`);
    return false;
  });
}

/**
 * Strings within the length bounds (counted in code points), biased to the min and max
 * length. With a `pattern`, values come from fast-check's `stringMatching` (on the pattern or
 * its JS translation, {@link jsPatternFor}) and are kept only when the RE2 engine agrees (the
 * validator's engine) and the length fits. Fallback, when no JS form exists: random strings
 * filtered by RE2, giving up with an error after 10 000 misses in a row (the compiler warns,
 * IC5004).
 * @example string({ minLength: 1, maxLength: 64 })
 */
export function string(c: StringConstraints = {}): Gen<string> {
  const minLength = c.minLength ?? 0;
  const maxLength = c.maxLength;
  const lengthOk = (s: string): boolean => {
    const n = codePoints(s);
    return n >= minLength && (maxLength === undefined || n <= maxLength);
  };
  let arbitrary: fc.Arbitrary<string>;
  const rx = c.pattern !== undefined ? re2RegExp(c.pattern, "u") : undefined;
  if (c.pattern !== undefined && rx !== undefined) {
    const js = jsPatternFor(c.pattern);
    const source =
      js !== undefined
        ? fc.stringMatching(new RegExp(js, "u"))
        : fc.string({
            unit: CODE_POINT,
            minLength,
            ...(maxLength !== undefined ? { maxLength } : {}),
          });
    arbitrary = boundedFilter(
      source,
      (s) => rx.test(s) && lengthOk(s),
      `pattern ${JSON.stringify(c.pattern)}`,
    );
  } else {
    const ofLength = (n: number) => fc.string({ unit: CODE_POINT, minLength: n, maxLength: n });
    const general = fc.string({
      unit: CODE_POINT,
      minLength,
      ...(maxLength !== undefined ? { maxLength } : {}),
    });
    const edges = [ofLength(minLength), ...(maxLength !== undefined ? [ofLength(maxLength)] : [])];
    arbitrary = fc.oneof(...edges.map((arbitrary) => ({ arbitrary, weight: 1 })), {
      arbitrary: general,
      weight: 3,
    });
  }
  const mutants = (v: string): Mutant[] => {
    const out: Mutant[] = [
      { value: 42, code: "invalid_type", path: [], what: "number for string" },
    ];
    if (minLength > 0)
      out.push({
        value: "a".repeat(minLength - 1),
        code: "too_short",
        path: [],
        what: "minLength - 1",
      });
    if (maxLength !== undefined)
      out.push({
        value: "a".repeat(maxLength + 1),
        code: "too_long",
        path: [],
        what: "maxLength + 1",
      });
    if (rx !== undefined) {
      const miss = [`${v}\u0000!`, `!\u0000${v}`, "", "\u0000", `${v}${v}`].find(
        (s) => !rx.test(s),
      );
      if (miss !== undefined)
        out.push({ value: miss, code: "invalid_pattern", path: [], what: "pattern mismatch" });
    }
    return out;
  };
  return { arbitrary, mutants };
}
