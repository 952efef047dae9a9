/**
 * Exploring a flow as one system: the participants composed into one machine model
 * (compose.ts), the flow's invariants over the participants' records and the conservation of its
 * value added as invariants, the existing search run on it (search.ts), and its findings as
 * diagnostics (IC802x). A flow is explored when it connects machines (a step `a -> b`) or
 * declares invariants or holders.
 */
import type { Diagnostic } from "../diagnostic.js";
import { createDiagnostic } from "../diagnostics.js";
import { walkExpr } from "../expr/ast.js";
import { compileFunction } from "../expr/compile.js";
import { parseAccepted } from "../expr/parse.js";
import { SYSTEM_DOMAIN } from "../ir/flows.js";
import type { Expr, Flow, Invariant, Program } from "../ir/types.js";
import {
  composeFlow,
  PAYLOAD_ERROR,
  REFUSED_FIELD,
  type ExtraInvariant,
  type Slot,
  type SystemView,
} from "./compose.js";
import type { MachineModel } from "./model.js";
import { proveConservation, type ConservationProof } from "./conservation-proof.js";
import { errText, searchMachine, type SearchOptions } from "./search.js";
import {
  eventText,
  traceSummary,
  type ExploreFinding,
  type ExploreResult,
  type Trace,
} from "./trace.js";
import { show } from "./values.js";

/** One flow explored as a system. */
export { systemFlows } from "./system-flows.js";

export interface ExploredFlow {
  readonly flow: Flow;
  readonly model?: MachineModel;
  /** Participant instances, in configuration order. */
  readonly slots?: readonly Slot[];
  readonly result?: ExploreResult;
  /** Each finding reported, with its diagnostic (product states never reached are not reported). */
  readonly pairs: readonly (readonly [ExploreFinding, Diagnostic])[];
  /** The pairs' diagnostics, then the summary (IC8024), or why the flow could not be composed. */
  readonly diagnostics: readonly Diagnostic[];
  /** With holders: whether every step provably conserves the value (conservation-proof.ts). */
  readonly conservation?: ConservationProof;
}

type Fn = (fields: unknown, event?: unknown, prev?: unknown) => unknown;

/** What a system invariant stands for, to report its findings. */
type Role =
  | { readonly kind: "flow"; readonly says: string }
  | { readonly kind: "value"; readonly holders: readonly Fn[] }
  | { readonly kind: "delivery" };

/** Explore `flow` as one system. */
export function exploreFlow(program: Program, flow: Flow, opts: SearchOptions = {}): ExploredFlow {
  const roles = new Map<Invariant, Role>();
  let records: SystemView = () => ({});
  let composition;
  try {
    composition = composeFlow(program, flow, (slots, view) => {
      records = view;
      return systemInvariants(flow, slots, view, roles);
    });
  } catch (e) {
    return {
      flow,
      pairs: [],
      diagnostics: [
        createDiagnostic("flow-not-composed", { flow: flow.name, reason: errText(e) }, flow.loc),
      ],
    };
  }
  if (!composition.ok)
    return {
      flow,
      pairs: [],
      diagnostics: [
        createDiagnostic(
          "flow-not-composed",
          { flow: flow.name, reason: composition.reason },
          flow.loc,
        ),
      ],
    };
  const { model, slots } = composition;
  const result = searchMachine(model, opts);
  const pairs = result.findings.flatMap((f) =>
    toDiagnostics(flow, model, records, f, roles, slots).map((d) => [f, d] as const),
  );
  const diagnostics = pairs.map(([, d]) => d);
  const s = result.stats;
  const f = s.fingerprints;
  const verdict =
    (s.completeness === "budget exhausted"
      ? `budget exhausted (random simulation ran ${s.simulation?.steps ?? 0} steps past it)`
      : s.completeness) +
    (f === undefined
      ? ""
      : ` (fingerprinted: ${f.bits}-bit, collision probability ≤ ${f.collisionBound.toPrecision(2)})`);
  const participants = slots.map((x) => x.name).join(", ");
  const events =
    flow.events === "all" ? "every event of its participants" : "the events of its steps";
  const leaked = diagnostics.some((d) => d.code === "IC8021");
  const symbolic = (flow.holders ?? []).length > 0 ? proveConservation(flow, slots) : undefined;
  // The proof's arithmetic is exact; JavaScript numbers are not past 2^53 or with fractions. A
  // leak the search found wins: no output (summary or JSON) claims a proof next to it.
  const proof: ConservationProof | undefined =
    symbolic?.proven === true && leaked
      ? {
          proven: false,
          reason:
            "the search found a step that changes it (IC8021), where JavaScript numbers differ from exact arithmetic",
        }
      : symbolic;
  const checked = !diagnostics.some((d) => d.severity === "error") && s.completeness !== "stopped";
  const claims = [
    ...(proof?.proven === true
      ? [
          `its value is conserved by every step (proven for all values: ${plural(proof.steps, "step")}, linear arithmetic)`,
        ]
      : proof?.proven === false && checked
        ? [
            `its value is conserved by every step it took (checked on the reached states; not proven: ${proof.step === undefined ? "" : `step '${proof.step}': `}${proof.reason})`,
          ]
        : []),
    ...((flow.invariants ?? []).length > 0 && checked
      ? [`its ${plural(flow.invariants?.length ?? 0, "invariant")} hold in every state it reached`]
      : []),
  ];
  const outcome = claims.length === 0 ? "" : `; ${claims.join(" and ")}`;
  const notes = [
    `Participants: ${slots.map((x) => `${x.name} = ${x.model.machine.domain}.${x.model.machine.name}`).join(", ")}.`,
    ...(s.sampled.length > 0 ? [`Sampled, not enumerated: ${s.sampled.join(", ")}.`] : []),
  ];
  diagnostics.push(
    createDiagnostic(
      "flow-explored",
      { flow: flow.name, participants, events, distinct: s.distinct, verdict, outcome },
      flow.loc,
      { hint: notes.join(" ") },
    ),
  );
  return {
    flow,
    model,
    slots,
    result,
    pairs,
    diagnostics,
    ...(proof !== undefined ? { conservation: proof } : {}),
  };
}

