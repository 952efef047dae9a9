/**
 * The diff of one flow (docs/intent-language.md "Flows"): its steps and value, and the parts that
 * make it a checked system — participants, holders (the conserved quantity), flow invariants and
 * each step's `with:` mapping, `to:` instance and `async:` delivery. Steps are paired by their
 * text (`a.ev -> b.ev`, n-th occurrence), so a step that moved is compared with itself. Judges
 * nothing: rules.ts classifies, with the same philosophy as for entity invariants (a guarantee
 * added binds stored data: error when a participant's records are stored (its entity has a key);
 * a guarantee lost is an error; a rewrite that may mean the same is a warn).
 */
import type { Flow, FlowInvariant, FlowStep, Program } from "../ir/types.js";
import { flowParticipants } from "../ir/flows.js";
import type { DiffScope } from "./diff-types.js";
import type { Change } from "./types.js";

type Emit = (c: Change) => void;

const refText = (r: { domain: string; name: string }) => `${r.domain}.${r.name}`;

function stepKey(s: FlowStep): string {
  return `${refText(s.event)}${s.triggers ? ` -> ${refText(s.triggers)}` : ""}`;
}

/** The steps as text (`payments.capture -> orders.pay`), the form of `flow-steps-changed`. */
export function stepText(f: Flow): string[] {
  return f.steps.map(stepKey);
}

/** `field: expr` pairs of a step's mapping, sorted by field (undefined: no mapping). */
function mappingText(s: FlowStep): string | undefined {
  if (s.with === undefined) return undefined;
  return `{ ${[...s.with]
    .sort((a, b) => (a.field < b.field ? -1 : a.field > b.field ? 1 : 0))
    .map((a) => `${a.field}: ${a.expr.source}`)
    .join(", ")} }`;
}

function invariantText(inv: FlowInvariant): string {
  return inv.when ? `when ${inv.when.source}: ${inv.holds.source}` : inv.holds.source;
}

/**
 * Whether records a flow invariant reads are stored: some participant's entity has a key (or is
 * unknown, to be safe), as `isPersisted` decides for an entity invariant.
 */
function persisted(program: Program, flow: Flow): boolean {
  const ps = flowParticipants(program, flow);
  return ps.length === 0 || ps.some((p) => p.entity === undefined || p.entity.key !== undefined);
}

/** Every change from flow `o` to flow `n` (`path` is `<domain>.flows.<name>`). */
export function diffFlow(
  o: Flow,
  n: Flow,
  path: string,
  scope: DiffScope,
  program: Program,
  emit: Emit,
): void {
  const a = stepText(o);
  const b = stepText(n);
  if (a.join("|") !== b.join("|"))
    emit({
      ...scope,
      rule: "flow-steps-changed",
      path: `${path}.steps`,
      before: a,
      after: b,
      loc: n.loc,
    });
  const ov = o.value && refText(o.value);
  const nv = n.value && refText(n.value);
  if (ov !== nv)
    emit({
      ...scope,
      rule: "flow-value-changed",
      path: `${path}.value`,
      before: ov,
      after: nv,
      loc: n.valueLoc ?? n.loc,
    });
  diffParticipants(o, n, path, scope, emit);
  diffHolders(o, n, path, scope, emit);
  diffFlowInvariants(o, n, path, scope, persisted(program, n), emit);
  diffStepParts(o, n, path, scope, emit);
}

function diffParticipants(o: Flow, n: Flow, path: string, scope: DiffScope, emit: Emit): void {
  const olds = o.participants ?? [];
  const news = n.participants ?? [];
  for (const p of olds) {
    if (!news.some((x) => x.name === p.name)) {
      emit({
        ...scope,
        rule: "flow-participant-removed",
        path: `${path}.participants.${p.name}`,
        before: refText(p.machine),
        loc: n.loc,
      });
    }
  }
  for (const p of news) {
    const q = olds.find((x) => x.name === p.name);
    const at = `${path}.participants.${p.name}`;
    if (q === undefined) {
      emit({
        ...scope,
        rule: "flow-participant-added",
        path: at,
        after: refText(p.machine),
        loc: p.loc,
      });
    } else if (refText(q.machine) !== refText(p.machine)) {
      emit({
        ...scope,
        rule: "flow-participant-machine-changed",
        path: `${at}.machine`,
        before: refText(q.machine),
        after: refText(p.machine),
        loc: p.loc,
      });
    } else if (q.instances !== p.instances) {
      emit({
        ...scope,
        rule: "flow-participant-instances-changed",
        path: `${at}.instances`,
        before: q.instances,
        after: p.instances,
        loc: p.loc,
      });
    }
  }
}

