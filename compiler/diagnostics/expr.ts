/** IC4xxx: expressions (guards, effects, invariants). */
import { msg, type DiagnosticDef } from "../diagnostic.js";

const SUBSET_HINT =
  "Expressions are a pure subset of TypeScript: fields, event.x, prev.x, literals, arithmetic, comparison, " +
  "&& || !, ?:, array literals, .length, the array helpers every, some, includes, filter, map, reduce, find, " +
  "findIndex, Math.min, max, abs, floor, ceil, round, object literals, m[key], and every, some, count, sum over maps and sets.";

export const exprDiagnostics = {
  "expr-syntax": {
    code: "IC4001",
    severity: "error",
    message: msg`Expression syntax error: ${"detail"}`,
  },
  "expr-not-allowed": {
    code: "IC4002",
    severity: "error",
    message: msg`${"what"} is not allowed in an expression.`,
    hint: SUBSET_HINT,
  },
  "expr-inexact-number": {
    code: "IC4020",
    severity: "error",
    message: msg`The number '${"text"}' cannot be represented exactly: ${"why"}.`,
    hint: "Integers must lie within ±9007199254740991 and decimals have at most 15 significant digits.",
  },
  "expr-unknown-name": {
    code: "IC4003",
    severity: "error",
    message: msg`Unknown name '${"name"}' in expression.`,
    hint: "Expressions see the entity's fields by name, `event.<field>` in guards and effects, and `prev.<field>` in invariants.",
  },
  "expr-reserved-property": {
    code: "IC4004",
    severity: "error",
    message: msg`Property '${"name"}' is not allowed in an expression.`,
    hint: "`constructor`, `prototype`, `__proto__` and other `__` names reach outside the data; expressions only read record fields.",
  },
  "expr-call-not-allowed": {
    code: "IC4005",
    severity: "error",
    message: msg`Calling '${"name"}' is not allowed in an expression.`,
    hint: "Only the array helpers every, some, includes, filter, map, reduce, find, findIndex and Math.min, max, abs, floor, ceil, round may be called.",
  },
  "expr-too-long": {
    code: "IC4006",
    severity: "error",
    message: msg`Expression is ${"length"} characters long; the limit is ${"limit"}.`,
    hint: "Split the rule into several invariants or guards.",
  },
  "expr-too-deep": {
    code: "IC4007",
    severity: "error",
    message: msg`Expression nests deeper than ${"limit"} levels.`,
    hint: "Split the rule into several invariants or guards.",
  },
  "expr-type-error": {
    code: "IC4008",
    severity: "error",
    message: msg`${"detail"}`,
  },
  "expr-wrong-type": {
    code: "IC4009",
    severity: "error",
    message: msg`The ${"role"} has the wrong type: ${"detail"}`,
  },
  "indexed-set-not-map": {
    code: "IC4030",
    severity: "error",
    message: msg`'${"field"}[…]' sets one entry, but '${"field"}' is not a map or a set.`,
    hint: "Only map and set fields (`{ type: map, keys: K, values: V }`, `{ type: set, items: K }`) have entries; set the whole field instead.",
  },
  "indexed-set-conflict": {
    code: "IC4031",
    severity: "error",
    message: msg`'${"field"}' is set whole and by entry in the same transition.`,
    hint: 'Set the whole map (an object literal) or its entries (`"field[key]": value`), not both.',
  },
  "member-set-not-record": {
    code: "IC4033",
    severity: "error",
    message: msg`'${"target"}' sets a field, but '${"part"}' is not a record.`,
    hint: "Only records (inline `fields:`, a named object type, an entity) have fields; set the value whole instead.",
  },
  "member-set-unknown": {
    code: "IC4034",
    severity: "error",
    message: msg`'${"part"}' has no field '${"name"}'.`,
  },
  "set-through-optional": {
    code: "IC4035",
    severity: "error",
    message: msg`'${"target"}' sets a part of '${"part"}', which is optional and may be absent.`,
    hint: "Set the optional value whole (a record literal), or make it required.",
  },
  "set-target-overlap": {
    code: "IC4036",
    severity: "error",
    message: msg`'${"part"}' lies inside '${"whole"}', which is set in the same transition.`,
    hint: "Every effect reads the state before the step, so the two would disagree: set the larger value (a record literal) or its parts, not both.",
  },
  "expr-helper-arguments": {
    code: "IC4010",
    severity: "error",
    message: msg`'${"name"}' takes ${"expected"} in an expression.`,
    hint: SUBSET_HINT,
  },
  "expr-reference-equality": {
    code: "IC4032",
    severity: "error",
    message: msg`'${"op"}' compares '${"left"}' and '${"right"}' by reference: two equal maps, sets, records or arrays would never be equal.`,
    hint: "Compare the entries (`every(a, (v, k) => v == b[k])`) or the fields (`a.x == b.x && a.y == b.y`) instead.",
  },
} as const satisfies Record<string, DiagnosticDef>;