/** The flow's invariants and the conservation of its value, as invariants of the composed model. */
function systemInvariants(
  flow: Flow,
  slots: readonly Slot[],
  view: SystemView,
  roles: Map<Invariant, Role>,
): ExtraInvariant[] {
  const out: ExtraInvariant[] = [];
  const base = {
    kind: "invariant" as const,
    domain: flow.domain,
    approvedBreaking: [],
    entity: { domain: SYSTEM_DOMAIN, name: flow.name },
  };
  for (const inv of flow.invariants ?? []) {
    const holds = compileFunction(inv.holds) as Fn;
    const when = inv.when === undefined ? undefined : (compileFunction(inv.when) as Fn);
    const exprs = [inv.holds, ...(inv.when ? [inv.when] : [])];
    // One that reads `prev` (or names other than participants) is checked on every step; the
    // others where a step writes a field they read (see `reads`).
    const always = inv.step === true || !onlyParticipants(exprs, slots);
    const decl: Invariant = {
      ...base,
      name: inv.name,
      says: inv.says,
      holds: inv.holds,
      ...(inv.when ? { when: inv.when } : {}),
      severity: inv.severity,
      step: always,
      loc: inv.loc,
    };
    roles.set(decl, { kind: "flow", says: inv.says });
    out.push({
      decl,
      reads: readsOf(exprs, slots),
      holds(prev, next) {
        if (inv.step && prev === undefined) return true;
        const n = view(next);
        const p = prev === undefined || !always ? undefined : view(prev);
        if (when !== undefined && when(n, undefined, p) !== true) return true;
        return holds(n, undefined, p) === true;
      },
    });
  }
  if (flow.steps.some((st) => st.async === true && st.triggers !== undefined)) {
    const decl: Invariant = {
      ...base,
      name: `${flow.name}.delivery`,
      says: "every asynchronous event is accepted when delivered",
      holds: {
        source: "true",
        loc: flow.loc,
        contentLine: flow.loc.line,
        contentColumn: flow.loc.column,
      },
      severity: "error",
      step: true,
      loc: flow.loc,
    };
    roles.set(decl, { kind: "delivery" });
    out.push({
      decl,
      reads: [REFUSED_FIELD],
      holds: (_prev, next) => next[REFUSED_FIELD] === undefined,
    });
  }
  const holders = flow.holders ?? [];
  if (holders.length > 0) {
    const fns = holders.map((h) => compileFunction(h) as Fn);
    // The total of the fields last summed (the fields before a step are those of every step out
    // of one configuration).
    let lastFields: Readonly<Record<string, unknown>> | undefined;
    let lastTotal = 0;
    const sum = (fields: Readonly<Record<string, unknown>>): number => {
      if (fields === lastFields) return lastTotal;
      const v = view(fields);
      let total = 0;
      for (const fn of fns) total += fn(v) as number;
      lastFields = fields;
      lastTotal = total;
      return total;
    };
    const decl: Invariant = {
      ...base,
      name: `${flow.name}.value`,
      says: `every step conserves the ${flow.value ? `${flow.value.domain}.${flow.value.name}` : "value"} of flow '${flow.name}'`,
      holds: holders[0],
      severity: "critical",
      step: true,
      loc: flow.loc,
    };
    roles.set(decl, { kind: "value", holders: fns });
    out.push({
      decl,
      reads: readsOf(holders, slots),
      holds: (prev, next) => prev === undefined || sum(prev) === sum(next),
    });
  }
  return out;
}

