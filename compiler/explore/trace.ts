/**
 * Findings and traces of an exploration. A trace is plain JSON (`--trace-out`): the initial
 * configuration and, for each step, the event with its payload, the transition taken, and the
 * state and fields after the step. Generated tests and seeds replay it.
 */
import type { Invariant, Loc } from "../ir/types.js";
import type { CompiledTransition, Config, ModelEvent } from "./model.js";
import { canonical } from "./values.js";

const sortKeys = (v: unknown): unknown => JSON.parse(canonical(v));

/** One step of a trace. */
export interface TraceStep {
  readonly event: ModelEvent;
  /** Id of the transition taken (`<state>.<event>.<n>`). */
  readonly transition: string;
  readonly state: string;
  readonly fields: Readonly<Record<string, unknown>>;
}

/** A replayable path from an initial configuration. */
export interface Trace {
  /** `<domain>.<Machine>`. */
  readonly machine: string;
  readonly initial: Config;
  readonly steps: readonly TraceStep[];
}

/** Something the explorer found. */
export type ExploreFinding =
  | {
      readonly kind: "invariant-violated";
      readonly invariant: Invariant;
      readonly trace: Trace;
      readonly foundBy: "search" | "simulation";
    }
  | {
      readonly kind: "deadlock";
      readonly state: string;
      readonly trace: Trace;
      /** Sampled payload fields of the events the state handles (a value not tried might enable one). */
      readonly sampled: readonly string[];
    }
  | {
      readonly kind: "unreachable-state";
      readonly state: string;
      readonly loc: Loc;
      /** The search reached every state with every value (not cut, nothing sampled). */
      readonly complete: boolean;
      /** The fields the search sampled (see ExploreStats.sampled). */
      readonly sampled: readonly string[];
    }
  | {
      readonly kind: "event-never-enabled";
      readonly event: string;
      readonly loc: Loc;
      readonly complete: boolean;
      readonly sampled: readonly string[];
    }
  | {
      readonly kind: "overlapping-guards";
      readonly first: CompiledTransition;
      readonly second: CompiledTransition;
      readonly event: ModelEvent;
      readonly trace: Trace;
    }
  | {
      readonly kind: "effect-breaks-type";
      readonly transition: CompiledTransition;
      readonly field: string;
      readonly loc: Loc;
      readonly problem: string;
      readonly trace: Trace;
    }
  | {
      readonly kind: "expression-failed";
      readonly what: string;
      readonly loc: Loc;
      readonly error: string;
      readonly trace: Trace;
    };

/** Statistics of one exploration, like TLC's. */
export interface ExploreStats {
  readonly distinct: number;
  readonly generated: number;
  readonly depth: number;
  /**
   * True only when the whole reachable space was searched from every initial configuration with
   * every payload: not cut by the budget or depth, and no field sampled.
   */
  readonly complete: boolean;
  /**
   * "complete"; "sampled" when the search finished but some fields took sampled values (see
   * `sampled`); "budget exhausted" when it stopped at the state budget or depth bound; "stopped"
   * when it stopped at its first error (`stopAtFirst`).
   */
  readonly completeness: "complete" | "sampled" | "budget exhausted" | "stopped";
  /**
   * The fields whose values were sampled, not enumerated, sorted: `<Entity>.<field>` (initial
   * values) and `<event>.<field>` (payloads). See values.ts EXHAUSTIVE_BOUND.
   */
  readonly sampled: readonly string[];
  readonly elapsedMs: number;
  readonly statesPerSecond: number;
  /** Present when the search fell back to random simulation past the budget or depth. */
  readonly simulation?: { readonly walks: number; readonly steps: number; readonly seed: number };
  /**
   * Present when the visited set kept 64-bit fingerprints instead of whole keys (states.ts): two
   * configurations may then have been taken for one, with probability at most `collisionBound`
   * (n(n+1)/2^65 for n distinct states, assuming fingerprints behave as random values), so even
   * a complete search holds only up to that probability.
   */
  readonly fingerprints?: { readonly bits: 64; readonly collisionBound: number };
}

