/**
 * The differential oracle: for a changed type, values generated from the old contract are
 * validated by the new one (inputs) and values of the new one by the old (outputs); for a
 * changed guard or invariant, both predicates are evaluated over generated (entity, payload)
 * pairs. A counterexample (shrunk by fast-check, fixed seed) is attached to the finding and
 * refines `guard-changed` / `invariant-changed` into strengthened / weakened.
 */
import fc from "fast-check";
import type { Expr, Program, TypeExpr } from "../ir/types.js";
import { arbitraryOf, conforms, recordArb } from "./arb.js";
import { compilePredicate, type Evaluator } from "./eval.js";
import { classify } from "./rules.js";
import type { Change, Counterexample, Finding, OracleProbe } from "./types.js";

/** Oracle settings (fixed seed: results are deterministic). */
export interface OracleOptions {
  /** @default 20240601 */
  readonly seed?: number;
  /** @default 400 */
  readonly numRuns?: number;
}

const NARROWING = new Set(["type-narrowed", "constraint-strengthened", "enum-value-removed"]);
const WIDENING = new Set(["type-widened", "constraint-relaxed", "enum-value-added"]);
const TYPE_RULES = new Set([
  "type-narrowed",
  "type-widened",
  "type-changed",
  "constraint-strengthened",
  "constraint-relaxed",
  "constraint-changed",
  "enum-value-removed",
  "enum-value-added",
]);

/** Classify every change, running the oracle where the change carries a probe. */
export function judge(
  before: Program,
  after: Program,
  changes: readonly Change[],
  options: OracleOptions = {},
): Finding[] {
  const seed = options.seed ?? 20240601;
  const numRuns = options.numRuns ?? 400;
  return changes.map((c) => {
    if (c.probe === undefined) return classify(c);
    if (c.probe.kind === "type") {
      if (!TYPE_RULES.has(c.rule)) return classify(c);
      return classify(c, typeCounterexample(before, after, c, c.probe, seed, numRuns));
    }
    return predicateFinding(before, c, c.probe, seed, numRuns);
  });
}

function search<T>(
  arb: fc.Arbitrary<T>,
  bad: (v: T) => boolean,
  seed: number,
  numRuns: number,
): T | undefined {
  const r = fc.check(
    fc.property(arb, (v) => {
      try {
        return !bad(v);
      } catch {
        return true;
      }
    }),
    { seed, numRuns, endOnFailure: false },
  );
  return r.failed && r.counterexample ? r.counterexample[0] : undefined;
}

function typeCounterexample(
  before: Program,
  after: Program,
  c: Change,
  probe: Extract<OracleProbe, { kind: "type" }>,
  seed: number,
  numRuns: number,
): Counterexample | undefined {
  const narrows = NARROWING.has(c.rule);
  const widens = WIDENING.has(c.rule);
  if (c.direction !== "output" && !widens) {
    const v = search(
      arbitraryOf(before, probe.before),
      (x) => conforms(before, probe.before, x) && !conforms(after, probe.after, x),
      seed,
      numRuns,
    );
    if (v !== undefined) return { kind: "old-accepts-new-rejects", value: v };
  }
  if (c.direction !== "input" && !narrows) {
    const v = search(
      arbitraryOf(after, probe.after),
      (x) => conforms(after, probe.after, x) && !conforms(before, probe.before, x),
      seed,
      numRuns,
    );
    if (v !== undefined) return { kind: "new-accepts-old-rejects", value: v };
  }
  return undefined;
}

function literals(e: Expr | undefined): number[] {
  return e === undefined
    ? []
    : [...e.source.matchAll(/(?<![\w.])\d+(?:\.\d+)?/g)].map((m) => Number(m[0]));
}

type Pred = (sample: Sample) => boolean;
interface Sample {
  readonly entity: Record<string, unknown>;
  readonly event?: Record<string, unknown>;
  readonly prev?: Record<string, unknown>;
}

function predicate(expr: Expr | undefined, when: Expr | undefined): Pred | undefined {
  const holds: Evaluator | undefined =
    expr === undefined ? () => true : compilePredicate(expr.source);
  const cond: Evaluator | undefined =
    when === undefined ? () => true : compilePredicate(when.source);
  if (holds === undefined || cond === undefined) return undefined;
  return (s) => !cond(s.entity, s.event, s.prev) || holds(s.entity, s.event, s.prev) === true;
}

function predicateFinding(
  before: Program,
  c: Change,
  probe: Extract<OracleProbe, { kind: "predicate" }>,
  seed: number,
  numRuns: number,
): Finding {
  const oldP = predicate(probe.before, probe.beforeWhen);
  const newP = predicate(probe.after, probe.afterWhen);
  const dom = before.domains.find((d) => d.name === probe.entity.domain);
  const entity = dom?.entities.find((e) => e.name === probe.entity.name);
  if (oldP === undefined || newP === undefined || entity === undefined) return classify(c);
  const hints = [
    ...literals(probe.before),
    ...literals(probe.after),
    ...literals(probe.beforeWhen),
    ...literals(probe.afterWhen),
  ];
  const entityArb = recordArb(before, entity.fields, hints);
  const ev =
    probe.event &&
    before.domains
      .find((d) => d.name === probe.event!.domain)
      ?.events.find((e) => e.name === probe.event!.name);
  const eventArb = ev ? recordArb(before, ev.fields, hints) : fc.constant(undefined);
  const step =
    probe.role === "invariant" && /\bprev\b/.test(`${probe.before?.source} ${probe.after?.source}`);
  const arb: fc.Arbitrary<Sample> = fc.record({
    entity: entityArb,
    event: eventArb,
    prev: step ? entityArb : fc.constant(undefined),
  }) as fc.Arbitrary<Sample>;
  // A counterexample is a valid entity (and payload): generated values that leave their types
  // (a bounded generator, a rounded multipleOf) are never reported.
  const entityType: TypeExpr = { kind: "object", fields: entity.fields };
  const eventType: TypeExpr | undefined = ev ? { kind: "object", fields: ev.fields } : undefined;
  const valid = (s: Sample) =>
    conforms(before, entityType, s.entity) &&
    (eventType === undefined || conforms(before, eventType, s.event)) &&
    (s.prev === undefined || conforms(before, entityType, s.prev));
  const narrowing = search(arb, (s) => valid(s) && oldP(s) && !newP(s), seed, numRuns);
  const widening = search(arb, (s) => valid(s) && newP(s) && !oldP(s), seed, numRuns);
  const role = probe.role;
  const cx = (s: Sample | undefined, kind: Counterexample["kind"]): Counterexample | undefined =>
    s === undefined
      ? undefined
      : role === "guard"
        ? { kind, value: s.event ?? {}, entity: s.entity }
        : { kind, value: s.entity, ...(s.prev ? { entity: s.prev } : {}) };
  let rule = c.rule;
  let example: Counterexample | undefined;
  if (narrowing !== undefined && widening === undefined) {
    if (c.rule !== "guard-added") rule = `${role}-strengthened`;
    example = cx(narrowing, "old-accepts-new-rejects");
  } else if (widening !== undefined && narrowing === undefined) {
    if (c.rule !== "guard-removed") rule = `${role}-weakened`;
    example = role === "invariant" ? cx(widening, "new-accepts-old-rejects") : undefined;
  } else if (narrowing !== undefined) {
    example = cx(narrowing, "old-accepts-new-rejects");
  }
  return classify({ ...c, rule }, example);
}
