/**
 * Linear normal form of an expression: a constant plus a sum of atoms with rational
 * coefficients, over EXACT arithmetic (coefficients are BigInt fractions).
 *
 * - Handled: safe-integer number literals; `+` and `-` (binary and unary); `*` when one side
 *   normalises to a constant; `/` when the divisor normalises to a non-zero constant.
 * - Everything else (a field read, a product of two non-constant sides, `%`, a conditional, a
 *   call, a non-integer literal…) is an opaque atom, identified by its canonical text
 *   (rewrite.ts): two atoms are the same only when their trees are the same.
 *
 * So `isZeroLinear(linearize(e))` means `e` is 0 for every value of its atoms in exact
 * arithmetic; JavaScript numbers agree when every value and intermediate is a safe integer.
 */
import type { ExprNode } from "./ast.js";
import { printCanonical } from "./rewrite.js";

/** An exact fraction `n / d`, reduced, `d > 0`. */
export interface Rational {
  readonly n: bigint;
  readonly d: bigint;
}

/** `constant + Σ coefficient × atom`; atoms with a zero coefficient are absent. */
export interface Linear {
  readonly constant: Rational;
  /** Atom text (canonical) → coefficient. */
  readonly terms: ReadonlyMap<string, Rational>;
}

const ZERO: Rational = { n: 0n, d: 1n };
const ONE: Rational = { n: 1n, d: 1n };

function gcd(a: bigint, b: bigint): bigint {
  a = a < 0n ? -a : a;
  b = b < 0n ? -b : b;
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

function rat(n: bigint, d: bigint): Rational {
  if (d < 0n) [n, d] = [-n, -d];
  const g = gcd(n, d);
  return g <= 1n ? { n, d } : { n: n / g, d: d / g };
}

const radd = (a: Rational, b: Rational) => rat(a.n * b.d + b.n * a.d, a.d * b.d);
const rmul = (a: Rational, b: Rational) => rat(a.n * b.n, a.d * b.d);

/** The text of a fraction: `3`, `-1/2`. */
export function printRational(r: Rational): string {
  return r.d === 1n ? String(r.n) : `${r.n}/${r.d}`;
}

/** `a + k × b`. */
export function combine(a: Linear, b: Linear, k: Rational = ONE): Linear {
  const terms = new Map(a.terms);
  for (const [atom, c] of b.terms) {
    const v = radd(terms.get(atom) ?? ZERO, rmul(k, c));
    if (v.n === 0n) terms.delete(atom);
    else terms.set(atom, v);
  }
  return { constant: radd(a.constant, rmul(k, b.constant)), terms };
}

const constantOf = (r: Rational): Linear => ({ constant: r, terms: new Map() });
const atomOf = (node: ExprNode): Linear => ({
  constant: ZERO,
  terms: new Map([[printCanonical(node), ONE]]),
});
const scale = (a: Linear, k: Rational): Linear => combine(constantOf(ZERO), a, k);

/** The linear normal form of `node` (see the module comment). */
export function linearize(node: ExprNode): Linear {
  switch (node.kind) {
    case "number":
      return Number.isSafeInteger(node.value) && !Object.is(node.value, -0)
        ? constantOf({ n: BigInt(node.value), d: 1n })
        : atomOf(node);
    case "unary":
      if (node.op === "-") return scale(linearize(node.operand), { n: -1n, d: 1n });
      if (node.op === "+") return linearize(node.operand);
      return atomOf(node);
    case "binary": {
      if (node.op === "+" || node.op === "-")
        return combine(
          linearize(node.left),
          linearize(node.right),
          node.op === "+" ? ONE : { n: -1n, d: 1n },
        );
      if (node.op === "*" || node.op === "/") {
        const l = linearize(node.left);
        const r = linearize(node.right);
        if (node.op === "*" && r.terms.size === 0) return scale(l, r.constant);
        if (node.op === "*" && l.terms.size === 0) return scale(r, l.constant);
        if (node.op === "/" && r.terms.size === 0 && r.constant.n !== 0n)
          return scale(l, rat(r.constant.d, r.constant.n));
      }
      return atomOf(node);
    }
    default:
      return atomOf(node);
  }
}

/** Whether `l` is 0 for every value of its atoms. */
export function isZeroLinear(l: Linear): boolean {
  return l.constant.n === 0n && l.terms.size === 0;
}

/** The text of a normal form, atoms in sorted order: `-1*payment.captured + 2`. */
export function printLinear(l: Linear): string {
  const parts = [...l.terms]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([atom, c]) =>
      c.n === 1n && c.d === 1n
        ? atom
        : c.n === -1n && c.d === 1n
          ? `-${atom}`
          : `${printRational(c)}*${atom}`,
    );
  if (l.constant.n !== 0n || parts.length === 0) parts.push(printRational(l.constant));
  return parts.join(" + ");
}
