/**
 * The in-process reference model of one machine: guards, effects and invariants compiled with the
 * same expression compiler as the emitted `<Machine>.model.ts`, so the explorer and the generated
 * code share one meaning (all `set` right-hand sides see the state before the step; the state
 * field is set to the target; guards are tried in declaration order).
 */
import type {
  Expr,
  Field,
  Invariant,
  Loc,
  Machine,
  Program,
  Ref,
  Transition,
} from "../ir/types.js";
import { eventKey as eventKeyIn } from "../ir/event-key.js";
import { compileCode, compileEffects, compileFunction } from "../expr/compile.js";
import { assignmentExprs } from "../ir/target.js";
import { invariantsOf } from "../ir/invariants-of.js";
import { walkExpr } from "../expr/ast.js";
import { parseAccepted } from "../expr/parse.js";
import { createTypeScope, fieldDomain, typeProblem, type TypeScope } from "./values.js";

/** A machine configuration: the machine state plus the entity's fields. */
export interface Config {
  readonly state: string;
  readonly fields: Readonly<Record<string, unknown>>;
}

/** An event as the model receives it: `type` plus payload fields. */
export type ModelEvent = { readonly type: string } & Readonly<Record<string, unknown>>;

type Fn = (fields: unknown, event?: unknown, prev?: unknown) => unknown;

/** One compiled transition. */
export interface CompiledTransition {
  /** Stable id: `<state>.<event>.<index among this state's transitions for the event>`. */
  readonly id: string;
  readonly source: string;
  readonly event: string;
  readonly to: string;
  readonly guard?: Fn;
  readonly sets: readonly { readonly field: Field; readonly fn: Fn; readonly loc: Loc }[];
  readonly decl: Transition;
}

/** One compiled invariant. */
export interface CompiledInvariant {
  readonly decl: Invariant;
  /** True when the invariant holds for this step (prev is undefined for initial states). */
  holds(prev: Record<string, unknown> | undefined, next: Record<string, unknown>): boolean;
  /** The fields it reads, when its `decl` does not tell (a system's invariants: system.ts). */
  readonly reads?: readonly string[];
}

/** An event the machine handles, with its payload fields. */
export interface HandledEvent {
  readonly key: string;
  readonly ref: Ref;
  readonly fields: readonly Field[];
}

/** Everything the explorer needs to know about one machine. */
export interface MachineModel {
  readonly id: string;
  readonly machine: Machine;
  readonly scope: TypeScope;
  readonly fields: readonly Field[];
  readonly finals: ReadonlySet<string>;
  readonly events: readonly HandledEvent[];
  readonly invariants: readonly CompiledInvariant[];
  /** Transitions of a state for an event, in declaration order. */
  transitionsFor(state: string, event: string): readonly CompiledTransition[];
  /** Fixed initial values from `init` (absent fields are left to range over their type). */
  readonly init: Readonly<Record<string, unknown>>;
  /** Fields that range over their type in the initial state, with their domains. */
  readonly free: readonly { readonly field: Field; readonly values: readonly unknown[] }[];
  /**
   * Fields the machine's behaviour depends on: the state field and every field a guard, effect or
   * invariant of the entity reads or an effect writes. The others never change and are never read,
   * so the search fixes them to one value (the reachable behaviour is the same for every value).
   */
  readonly relevant: ReadonlySet<string>;
  /**
   * Payload fields of each event (by key) that a guard or effect of the event's transitions reads
   * (`event.<field>`); "all" when one reads `event` as a whole. The others cannot change a step's
   * outcome, so the search gives them one value.
   */
  readonly eventReads: ReadonlyMap<string, ReadonlySet<string> | "all">;
  /** Apply a transition: effects see the fields before the step. */
  apply(
    t: CompiledTransition,
    fields: Readonly<Record<string, unknown>>,
    event: ModelEvent,
  ): Record<string, unknown>;
  /**
   * `apply` with the effects' values already computed: `values[k]` is `t.sets[k].fn(before, event)`
   * (every right-hand side sees `before`, so computing them first changes nothing).
   */
  applyValues(
    t: CompiledTransition,
    before: Readonly<Record<string, unknown>>,
    values: readonly unknown[],
  ): Record<string, unknown>;
  /** Why a value breaks a field's type, or undefined. */
  fieldProblem(field: Field, value: unknown): string | undefined;
  /**
   * Guards and effects are compiled from their transitions' declarations (`decl`), so what they
   * read can be read off them (memo.ts); a composed model's are not.
   */
  readonly compiledFromDecls?: boolean;
}

const NONE: readonly CompiledTransition[] = [];

/** The scope names of compiled code (compileCode's parameters). */
const EFFECT_SCOPE = { fields: "$$f", event: "$$e", prev: "$$p" };

/** Key of an event as used in traces and generated code: `pay`, or `payments.capture` from another domain. */
export function eventKey(machine: Machine, ref: Ref): string {
  return eventKeyIn(machine.domain, ref);
}

