/**
 * A symbolic proof that every step of a composed flow (compose.ts) conserves its value: for each
 * atomic step — a transition of the participant that takes the environment's event, then, as the
 * composition takes them (depth first, in step order, for every handler instance it may pick),
 * the transitions of the events it triggers, with payloads built by the step's `with:` mapping
 * (or the same-named fields) — and for every combination of transitions those events have
 * (whatever their guards and source states), the sum of the holders after the step minus the sum
 * before is normalised as a linear form (expr/linear.ts). The state after is the state before
 * with each field a transition sets replaced by its effect, read over the fields as the previous
 * transitions of the step left them (effects of one transition are simultaneous; the state field
 * gets the target state last), as the explorer applies them.
 *
 * When every difference is 0, every step conserves the value for ALL values of the fields and
 * payloads (exact arithmetic), not only the states the search reached. Anything outside that
 * (an async channel, an indexed effect on a field a holder reads, a holder over a record as a
 * whole, an effect reading `prev`, too many steps) is "not proven", with the step and why.
 */
import type { ExprNode } from "../expr/ast.js";
import { isZeroLinear, linearize, printLinear, combine, type Linear } from "../expr/linear.js";
import { parseAccepted } from "../expr/parse.js";
import { mapExpr, synthetic } from "../expr/rewrite.js";
import type { Flow, Ref, Transition } from "../ir/types.js";
import { FlowSteps, flowRefKey } from "./compose-steps.js";
import type { Slot } from "./compose-views.js";
import { eventKey } from "./model.js";
import { field, inexact, NotProven, qname, qualifyHolder } from "./conservation-holders.js";

/** The outcome of {@link proveConservation}. */
export type ConservationProof =
  | { readonly proven: true; readonly steps: number }
  | { readonly proven: false; readonly step?: string; readonly reason: string };

/** Most step combinations the proof examines. */
const STEP_CAP = 10_000;

/** Deepest chain of triggered events in one step, as in compose.ts. */
const CHAIN_DEPTH = 8;

/** Symbolic fields: flat name (`order.paid`) → value over the fields before the step. */
type SymState = ReadonlyMap<string, ExprNode>;
type Payload = ReadonlyMap<string, ExprNode>;

const text = (s: string) => s.replaceAll("@", "");

/** Prove that every step of `flow`, composed over `slots`, conserves the sum of its holders. */
export function proveConservation(flow: Flow, slots: readonly Slot[]): ConservationProof {
  const holders = flow.holders ?? [];
  if (flow.steps.some((s) => s.async === true && s.triggers !== undefined))
    return { proven: false, reason: "its steps queue events in a channel (async)" };
  let before: ExprNode[];
  try {
    before = holders.map((h) => qualifyHolder(parseAccepted(h), slots));
  } catch (e) {
    return { proven: false, reason: (e as Error).message };
  }
  const total = (nodes: readonly ExprNode[]): Linear =>
    nodes.reduce(
      (acc, n) => combine(acc, linearize(n)),
      linearize(synthetic({ kind: "number", value: 0 })),
    );
  const base = total(before);

  const steps = new FlowSteps(flow, slots);
  const withs = new Map<string, (readonly { field: string; expr: ExprNode }[] | undefined)[]>();
  for (const st of flow.steps) {
    if (st.triggers === undefined) continue;
    const k = flowRefKey(st.event);
    const mapping = st.with?.map((a) => ({ field: a.field, expr: parseAccepted(a.expr) }));
    withs.set(k, [...(withs.get(k) ?? []), mapping]);
  }
  let count = 0;
  let failure: ConservationProof | undefined;
  const check = (state: SymState, names: readonly string[]) => {
    count++;
    const step = names.join(" + ");
    let after: ExprNode[];
    try {
      after = before.map((h) => afterOf(h, state));
    } catch (e) {
      failure = { proven: false, step, reason: (e as Error).message };
      return;
    }
    const diff = combine(total(after), base, { n: -1n, d: 1n });
    if (!isZeroLinear(diff))
      failure = {
        proven: false,
        step,
        reason: `its holders change by ${text(printLinear(diff))}, not 0 in linear arithmetic`,
      };
  };

  // Take event `ref` in slot `si` by each of its transitions, then its consequences (compose.ts).
  const walk = (
    si: number,
    ref: Ref,
    payload: Payload,
    state: SymState,
    at: ReadonlyMap<number, string>,
    names: readonly string[],
    depth: number,
    rest: (s: SymState, at: ReadonlyMap<number, string>, names: readonly string[]) => void,
  ) => {
    // Past the composition's chain depth the step is refused (compose.ts): no step to prove.
    if (depth > CHAIN_DEPTH) return;
    const slot = slots[si];
    const machine = slot.model.machine;
    const key = eventKey(machine, ref);
    for (const st of machine.states) {
      if (at.has(si) && at.get(si) !== st.name) continue;
      for (const t of st.transitions) {
        if (failure !== undefined || count >= STEP_CAP) return;
        if (eventKey(machine, t.event) !== key) continue;
        let next: SymState;
        try {
          next = applyTransition(slot, t, payload, state);
        } catch (e) {
          failure = { proven: false, step: names.join(" + "), reason: (e as Error).message };
          return;
        }
        const at2 = new Map(at).set(si, t.to);
        const names2 = [...names, `${slot.name}.${key} (${st.name} → ${t.to})`];
        const cs = steps.consequencesOf(ref);
        const maps = withs.get(flowRefKey(ref)) ?? [];
        // Per participant handling a consequence, the instances it may pick: each a different step.
        const queue: [readonly number[], Ref, Payload][] = [];
        cs.forEach((c, ci) => {
          const p = mapped(payload, maps[ci], slots, c.target);
          for (const hs of steps.handlersOf(c, si)) queue.push([hs, c.target, p]);
        });
        const chain = (
          qi: number,
          s: SymState,
          a: ReadonlyMap<number, string>,
          n: readonly string[],
        ) => {
          if (qi === queue.length) return rest(s, a, n);
          const [hs, target, p] = queue[qi];
          for (const h of hs)
            walk(h, target, p, s, a, n, depth + 1, (s2, a2, n2) => chain(qi + 1, s2, a2, n2));
        };
        chain(0, next, at2, names2);
      }
    }
  };
  slots.forEach((slot, si) => {
    for (const ev of slot.model.events) {
      if (steps.targets.has(flowRefKey(ev.ref))) continue;
      if (
        flow.events !== "all" &&
        !flow.steps.some((s) => flowRefKey(s.event) === flowRefKey(ev.ref))
      )
        continue;
      // An optional or non-integer payload field is left out: reading it is not proven (inexact).
      const payload = new Map(
        ev.fields
          .filter((f) => inexact(slot, f) === undefined)
          .map((f) => [f.name, qname(`event.${f.name}`)]),
      );
      walk(si, ev.ref, payload, new Map(), new Map(), [], 0, (s, _a, n) => check(s, n));
    }
  });
  if (failure !== undefined) return failure;
  if (count >= STEP_CAP) return { proven: false, reason: `it has more than ${STEP_CAP} steps` };
  return { proven: true, steps: count };
}