/** Result of exploring one machine. */
export interface ExploreResult {
  readonly machine: string;
  readonly findings: readonly ExploreFinding[];
  /** Shortest paths to every reached state and every taken transition (seeds for generated tests). */
  readonly coverage: readonly Trace[];
  /** Coverage of the smaller search asked for with `SearchOptions.prefix`. */
  readonly prefixCoverage?: readonly Trace[];
  readonly stats: ExploreStats;
}

/** Trace as JSON-ready data with sorted keys. */
export function traceToJson(trace: Trace): unknown {
  return sortKeys({
    machine: trace.machine,
    initial: trace.initial,
    steps: trace.steps.map((s) => ({
      event: s.event,
      transition: s.transition,
      state: s.state,
      fields: s.fields,
    })),
  });
}

/** Traces longer than this many steps are printed abbreviated (see {@link TRACE_ENDS}). */
export const TRACE_LONG = 20;
/** Steps kept at each end of an abbreviated trace. */
export const TRACE_ENDS = 5;

/** The gap line of an abbreviated trace. */
const gap = (n: number) => `… ${n} steps …`;

/**
 * A compact one-line trace: `fillBig → pourBigIntoSmall {…} → …`; longer than {@link TRACE_LONG}
 * steps, the first and last {@link TRACE_ENDS} with `… N steps …` between.
 */
export function traceSummary(trace: Trace): string {
  if (trace.steps.length === 0) return "the initial state " + fieldsText(trace.initial.fields);
  const n = trace.steps.length;
  const text = (from: number, to: number) =>
    trace.steps.slice(from, to).map((s) => eventText(s.event));
  if (n <= TRACE_LONG) return text(0, n).join(" → ");
  return [...text(0, TRACE_ENDS), gap(n - 2 * TRACE_ENDS), ...text(n - TRACE_ENDS, n)].join(" → ");
}

/** `pay {"amount":5}` or `submit`. */
export function eventText(event: ModelEvent): string {
  const { type, ...payload } = event;
  return Object.keys(payload).length === 0 ? type : `${type} ${JSON.stringify(sortKeys(payload))}`;
}

/** `small=0 big=5`. */
export function fieldsText(fields: Readonly<Record<string, unknown>>): string {
  return Object.keys(fields)
    .sort()
    .filter((k) => fields[k] !== undefined)
    .map((k) => `${k}=${JSON.stringify(fields[k])}`)
    .join(" ");
}

/**
 * Multi-line rendering of a trace for the terminal. With `abbreviate`, a trace longer than
 * {@link TRACE_LONG} steps shows the initial state, the first and last {@link TRACE_ENDS} steps
 * and a `… N steps …` line between (the full trace goes to `--trace-out`).
 */
export function renderTrace(trace: Trace, indent = "    ", abbreviate = false): string {
  const n = trace.steps.length;
  const cut = abbreviate && n > TRACE_LONG;
  const rows: ([string, string, string] | string)[] = [
    ["0", "(initial)", `${trace.initial.state}  ${fieldsText(trace.initial.fields)}`],
  ];
  const row = (i: number) => {
    const s = trace.steps[i];
    rows.push([String(i + 1), eventText(s.event), `${s.state}  ${fieldsText(s.fields)}`]);
  };
  for (let i = 0; i < (cut ? TRACE_ENDS : n); i++) row(i);
  if (cut) {
    rows.push(gap(n - 2 * TRACE_ENDS));
    for (let i = n - TRACE_ENDS; i < n; i++) row(i);
  }
  const cells = rows.filter((r): r is [string, string, string] => typeof r !== "string");
  const w0 = Math.max(...cells.map((r) => r[0].length));
  const w1 = Math.max(...cells.map((r) => r[1].length));
  return rows
    .map((r) =>
      typeof r === "string"
        ? `${indent}${" ".repeat(w0)}  ${r}\n`
        : `${indent}${r[0].padStart(w0)}  ${r[1].padEnd(w1)}  → ${r[2]}\n`,
    )
    .join("");
}
