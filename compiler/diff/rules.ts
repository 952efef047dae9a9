/**
 * The policy table: every rule id the diff engine emits, its category and its level by
 * direction (inputs are contravariant, outputs covariant, stored data both).
 */
import type { Change, Counterexample, Direction, Finding, Level } from "./types.js";

/** Categories of rules (one per element kind). */
export type RuleCategory =
  | "domain"
  | "element"
  | "field"
  | "type"
  | "constraint"
  | "enum"
  | "state"
  | "transition"
  | "guard"
  | "invariant"
  | "api"
  | "flow"
  | "slice"
  | "docs";

/** One row of the policy table. */
export interface RuleDef {
  readonly category: RuleCategory;
  readonly summary: string;
  /** Level by direction, or one level for every direction. */
  readonly level: Level | Readonly<Record<Direction, Level>> | ((c: Change) => Level);
}

const narrowing = { input: "error", output: "info", both: "error" } as const;
const widening = { input: "info", output: "error", both: "error" } as const;
const removing = { input: "warn", output: "error", both: "error" } as const;
const persisted = (strict: Level, loose: Level) => (c: Change) =>
  c.facts?.persisted === false ? loose : strict;

/** Every rule id, with its category, summary and level. */
export const RULES: Readonly<Record<string, RuleDef>> = {
  "domain-removed": { category: "domain", summary: "Domain removed", level: "error" },
  "domain-added": { category: "domain", summary: "Domain added", level: "info" },
  "type-removed": { category: "element", summary: "Type removed", level: "error" },
  "entity-removed": { category: "element", summary: "Entity removed", level: "error" },
  "event-removed": { category: "element", summary: "Event removed", level: "error" },
  "machine-removed": { category: "element", summary: "Machine removed", level: "error" },
  "api-removed": { category: "api", summary: "API removed", level: "error" },
  "flow-removed": { category: "flow", summary: "Flow removed", level: "warn" },
  "slice-removed": { category: "slice", summary: "Slice removed", level: "warn" },
  "type-added": { category: "element", summary: "Type added", level: "info" },
  "entity-added": { category: "element", summary: "Entity added", level: "info" },
  "event-added": { category: "element", summary: "Event added", level: "info" },
  "machine-added": { category: "element", summary: "Machine added", level: "info" },
  "api-added": { category: "api", summary: "API added", level: "info" },
  "flow-added": { category: "flow", summary: "Flow added", level: "info" },
  "slice-added": { category: "slice", summary: "Slice added", level: "info" },
  "description-changed": { category: "docs", summary: "Description changed", level: "info" },
  "entity-key-changed": { category: "element", summary: "Entity key changed", level: "error" },
  "field-removed": { category: "field", summary: "Field removed", level: removing },
  "field-renamed": { category: "field", summary: "Field renamed", level: "error" },
  "required-field-added": { category: "field", summary: "Required field added", level: narrowing },
  "optional-field-added": { category: "field", summary: "Optional field added", level: "info" },
  "field-made-required": { category: "field", summary: "Field made required", level: narrowing },
  "field-made-optional": { category: "field", summary: "Field made optional", level: widening },
  "type-narrowed": { category: "type", summary: "Type narrowed", level: narrowing },
  "type-widened": { category: "type", summary: "Type widened", level: widening },
  "type-changed": { category: "type", summary: "Type changed", level: "error" },
  "constraint-strengthened": {
    category: "constraint",
    summary: "Constraint strengthened",
    level: narrowing,
  },
  "constraint-relaxed": { category: "constraint", summary: "Constraint relaxed", level: widening },
  "constraint-changed": {
    category: "constraint",
    summary: "Constraint changed (incomparable)",
    level: "warn",
  },
  "enum-value-removed": { category: "enum", summary: "Enum value removed", level: narrowing },
  "enum-value-added": { category: "enum", summary: "Enum value added", level: widening },
  "machine-entity-changed": {
    category: "state",
    summary: "Machine entity changed",
    level: "error",
  },
  "initial-state-changed": { category: "state", summary: "Initial state changed", level: "error" },
  "machine-init-changed": { category: "state", summary: "Initial values changed", level: "warn" },
  "state-removed": { category: "state", summary: "State removed", level: "error" },
  "state-added": {
    category: "state",
    summary: "State added",
    level: (c) => (c.facts?.observed ? "error" : "info"),
  },
  "state-made-final": { category: "state", summary: "State made final", level: "error" },
  "state-made-non-final": { category: "state", summary: "State no longer final", level: "info" },
  "transition-removed": { category: "transition", summary: "Transition removed", level: "error" },
  "transition-target-changed": {
    category: "transition",
    summary: "Transition target changed",
    level: "error",
  },
  "transition-added": {
    category: "transition",
    summary: "Transition added (re-run the explorer)",
    level: "warn",
  },
  "transition-effect-changed": {
    category: "transition",
    summary: "Transition effect changed",
    level: "warn",
  },
  "guard-added": { category: "guard", summary: "Guard added", level: "error" },
  "guard-strengthened": { category: "guard", summary: "Guard strengthened", level: "error" },
  "guard-changed": { category: "guard", summary: "Guard changed", level: "warn" },
  "guard-weakened": { category: "guard", summary: "Guard weakened", level: "warn" },
  "guard-removed": { category: "guard", summary: "Guard removed", level: "info" },
  "invariant-added": {
    category: "invariant",
    summary: "Invariant added",
    level: persisted("error", "warn"),
  },
  "invariant-removed": {
    category: "invariant",
    summary: "Invariant removed (guarantee lost)",
    level: "error",
  },
  "invariant-strengthened": {
    category: "invariant",
    summary: "Invariant strengthened",
    level: persisted("error", "warn"),
  },
  "invariant-weakened": {
    category: "invariant",
    summary: "Invariant weakened (guarantee lost)",
    level: "error",
  },
  "invariant-changed": { category: "invariant", summary: "Invariant changed", level: "warn" },
  "invariant-entity-changed": {
    category: "invariant",
    summary: "Invariant moved to another entity",
    level: "error",
  },
  "invariant-severity-changed": {
    category: "invariant",
    summary: "Invariant severity changed",
    level: "info",
  },
  "operation-removed": { category: "api", summary: "Operation removed", level: "error" },
  "operation-added": { category: "api", summary: "Operation added", level: "info" },
  "operation-error-added": { category: "api", summary: "Operation error added", level: "error" },
  "operation-error-removed": { category: "api", summary: "Operation error removed", level: "info" },
  "flow-steps-changed": { category: "flow", summary: "Flow steps changed", level: "warn" },
  "flow-value-changed": { category: "flow", summary: "Flow value changed", level: "warn" },
  // Flow parts (compiler/diff/diff-flow.ts), judged like entity invariants: a guarantee added binds
  // stored participants, a guarantee lost breaks whoever relied on it, a rewrite is undecided.
  "flow-participant-added": {
    category: "flow",
    summary: "Flow participant added (re-run the explorer)",
    level: "warn",
  },
  "flow-participant-removed": {
    category: "flow",
    summary: "Flow participant removed",
    level: "warn",
  },
  "flow-participant-machine-changed": {
    category: "flow",
    summary: "Flow participant moved to another machine",
    level: "error",
  },
  "flow-participant-instances-changed": {
    category: "flow",
    summary: "Flow participant instances changed (re-run the explorer)",
    level: "warn",
  },
  "flow-holders-added": { category: "flow", summary: "Flow conserves a value now", level: "warn" },
  "flow-holders-removed": {
    category: "flow",
    summary: "Flow no longer conserves its value (guarantee lost)",
    level: "error",
  },
  "flow-holders-changed": {
    category: "flow",
    summary: "Flow conserved quantity changed",
    level: "warn",
  },
  "flow-invariant-added": {
    category: "flow",
    summary: "Flow invariant added",
    level: persisted("error", "warn"),
  },
  "flow-invariant-removed": {
    category: "flow",
    summary: "Flow invariant removed (guarantee lost)",
    level: "error",
  },
  "flow-invariant-changed": { category: "flow", summary: "Flow invariant changed", level: "warn" },
  "flow-invariant-severity-changed": {
    category: "flow",
    summary: "Flow invariant severity changed",
    level: "info",
  },
  "flow-mapping-changed": {
    category: "flow",
    summary: "Flow step payload mapping changed",
    level: "warn",
  },
  "flow-target-changed": {
    category: "flow",
    summary: "Flow step target instance changed",
    level: "warn",
  },
  "flow-step-made-async": {
    category: "flow",
    summary: "Flow step made async (no longer one atomic step)",
    level: "error",
  },
  "flow-step-made-atomic": {
    category: "flow",
    summary: "Flow step made atomic (re-run the explorer)",
    level: "warn",
  },
  "slice-interface-changed": {
    category: "slice",
    summary: "Slice interfaces changed",
    level: "warn",
  },
  "slice-scope-changed": { category: "slice", summary: "Slice scope changed", level: "info" },
  "slice-risk-changed": { category: "slice", summary: "Slice risk tier changed", level: "info" },
  "slice-brief-changed": { category: "slice", summary: "Slice brief changed", level: "info" },
};