/** The payload of a triggered event: the step's mapping over the trigger's payload, or its same-named fields. */
function mapped(
  payload: Payload,
  mapping: readonly { field: string; expr: ExprNode }[] | undefined,
  slots: readonly Slot[],
  target: Ref,
): Payload {
  const fields =
    slots.flatMap((s) => s.model.events).find((e) => flowRefKey(e.ref) === flowRefKey(target))
      ?.fields ?? [];
  const out = new Map<string, ExprNode>();
  if (mapping === undefined) {
    for (const f of fields) {
      const v = payload.get(f.name);
      if (v !== undefined) out.set(f.name, v);
    }
    return out;
  }
  for (const m of mapping) {
    try {
      out.set(
        m.field,
        readEvent(m.expr, payload, () => undefined),
      );
    } catch (e) {
      // Not followed: an effect reading this payload field is not proven.
      if (!(e instanceof NotProven)) throw e;
    }
  }
  return out;
}

/** `node` with `event.<f>` replaced from `payload`, other names by `field` (which throws when unknown). */
function readEvent(
  node: ExprNode,
  payload: Payload,
  field: (name: string) => ExprNode | undefined,
): ExprNode {
  return mapExpr(node, (n) => {
    if (
      n.kind === "member" &&
      n.object.kind === "name" &&
      !n.object.param &&
      n.object.name === "event"
    ) {
      const v = payload.get(n.property);
      if (v === undefined)
        throw new NotProven(
          `it reads 'event.${n.property}', optional, not an integer or not mapped by the step`,
        );
      return v;
    }
    if (n.kind !== "name" || n.param) return undefined;
    const v = field(n.name);
    if (v === undefined) throw new NotProven(`an effect or mapping reads '${n.name}'`);
    return v;
  });
}

/** The symbolic fields after transition `t` of `slot` with `payload` (compileEffects, applyValues). */
function applyTransition(slot: Slot, t: Transition, payload: Payload, state: SymState): SymState {
  const own = new Set(slot.model.fields.map((f) => f.name));
  const read = (name: string) => {
    if (!own.has(name)) return undefined;
    return state.get(`${slot.name}.${name}`) ?? field(slot, name);
  };
  const next = new Map(state);
  const whole = new Set(t.set.filter((a) => a.path === undefined).map((a) => a.field));
  for (const a of t.set) {
    if (!own.has(a.field)) continue;
    const flat = `${slot.name}.${a.field}`;
    // An indexed update: the field's value is not followed (a holder reading it is not proven).
    if (a.path !== undefined) {
      if (!whole.has(a.field))
        next.set(flat, synthetic({ kind: "name", name: `#${flat}`, param: false }));
      continue;
    }
    next.set(flat, readEvent(parseAccepted(a.expr), payload, read));
  }
  const sf = slot.model.machine.stateField;
  if (sf !== undefined) next.set(`${slot.name}.${sf}`, synthetic({ kind: "string", value: t.to }));
  return next;
}

/** A holder's value after a step: each field replaced by its symbolic value. */
function afterOf(holder: ExprNode, state: SymState): ExprNode {
  return mapExpr(holder, (n) => {
    if (n.kind !== "name" || !n.name.startsWith("@")) return undefined;
    const v = state.get(n.name.slice(1));
    if (v !== undefined && v.kind === "name" && v.name.startsWith("#"))
      throw new NotProven(`it updates '${n.name.slice(1)}' by an indexed effect`);
    return v;
  });
}
