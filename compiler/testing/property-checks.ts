/**
 * Running properties (seed and path to replay a failure) and the checks generated contract tests
 * call: generated values validate, mutants are rejected with their issue, invariants evaluate.
 */
import * as fc from "fast-check";
import type { IssuePath } from "../../runtime/issues.js";
import type { Gen } from "./gen.js";

/** Options for {@link runProperty}. */
export interface RunPropertyOptions {
  /**
   * Runs per property (env `INTENTC_NUM_RUNS` overrides).
   * @default 50
   */
  readonly numRuns?: number;
}

/**
 * Run a property with fast-check. On failure the error names the seed and path; replay exactly
 * that run with env `INTENTC_SEED=<seed> INTENTC_PATH=<path>`.
 * @example runProperty(fc.property(arbMoney, (m) => validateMoney(m).ok));
 */
export function runProperty<Ts>(
  property: fc.IProperty<Ts>,
  options: RunPropertyOptions = {},
): void {
  const env = process.env;
  const params: fc.Parameters<Ts> = {
    numRuns:
      env.INTENTC_NUM_RUNS !== undefined ? Number(env.INTENTC_NUM_RUNS) : (options.numRuns ?? 50),
    ...(env.INTENTC_SEED !== undefined ? { seed: Number(env.INTENTC_SEED) } : {}),
    ...(env.INTENTC_PATH !== undefined ? { path: env.INTENTC_PATH } : {}),
  };
  const details = fc.check(property, params);
  if (!details.failed) return;
  const replay = `INTENTC_SEED=${details.seed}${details.counterexamplePath !== null ? ` INTENTC_PATH=${details.counterexamplePath}` : ""}`;
  const report = fc.defaultReportMessage(details) ?? "Property failed.";
  const cause =
    details.errorInstance instanceof Error
      ? details.errorInstance.message
      : String(details.errorInstance);
  throw new Error(`${report}\n${cause}\nReplay with: ${replay}`);
}

/** The part of a validator's Result the checks read. */
type CheckResult =
  | { readonly ok: true; readonly value: unknown }
  | {
      readonly ok: false;
      readonly issues: readonly { readonly code: string; readonly path: IssuePath }[];
    };

function show(v: unknown): string {
  return fc.stringify(v);
}

/**
 * Property: every generated value passes the validator, unchanged, also after a JSON round trip.
 * @example checkGeneratedValid(genMoney, validateMoney)
 */
export function checkGeneratedValid<T>(
  gen: Gen<T>,
  validate: (v: unknown) => CheckResult,
  options: RunPropertyOptions = {},
): void {
  runProperty(
    fc.property(gen.arbitrary, (value) => {
      const r = validate(value);
      if (!r.ok) throw new Error(`Generated value ${show(value)} was rejected: ${show(r.issues)}`);
      if (r.value !== value) throw new Error("The validator returned a different value.");
      const copy: unknown = JSON.parse(JSON.stringify(value ?? null));
      const r2 = validate(copy);
      if (!r2.ok) throw new Error(`JSON copy of ${show(value)} was rejected: ${show(r2.issues)}`);
      if (show(copy) !== show(value))
        throw new Error(`JSON round trip changed ${show(value)} into ${show(copy)}`);
    }),
    options,
  );
}

function samePath(a: IssuePath, b: IssuePath): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/**
 * Property: every mutant of a generated value fails the validator with its expected code at its
 * expected path.
 * @example checkMutantsRejected(genOrder, validateOrder)
 */
export function checkMutantsRejected<T>(
  gen: Gen<T>,
  validate: (v: unknown) => CheckResult,
  options: RunPropertyOptions = {},
): void {
  runProperty(
    fc.property(gen.arbitrary, (value) => {
      const mutants = gen.mutants(value);
      if (mutants.length === 0) throw new Error(`No mutants for ${show(value)}.`);
      for (const m of mutants) {
        const r = validate(m.value);
        if (r.ok) throw new Error(`Mutant (${m.what}) ${show(m.value)} was accepted.`);
        if (!r.issues.some((i) => i.code === m.code && samePath(i.path, m.path))) {
          throw new Error(
            `Mutant (${m.what}) ${show(m.value)}: expected ${m.code} at ${show(m.path)}, got ${show(r.issues)}`,
          );
        }
      }
    }),
    { numRuns: 25, ...options },
  );
}

/** The part of an invariant definition the checks read. */
interface InvariantLike<T> {
  readonly id: string;
  readonly step: boolean;
  check(prev: T | undefined, next: T): boolean;
}

/**
 * Property: on generated entities every invariant evaluates to a boolean without throwing, step
 * invariants hold without `prev`, and the entity checker reports exactly the invariants whose
 * predicate is false.
 * @example checkInvariantsEvaluate(arbOrder, invariantsOfOrder, checkOrderInvariants)
 */
export function checkInvariantsEvaluate<T>(
  arbitrary: fc.Arbitrary<T>,
  invariants: readonly InvariantLike<T>[],
  checkAll: (prev: T | undefined, next: T) => readonly { readonly id: string }[],
  options: RunPropertyOptions = {},
): void {
  runProperty(
    fc.property(fc.option(arbitrary, { nil: undefined }), arbitrary, (prev, next) => {
      const failing: string[] = [];
      for (const inv of invariants) {
        const holds: unknown = inv.check(prev, next);
        if (typeof holds !== "boolean")
          throw new Error(`${inv.id} returned ${show(holds)}, not a boolean.`);
        if (inv.step && prev === undefined && !holds)
          throw new Error(`Step invariant ${inv.id} failed without prev.`);
        if (!holds) failing.push(inv.id);
      }
      const reported = checkAll(prev, next).map((v) => v.id);
      if (show(reported) !== show(failing))
        throw new Error(`Checker reported ${show(reported)}, predicates ${show(failing)}.`);
    }),
    options,
  );
}
