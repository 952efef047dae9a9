/**
 * Which numbers intent can hold: every number is exact or refused. Integers must be safe
 * (±9007199254740991); decimals have at most 15 significant digits (so text → double → text is
 * exact); NaN and infinities are not numbers intent can use. Shared by the YAML loader (IC1012)
 * and the expression parser (IC4020).
 */

/** Most significant digits a decimal may have and still round-trip through a double exactly. */
export const MAX_DECIMAL_DIGITS = 15;

/** Why `value`, written as `literal`, is not exact — or undefined when it is. */
export function inexactNumber(value: number, literal: string): string | undefined {
  if (Number.isNaN(value)) return "NaN is not a number intent can use";
  if (!Number.isFinite(value)) return "it is infinite or overflows a double";
  if (Number.isInteger(value) && !Number.isSafeInteger(value))
    return "it is outside the safe integer range";
  if (!Number.isInteger(value)) {
    const digits = significantDigits(literal);
    if (digits > MAX_DECIMAL_DIGITS) return `it has ${digits} significant digits`;
  }
  return undefined;
}

/** Significant digits of a decimal literal as written (`0.00120` → 3, `1.5e3` → 2). */
function significantDigits(literal: string): number {
  const mantissa = literal.replace(/_/g, "").replace(/^[+-]/, "").split(/[eE]/)[0].replace(".", "");
  return mantissa.replace(/^0+/, "").replace(/0+$/, "").length;
}