/** Compile one machine of a Program into an in-process model. */
export function createMachineModel(program: Program, machine: Machine): MachineModel {
  const scope = createTypeScope(program);
  const fields = scope.fieldsOf(machine.entity, "entity") ?? [];
  const fieldByName = new Map(fields.map((f) => [f.name, f]));
  const compile = (e: Expr): Fn => compileFunction(e) as Fn;

  const events = new Map<string, HandledEvent>();
  const table = new Map<string, Map<string, CompiledTransition[]>>();
  for (const s of machine.states) {
    const counts = new Map<string, number>();
    for (const t of s.transitions) {
      const key = eventKey(machine, t.event);
      if (!events.has(key))
        events.set(key, { key, ref: t.event, fields: scope.fieldsOf(t.event, "event") ?? [] });
      const n = counts.get(key) ?? 0;
      counts.set(key, n + 1);
      // One function per field, as in the emitted model (compileEffects: indexed updates of a map
      // field become one new map).
      const locs = new Map(t.set.map((a) => [a.field, a.loc] as const).reverse());
      const sets = compileEffects(t.set, EFFECT_SCOPE).flatMap(({ field: name, code }) => {
        const field = fieldByName.get(name);
        return field === undefined
          ? []
          : [{ field, fn: compileCode(code) as Fn, loc: locs.get(name)! }];
      });
      const ct: CompiledTransition = {
        id: `${s.name}.${key}.${n}`,
        source: s.name,
        event: key,
        to: t.to,
        ...(t.guard !== undefined ? { guard: compile(t.guard) } : {}),
        sets,
        decl: t,
      };
      const byEvent = table.get(s.name) ?? new Map<string, CompiledTransition[]>();
      table.set(s.name, byEvent);
      const list = byEvent.get(key) ?? [];
      list.push(ct);
      byEvent.set(key, list);
    }
  }

  const init: Record<string, unknown> = {};
  for (const a of machine.init) {
    const v = compile(a.expr)({});
    if (v !== undefined) init[a.field] = v;
  }
  const initNames = new Set(machine.init.map((a) => a.field));
  const free = fields
    .filter((f) => !initNames.has(f.name) && f.name !== machine.stateField)
    .map((field) => ({ field, values: fieldDomain(scope, field) }));

  const invariantDecls = invariantsOf(program, machine.entity);
  const invariants = invariantDecls.map((decl): CompiledInvariant => {
    const holds = compile(decl.holds);
    const when = decl.when === undefined ? undefined : compile(decl.when);
    return {
      decl,
      holds(prev, next) {
        if (decl.step && prev === undefined) return true;
        if (when !== undefined && when(next, undefined, prev) !== true) return true;
        return holds(next, undefined, prev) === true;
      },
    };
  });

  const relevant = relevantFields(machine, invariantDecls, fields);
  const eventReads = new Map<string, Set<string> | "all">();
  for (const s of machine.states) {
    for (const t of s.transitions) {
      const key = eventKey(machine, t.event);
      const exprs = [
        ...(t.guard !== undefined ? [t.guard] : []),
        ...t.set.flatMap(assignmentExprs),
      ];
      let reads = eventReads.get(key) ?? new Set<string>();
      for (const e of exprs) if (reads !== "all") reads = eventFieldsRead(e, reads);
      eventReads.set(key, reads);
    }
  }
  const applyValues = (
    t: CompiledTransition,
    before: Readonly<Record<string, unknown>>,
    values: readonly unknown[],
  ): Record<string, unknown> => {
    const next: Record<string, unknown> = { ...before };
    const sets = t.sets;
    for (let k = 0; k < sets.length; k++) {
      const v = values[k];
      if (v === undefined) delete next[sets[k].field.name];
      else next[sets[k].field.name] = v;
    }
    if (machine.stateField !== undefined) next[machine.stateField] = t.to;
    return next;
  };

  return {
    id: `${machine.domain}.${machine.name}`,
    machine,
    scope,
    fields,
    finals: new Set(machine.states.filter((s) => s.final).map((s) => s.name)),
    events: [...events.values()],
    invariants,
    transitionsFor: (state, event) => table.get(state)?.get(event) ?? NONE,
    init,
    free,
    relevant,
    eventReads,
    apply: (t, before, event) =>
      applyValues(
        t,
        before,
        t.sets.map((s) => s.fn(before, event)),
      ),
    applyValues,
    compiledFromDecls: true,
    fieldProblem: (field, value) =>
      value === undefined
        ? field.optional
          ? undefined
          : `'${field.name}' is missing`
        : typeProblem(scope, field.type, value),
  };
}

/** Fields read or written by the machine's guards and effects and read by the entity's invariants. */
function relevantFields(
  machine: Machine,
  invariants: readonly Invariant[],
  fields: readonly Field[],
): ReadonlySet<string> {
  const out = new Set<string>();
  if (machine.stateField !== undefined) out.add(machine.stateField);
  let whole = false;
  const read = (e: Expr) => {
    const node = parseAccepted(e);
    const members = new Set<unknown>();
    walkExpr(node, (n) => {
      if (n.kind === "member") {
        members.add(n.object);
        if (n.object.kind === "name" && !n.object.param && n.object.name === "prev")
          out.add(n.property);
      }
      if (n.kind !== "name" || n.param) return;
      if (n.name === "prev") {
        // `prev` as a whole value (not `prev.<field>`) reads every field.
        if (!members.has(n)) whole = true;
      } else if (n.name !== "event") out.add(n.name);
    });
  };
  for (const s of machine.states) {
    for (const t of s.transitions) {
      if (t.guard !== undefined) read(t.guard);
      for (const a of t.set) {
        out.add(a.field);
        for (const e of assignmentExprs(a)) read(e);
      }
    }
  }
  for (const inv of invariants) {
    read(inv.holds);
    if (inv.when !== undefined) read(inv.when);
  }
  return whole ? new Set(fields.map((f) => f.name)) : out;
}

/** Add the payload fields `e` reads (`event.<field>`) to `into`; "all" when it reads `event` whole. */
function eventFieldsRead(e: Expr, into: Set<string>): Set<string> | "all" {
  const node = parseAccepted(e);
  const members = new Set<unknown>();
  let whole = false;
  walkExpr(node, (n) => {
    if (n.kind === "member") {
      members.add(n.object);
      if (n.object.kind === "name" && !n.object.param && n.object.name === "event")
        into.add(n.property);
    }
    if (n.kind === "name" && !n.param && n.name === "event" && !members.has(n)) whole = true;
  });
  return whole ? "all" : into;
}
