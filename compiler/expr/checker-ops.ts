/** The checker's binary operators (checker.ts): arithmetic, comparison, equality, logic, with TypeScript's errors. */
import { closestName } from "../shared/suggest.js";
import type { ExprNode } from "./ast.js";
import {
  comparable,
  equalityComparable,
  falsyPart,
  numberLike,
  reduceSubtypes,
  stringLike,
  truthiness,
  truthyPart,
} from "./relations.js";
import {
  ANY,
  BOOLEAN,
  NEVER,
  NUMBER,
  STRING,
  members,
  nonNullable,
  show,
  union,
  widen,
  type Ty,
} from "./types.js";
import { CallChecker } from "./checker-calls.js";
import type { Scope } from "./checker-base.js";

/** Whether a value of type `t` may be an object (a map, set, record or array), compared by reference. */
function mayBeObject(t: Ty): boolean {
  return members(t).some((m) => m.k === "object" || m.k === "array");
}

/** A string literal `lit` close to one of the string literals of `other` (a misspelt state or enum value). */
function closeLiteral(lit: Ty, other: Ty): string | undefined {
  if (lit.k !== "lit" || typeof lit.value !== "string") return undefined;
  const values = members(other).flatMap((m) =>
    m.k === "lit" && typeof m.value === "string" ? [m.value] : [],
  );
  return closestName(lit.value, values);
}
/** The checker's binary operators. */
export abstract class OperatorChecker extends CallChecker {
  protected binary(n: Extract<ExprNode, { kind: "binary" }>, scope: Scope): Ty {
    const op = n.op === "==" ? "===" : n.op === "!=" ? "!==" : n.op;
    if (op === "&&" || op === "||") {
      const l = this.check(n.left, scope);
      this.testedForTruthiness(n.left);
      const r = this.under(this.narrow(n.left, op === "&&", scope), () =>
        this.check(n.right, scope),
      );
      const facts = truthiness(l);
      if (op === "&&")
        return facts === "falsy" || facts === "both"
          ? facts === "falsy"
            ? l
            : union([falsyPart(l), r])
          : r;
      return facts === "truthy" ? l : reduceSubtypes(union([nonNullable(truthyPart(l)), r]));
    }
    let l = this.check(n.left, scope);
    let r = this.check(n.right, scope);
    const reportOperator = (a: Ty, b: Ty) =>
      this.error(n, `Operator '${op}' cannot be applied to types '${show(a)}' and '${show(b)}'.`);
    switch (op) {
      case "===":
      case "!==": {
        if (
          (n.left.kind === "array" && n.left.paren === undefined) ||
          (n.right.kind === "array" && n.right.paren === undefined)
        ) {
          this.error(
            n,
            `This condition will always return '${op === "===" ? "false" : "true"}' since JavaScript compares objects by reference, not value.`,
          );
        } else if (mayBeObject(l) && mayBeObject(r)) {
          // Two maps, sets, records or arrays: JavaScript compares references, so two equal values
          // would never be equal (in the explorer as in generated code). Refused (TypeScript accepts it).
          this.findings.push({
            start: n.start,
            end: n.end,
            detail: "",
            refusal: { op: n.op, left: show(widen(l)), right: show(widen(r)) },
          });
        }
        if (!(equalityComparable(l, r) || equalityComparable(r, l))) {
          const [a, b] = comparable(widen(l), widen(r)) ? [l, r] : [widen(l), widen(r)];
          this.error(
            n,
            `This comparison appears to be unintentional because the types '${show(a)}' and '${show(b)}' have no overlap.`,
          );
          const near = closeLiteral(l, r) ?? closeLiteral(r, l);
          if (near !== undefined)
            this.findings[this.findings.length - 1] = {
              ...this.findings[this.findings.length - 1],
              hint: `Did you mean '${near}'?`,
            };
        }
        return BOOLEAN;
      }
      case "<":
      case "<=":
      case ">":
      case ">=": {
        l = widen(this.nonNull(l, n.left));
        r = widen(this.nonNull(r, n.right));
        const ln = numberLike(l);
        const rn = numberLike(r);
        if (l.k !== "never" && r.k !== "never" && !((ln && rn) || (!ln && !rn && comparable(l, r))))
          reportOperator(l, r);
        return BOOLEAN;
      }
      case "+": {
        if (!stringLike(l) && !stringLike(r)) {
          l = this.nonNull(l, n.left);
          r = this.nonNull(r, n.right);
        }
        if (l.k === "any" || r.k === "any") return stringLike(l) || stringLike(r) ? STRING : ANY;
        if (l.k === "never" || r.k === "never") return NEVER;
        if (numberLike(l) && numberLike(r)) return NUMBER;
        if (stringLike(l) || stringLike(r)) return STRING;
        reportOperator(l, r);
        return ANY;
      }
      default: {
        // - * / %
        l = this.nonNull(l, n.left);
        r = this.nonNull(r, n.right);
        if (!numberLike(l) && l.k !== "never")
          this.errorOn(
            n.left,
            "The left-hand side of an arithmetic operation must be of type 'any', 'number', 'bigint' or an enum type.",
          );
        if (!numberLike(r) && r.k !== "never")
          this.errorOn(
            n.right,
            "The right-hand side of an arithmetic operation must be of type 'any', 'number', 'bigint' or an enum type.",
          );
        return NUMBER;
      }
    }
  }
}
