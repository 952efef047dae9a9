/** Exploring one machine: the search, and its findings as diagnostics. */
import type { Diagnostic } from "../diagnostic.js";
import { createDiagnostic } from "../diagnostics.js";
import type { Machine, Program } from "../ir/types.js";
import { createMachineModel, type MachineModel } from "./model.js";
import { searchMachine, type SearchOptions } from "./search.js";
import { errText } from "./findings.js";
import { EXHAUSTIVE_BOUND } from "./values.js";
import { eventText, traceSummary, type ExploreFinding, type ExploreResult } from "./trace.js";

/** One explored machine. */
export interface ExploredMachine {
  readonly machine: Machine;
  readonly model?: MachineModel;
  readonly result?: ExploreResult;
  readonly diagnostics: readonly Diagnostic[];
}

/** Every machine of a Program in sorted order (domain, then name), optionally only those named `only`. */
export function machinesOf(program: Program, only?: string): Machine[] {
  return program.domains
    .flatMap((d) => d.machines)
    .filter((m) => only === undefined || m.name === only || `${m.domain}.${m.name}` === only);
}

/**
 * Explore one machine and turn its findings into diagnostics. `create`, when given, must return
 * `createMachineModel(program, machine)` (or throw as it would), e.g. a model already compiled.
 */
export function exploreMachine(
  program: Program,
  machine: Machine,
  opts: SearchOptions = {},
  create?: () => MachineModel,
): ExploredMachine {
  let model: MachineModel;
  try {
    model = create === undefined ? createMachineModel(program, machine) : create();
  } catch (e) {
    const d = createDiagnostic(
      "expression-failed",
      { what: "an expression", machine: machine.name, steps: 0, error: errText(e) },
      machine.loc,
    );
    return { machine, diagnostics: [d] };
  }
  const result = searchMachine(model, opts);
  const diagnostics = result.findings.map((f) => toDiagnostic(machine, f));
  const s = result.stats;
  if (s.simulation !== undefined) {
    const reason =
      s.distinct >= (opts.budget ?? 200_000) ? "state budget reached" : "depth bound reached";
    diagnostics.push(
      createDiagnostic(
        "exploration-incomplete",
        { machine: machine.name, distinct: s.distinct, reason, steps: s.simulation.steps },
        machine.loc,
      ),
    );
  }
  if (s.sampled.length > 0) {
    diagnostics.push(
      createDiagnostic(
        "exploration-sampled",
        { machine: machine.name, fields: s.sampled.join(", "), bound: EXHAUSTIVE_BOUND },
        machine.loc,
      ),
    );
  }
  return { machine, model, result, diagnostics };
}

/** How far a deadlock claim reaches: every payload, or only the sampled values of some fields. */
function deadlockScope(sampled: readonly string[]): string {
  return sampled.length === 0
    ? ""
    : ` for the payloads tried (values of ${sampled.join(", ")} were sampled, not enumerated)`;
}

/**
 * How far a "never" claim reaches: nothing when the search was complete, else the explored states
 * (cut by the budget or depth) or the sampled values it tried.
 */
function scopeText(f: { readonly complete: boolean; readonly sampled: readonly string[] }): string {
  if (f.complete) return "";
  if (f.sampled.length === 0) return " within the explored states";
  return ` within the explored states (values of ${f.sampled.join(", ")} were sampled, not enumerated)`;
}

function toDiagnostic(machine: Machine, f: ExploreFinding): Diagnostic {
  const name = machine.name;
  switch (f.kind) {
    case "invariant-violated": {
      const how = f.foundBy === "search" ? "Shortest trace" : "Shrunk trace (random simulation)";
      return createDiagnostic(
        "invariant-violated",
        { id: f.invariant.name, steps: f.trace.steps.length, says: f.invariant.says },
        f.invariant.holds.loc,
        {
          hint: `${how} in '${name}': ${traceSummary(f.trace)}.`,
          related: [{ message: `machine '${name}'`, loc: machine.loc }],
        },
      );
    }
    case "deadlock": {
      const st = machine.states.find((s) => s.name === f.state);
      return createDiagnostic(
        "machine-deadlock",
        {
          state: f.state,
          machine: name,
          steps: f.trace.steps.length,
          scope: deadlockScope(f.sampled),
        },
        st?.loc ?? machine.loc,
        {
          hint: `Reached by: ${traceSummary(f.trace)}. Add a transition out of this state, mark it final, or relax its guards.`,
        },
      );
    }
    case "unreachable-state":
      return createDiagnostic(
        "unreachable-state",
        { state: f.state, machine: name, scope: scopeText(f) },
        f.loc,
      );
    case "event-never-enabled":
      return createDiagnostic(
        "event-never-enabled",
        { event: f.event, machine: name, scope: scopeText(f) },
        f.loc,
      );
    case "overlapping-guards": {
      return createDiagnostic(
        "overlapping-guards",
        {
          first: f.first.id,
          second: f.second.id,
          machine: name,
          event: `'${eventText(f.event)}'`,
          steps: f.trace.steps.length,
        },
        f.second.decl.loc,
        {
          hint: `Reached by: ${traceSummary(f.trace)}. The first declared transition wins; make the guards mutually exclusive.`,
          related: [{ message: `'${f.first.id}' is declared here`, loc: f.first.decl.loc }],
        },
      );
    }
    case "effect-breaks-type":
      return createDiagnostic(
        "effect-breaks-type",
        {
          transition: f.transition.id,
          machine: name,
          field: f.field,
          steps: f.trace.steps.length,
          problem: f.problem,
        },
        f.loc,
        { hint: `Trace: ${traceSummary(f.trace)}.` },
      );
    case "expression-failed":
      return createDiagnostic(
        "expression-failed",
        { what: f.what, machine: name, steps: f.trace.steps.length, error: f.error },
        f.loc,
        {
          hint: `Trace: ${traceSummary(f.trace)}.`,
        },
      );
  }
}