/** True when `rule` is a rule id of the policy table. */
export function isRule(rule: string): boolean {
  return Object.prototype.hasOwnProperty.call(RULES, rule);
}

/** Level of a change under the policy; a counterexample turns a warn into an error. */
export function levelOf(change: Change, counterexample?: Counterexample): Level {
  const def = RULES[change.rule];
  const base: Level =
    def === undefined
      ? "warn"
      : typeof def.level === "string"
        ? def.level
        : typeof def.level === "function"
          ? def.level(change)
          : def.level[change.direction];
  return counterexample !== undefined && base === "warn" ? "error" : base;
}

function show(v: unknown): string {
  if (v === undefined) return "(none)";
  return typeof v === "string" ? v : JSON.stringify(v);
}

/** Classify one change into a finding (message built from the table). */
export function classify(change: Change, counterexample?: Counterexample): Finding {
  const def = RULES[change.rule];
  const summary = def?.summary ?? change.rule;
  const ba =
    change.before !== undefined || change.after !== undefined
      ? `: ${show(change.before)} → ${show(change.after)}`
      : "";
  const { probe: _probe, facts: _facts, ...rest } = change;
  void _probe;
  void _facts;
  return {
    ...rest,
    level: levelOf(change, counterexample),
    message: `${summary} (${change.direction}) at ${change.path}${ba}`,
    ...(counterexample ? { counterexample } : {}),
  };
}