function diffHolders(o: Flow, n: Flow, path: string, scope: DiffScope, emit: Emit): void {
  const a = o.holders?.map((h) => h.source);
  const b = n.holders?.map((h) => h.source);
  const at = `${path}.holders`;
  const loc = n.holders?.[0]?.loc ?? n.loc;
  if (a === undefined && b !== undefined)
    emit({ ...scope, rule: "flow-holders-added", path: at, after: b, loc });
  else if (a !== undefined && b === undefined)
    emit({ ...scope, rule: "flow-holders-removed", path: at, before: a, loc });
  else if (
    a !== undefined &&
    b !== undefined &&
    [...a].sort().join("\n") !== [...b].sort().join("\n")
  ) {
    emit({ ...scope, rule: "flow-holders-changed", path: at, before: a, after: b, loc });
  }
}

function diffFlowInvariants(
  o: Flow,
  n: Flow,
  path: string,
  scope: DiffScope,
  stored: boolean,
  emit: Emit,
): void {
  const olds = o.invariants ?? [];
  const news = n.invariants ?? [];
  for (const inv of olds) {
    if (!news.some((x) => x.name === inv.name)) {
      emit({
        ...scope,
        rule: "flow-invariant-removed",
        path: `${path}.invariants.${inv.name}`,
        before: inv.name,
        loc: n.loc,
      });
    }
  }
  for (const inv of news) {
    const prev = olds.find((x) => x.name === inv.name);
    const at = `${path}.invariants.${inv.name}`;
    if (prev === undefined) {
      emit({
        ...scope,
        rule: "flow-invariant-added",
        path: at,
        after: inv.name,
        loc: inv.loc,
        facts: { persisted: stored },
      });
      continue;
    }
    if (invariantText(prev) !== invariantText(inv)) {
      emit({
        ...scope,
        rule: "flow-invariant-changed",
        path: `${at}.holds`,
        before: invariantText(prev),
        after: invariantText(inv),
        loc: inv.holds.loc ?? inv.loc,
      });
    }
    if (prev.severity !== inv.severity) {
      emit({
        ...scope,
        rule: "flow-invariant-severity-changed",
        path: `${at}.severity`,
        before: prev.severity,
        after: inv.severity,
        loc: inv.loc,
      });
    }
  }
}

/** Pair each new step with the old step of the same text and occurrence; compare their parts. */
function diffStepParts(o: Flow, n: Flow, path: string, scope: DiffScope, emit: Emit): void {
  const seen = new Map<string, number>();
  n.steps.forEach((s, i) => {
    const key = stepKey(s);
    const k = seen.get(key) ?? 0;
    seen.set(key, k + 1);
    const prev = o.steps.filter((x) => stepKey(x) === key)[k];
    if (prev === undefined || s.triggers === undefined) return;
    const at = `${path}.steps.${i}`;
    const [wa, wb] = [mappingText(prev), mappingText(s)];
    if (wa !== wb)
      emit({
        ...scope,
        rule: "flow-mapping-changed",
        path: `${at}.with`,
        before: wa,
        after: wb,
        loc: s.loc,
      });
    if (prev.to?.source !== s.to?.source)
      emit({
        ...scope,
        rule: "flow-target-changed",
        path: `${at}.to`,
        before: prev.to?.source,
        after: s.to?.source,
        loc: s.to?.loc ?? s.loc,
      });
    if ((prev.async === true) !== (s.async === true)) {
      emit({
        ...scope,
        rule: s.async === true ? "flow-step-made-async" : "flow-step-made-atomic",
        path: `${at}.async`,
        before: prev.async === true,
        after: s.async === true,
        loc: s.loc,
      });
    }
  });
}
