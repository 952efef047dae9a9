/**
 * Machine rules: the initial and target states exist, final states have no transitions,
 * every state is reachable from the initial one (guards ignored), non-final states have a
 * way out, one entity field holds the state, and `init`/`set` never assign the state field.
 */
import { eventKey } from "../ir/event-key.js";
import type { DiagnosticCollector } from "../diagnostics.js";
import { suggestHint } from "../diagnostics.js";
import type { Assignment, Domain, Entity, Machine, Program, Ref } from "../ir/types.js";
import type { Locator } from "./locate.js";

/** Run the machine rules. */
export function checkMachines(
  program: Program,
  diags: DiagnosticCollector,
  locator: Locator,
): void {
  const entities = new Map<string, Entity>();
  for (const d of program.domains) for (const e of d.entities) entities.set(key(d.name, e.name), e);
  for (const d of program.domains) {
    for (const m of d.machines)
      checkMachine(d, m, entities.get(key(m.entity.domain, m.entity.name)), diags, locator);
  }
}

const key = (domain: string, name: string) => `${domain}.${name}`;
const sameRef = (a: Ref, b: Ref) => a.domain === b.domain && a.name === b.name;
const eventName = (m: Machine, e: Ref) => eventKey(m.domain, e);

function checkMachine(
  domain: Domain,
  m: Machine,
  entity: Entity | undefined,
  diags: DiagnosticCollector,
  locator: Locator,
): void {
  const names = m.states.map((s) => s.name);
  const stateSet = new Set(names);
  const initialKnown = stateSet.has(m.initial);
  if (!initialKnown) {
    const hint = suggestHint(m.initial, names);
    const at = locator.at(m.loc, ["machines", m.name, "initial"]);
    diags.report(
      "unknown-initial-state",
      { state: m.initial, machine: m.name },
      at,
      hint ? { hint } : {},
    );
  }
  for (const s of m.states) {
    if (s.final && s.transitions.length > 0) {
      diags.report("final-state-with-transitions", { state: s.name, machine: m.name }, s.loc);
    }
    if (!s.final && s.transitions.length === 0 && m.deadlock !== "allowed") {
      diags.report("dead-end-state", { state: s.name, machine: m.name }, s.loc);
    }
    const unguarded = new Set<string>();
    for (const t of s.transitions) {
      const ev = eventName(m, t.event);
      if (!stateSet.has(t.to)) {
        const hint = suggestHint(t.to, names);
        diags.report(
          "unknown-target-state",
          { event: ev, from: s.name, state: t.to },
          t.loc,
          hint ? { hint } : {},
        );
      }
      if (unguarded.has(ev))
        diags.report("shadowed-transition", { event: ev, state: s.name }, t.loc);
      else if (t.guard === undefined) unguarded.add(ev);
    }
  }
  // With an unknown target, what the author meant is unclear: skip reachability, not to pile on.
  const targetsKnown = m.states.every((s) => s.transitions.every((t) => stateSet.has(t.to)));
  if (initialKnown && targetsKnown) {
    const reached = reachable(m);
    for (const s of m.states) {
      if (!reached.has(s.name))
        diags.report(
          "unreachable-state-static",
          { state: s.name, machine: m.name, initial: m.initial },
          s.loc,
        );
    }
  }
  if (entity) checkFields(domain, m, entity, diags);
}

/** States reachable from the initial state, following every transition regardless of guards. */
function reachable(m: Machine): Set<string> {
  const byName = new Map(m.states.map((s) => [s.name, s]));
  const seen = new Set<string>([m.initial]);
  const queue = [m.initial];
  while (queue.length > 0) {
    const s = byName.get(queue.pop()!);
    for (const t of s?.transitions ?? []) {
      if (!seen.has(t.to)) {
        seen.add(t.to);
        queue.push(t.to);
      }
    }
  }
  return seen;
}

/** The state field is unique, and assignments name real fields other than the state field. */
function checkFields(domain: Domain, m: Machine, entity: Entity, diags: DiagnosticCollector): void {
  const machineRef: Ref = { domain: domain.name, name: m.name };
  const stateFields = entity.fields.filter(
    (f) => f.type.kind === "state" && sameRef(f.type.machine, machineRef),
  );
  if (stateFields.length > 1) {
    diags.report(
      "multiple-state-fields",
      {
        entity: entity.name,
        machine: m.name,
        first: stateFields[0].name,
        second: stateFields[1].name,
      },
      stateFields[1].loc,
    );
  }
  // Unknown assignment targets are reported by the expression checker (expr/check.ts).
  const stateNames = new Set(stateFields.map((f) => f.name));
  const check = (a: Assignment) => {
    if (stateNames.has(a.field))
      diags.report("state-field-assigned", { machine: m.name, name: a.field }, a.loc);
  };
  m.init.forEach(check);
  for (const s of m.states) for (const t of s.transitions) t.set.forEach(check);
}