/** Whether `exprs` name only participants (no `prev`, no channel, no other name). */
function onlyParticipants(exprs: readonly Expr[], slots: readonly Slot[]): boolean {
  const names = new Set(slots.map((s) => s.participant.name));
  let only = true;
  for (const e of exprs)
    walkExpr(parseAccepted(e), (n) => {
      if (n.kind === "name" && !n.param && !names.has(n.name)) only = false;
    });
  return only;
}

/** The flat fields (`order.paid`) that system expressions read; every field of a participant read as a whole. */
function readsOf(exprs: readonly Expr[], slots: readonly Slot[]): string[] {
  const byName = new Map<string, Slot[]>();
  for (const s of slots)
    byName.set(s.participant.name, [...(byName.get(s.participant.name) ?? []), s]);
  const out = new Set<string>();
  for (const e of exprs) {
    const covered = new Set<unknown>();
    walkExpr(parseAccepted(e), (n) => {
      if (n.kind === "member") {
        const o = n.object;
        if (o.kind === "name" && !o.param && byName.has(o.name)) {
          covered.add(o);
          for (const s of byName.get(o.name) ?? []) out.add(`${s.name}.${n.property}`);
        } else if (
          o.kind === "member" &&
          o.object.kind === "name" &&
          !o.object.param &&
          o.object.name === "prev" &&
          byName.has(o.property)
        ) {
          covered.add(o);
          for (const s of byName.get(o.property) ?? []) out.add(`${s.name}.${n.property}`);
        }
      }
      const whole =
        (n.kind === "name" && !n.param && byName.has(n.name) && !covered.has(n) && n.name) ||
        (n.kind === "member" &&
          n.object.kind === "name" &&
          n.object.name === "prev" &&
          byName.has(n.property) &&
          !covered.has(n) &&
          n.property);
      if (typeof whole === "string")
        for (const s of byName.get(whole) ?? [])
          for (const f of s.model.fields) out.add(`${s.name}.${f.name}`);
    });
  }
  return [...out];
}

