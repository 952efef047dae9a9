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
  | { readonly kind: "invariant-violated"; readonly invariant: Invariant; readonly trace: Trace; readonly foundBy: "search" | "simulation" }
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
  | { readonly kind: "expression-failed"; readonly what: string; readonly loc: Loc; readonly error: string; readonly trace: Trace };

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
   * `sampled`); "budget exhausted" when it stopped at the state budget or depth bound.
   */
  readonly completeness: "complete" | "sampled" | "budget exhausted";
  /**
   * The fields whose values were sampled, not enumerated, sorted: `<Entity>.<field>` (initial
   * values) and `<event>.<field>` (payloads). See values.ts EXHAUSTIVE_BOUND.
   */
  readonly sampled: readonly string[];
  readonly elapsedMs: number;
  readonly statesPerSecond: number;
  /** Present when the search fell back to random simulation past the budget or depth. */
  readonly simulation?: { readonly walks: number; readonly steps: number; readonly seed: number };
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
    steps: trace.steps.map((s) => ({ event: s.event, transition: s.transition, state: s.state, fields: s.fields })),
  });
}

/** A compact one-line trace: `fillBig → pourBigIntoSmall {…} → …`. */
export function traceSummary(trace: Trace): string {
  if (trace.steps.length === 0) return "the initial state " + fieldsText(trace.initial.fields);
  return trace.steps.map((s) => eventText(s.event)).join(" → ");
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

/** Multi-line rendering of a trace for the terminal. */
export function renderTrace(trace: Trace, indent = "    "): string {
  const rows: [string, string, string][] = [["0", "(initial)", `${trace.initial.state}  ${fieldsText(trace.initial.fields)}`]];
  trace.steps.forEach((s, i) => rows.push([String(i + 1), eventText(s.event), `${s.state}  ${fieldsText(s.fields)}`]));
  const w0 = Math.max(...rows.map((r) => r[0].length));
  const w1 = Math.max(...rows.map((r) => r[1].length));
  return rows.map((r) => `${indent}${r[0].padStart(w0)}  ${r[1].padEnd(w1)}  → ${r[2]}\n`).join("");
}