function toDiagnostics(
  flow: Flow,
  model: MachineModel,
  records: SystemView,
  f: ExploreFinding,
  roles: ReadonlyMap<Invariant, Role>,
  slots: readonly Slot[],
): Diagnostic[] {
  const name = flow.name;
  const related = [{ message: `flow '${name}'`, loc: flow.loc }];
  switch (f.kind) {
    case "invariant-violated": {
      const role = roles.get(f.invariant) ?? { kind: "flow", says: f.invariant.says };
      const how = f.foundBy === "search" ? "Shortest trace" : "Shrunk trace (random simulation)";
      const trace = `${how}: ${traceSummary(f.trace)}.`;
      if (role.kind === "value") return [conservation(flow, f.trace, role.holders, records)];
      if (role.kind === "delivery") {
        const last = f.trace.steps[f.trace.steps.length - 1];
        const step = flow.steps.find((st) => st.async === true) ?? flow.steps[0];
        return [
          createDiagnostic(
            "message-refused",
            {
              flow: name,
              message: String(last?.fields[REFUSED_FIELD] ?? "was refused"),
              steps: f.trace.steps.length,
            },
            step.loc,
            {
              hint: `${trace} ${stateText(f.trace)}`,
              related,
            },
          ),
        ];
      }
      return [
        createDiagnostic(
          "flow-invariant-violated",
          { id: f.invariant.name, flow: name, steps: f.trace.steps.length, says: f.invariant.says },
          f.invariant.holds.loc,
          {
            hint: `${trace} ${stateText(f.trace)}`,
            related,
          },
        ),
      ];
    }
    case "deadlock": {
      const scope =
        f.sampled.length === 0
          ? ""
          : ` for the payloads tried (values of ${f.sampled.join(", ")} were sampled)`;
      return [
        createDiagnostic(
          "system-deadlock",
          { flow: name, state: f.state, steps: f.trace.steps.length, scope },
          flow.loc,
          { hint: `Reached by: ${traceSummary(f.trace)}. ${stateText(f.trace)}` },
        ),
      ];
    }
    case "effect-breaks-type":
      return [
        createDiagnostic(
          "flow-step-failed",
          {
            flow: name,
            what: `step '${f.transition.id}' sets '${f.field}' outside its type`,
            steps: f.trace.steps.length,
            problem: f.problem,
          },
          f.loc,
          {
            hint: `Trace: ${traceSummary(f.trace)}.`,
            related,
          },
        ),
      ];
    case "expression-failed": {
      const payload = f.error.startsWith(PAYLOAD_ERROR);
      const what = payload
        ? `a step of '${f.what.replace(/^a guard of '([^']*)'.*$/, "$1")}' maps a payload`
        : `evaluating ${f.what} threw`;
      const problem = payload ? `the ${f.error.slice(PAYLOAD_ERROR.length)}` : f.error;
      return [
        createDiagnostic(
          "flow-step-failed",
          { flow: name, what, steps: f.trace.steps.length, problem },
          f.loc,
          {
            hint: `Trace: ${traceSummary(f.trace)}.`,
            related,
          },
        ),
      ];
    }
    case "event-never-enabled": {
      // Only events the flow names: the others are the participants' own (their machines' explorations cover them).
      const stepEvents = new Set(flow.steps.map((s) => `${s.event.domain}.${s.event.name}`));
      const slot = slots.find((s) => f.event.startsWith(`${s.name}.`));
      const ev = slot?.model.events.find((e) => `${slot.name}.${e.key}` === f.event);
      if (ev === undefined || !stepEvents.has(`${ev.ref.domain}.${ev.ref.name}`)) return [];
      const scope = f.complete
        ? ""
        : f.sampled.length === 0
          ? " within the explored states"
          : ` within the explored states (values of ${f.sampled.join(", ")} were sampled)`;
      const step = flow.steps.find(
        (s) => s.event.domain === ev.ref.domain && s.event.name === ev.ref.name,
      );
      return [
        createDiagnostic(
          "flow-step-never-taken",
          { event: f.event, flow: name, scope },
          step?.loc ?? flow.loc,
        ),
      ];
    }
    default:
      // Product states never reached are expected (the participants constrain each other); guards never overlap by construction.
      void model;
      return [];
  }
}

/** The value-not-conserved diagnostic of the last step of `trace`. */
function conservation(
  flow: Flow,
  trace: Trace,
  holders: readonly Fn[],
  records: SystemView,
): Diagnostic {
  const n = trace.steps.length;
  const last = trace.steps[n - 1];
  const before = n >= 2 ? trace.steps[n - 2].fields : trace.initial.fields;
  const sum = (fields: Readonly<Record<string, unknown>>) => {
    const v = records(fields);
    return holders.reduce((t, fn) => t + (fn(v) as number), 0);
  };
  const a = sum(before);
  const b = sum(last.fields);
  const value = flow.value ? `${flow.value.domain}.${flow.value.name}` : "value";
  return createDiagnostic(
    "value-not-conserved",
    {
      step: last.event.type,
      flow: flow.name,
      verb: b > a ? "creates" : "destroys",
      amount: show(Math.abs(b - a)),
      value,
      steps: n,
      before: show(a),
      after: show(b),
    },
    flow.valueLoc ?? flow.loc,
    {
      hint: `Trace: ${traceSummary(trace)} (the last step takes ${last.transition}; its event ${eventText(last.event)}).`,
      related: [{ message: `flow '${flow.name}'`, loc: flow.loc }],
    },
  );
}

/** The product state a trace ends in. */
function stateText(trace: Trace): string {
  const n = trace.steps.length;
  return `The system ends in '${n === 0 ? trace.initial.state : trace.steps[n - 1].state}'.`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}
