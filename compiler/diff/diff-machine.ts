/** Structural diff of state machines: states, initial state, transitions, guards, effects. */
import type { Machine, Transition } from "../ir/types.js";
import { eventKey as eventKeyIn } from "../ir/event-key.js";
import { targetText } from "../ir/target.js";
import type { DiffScope } from "./diff-types.js";
import type { Change } from "./types.js";

type Emit = (c: Change) => void;

function eventKey(t: Transition, domain: string): string {
  return eventKeyIn(domain, t.event);
}

function byEvent(ts: readonly Transition[], domain: string): Map<string, Transition[]> {
  const m = new Map<string, Transition[]>();
  for (const t of ts) {
    const k = eventKey(t, domain);
    m.set(k, [...(m.get(k) ?? []), t]);
  }
  return m;
}

/** The effects as one text (`paid = paid + event.amount; …`), or undefined when there are none. */
function effectText(t: Transition): string | undefined {
  return assignmentsText(t.set);
}

function assignmentsText(list: Machine["init"]): string | undefined {
  return list.length === 0
    ? undefined
    : list
        .map((a) => `${targetText(a.field, a.path)} = ${a.expr.source}`)
        .sort()
        .join("; ");
}

/** Compare two versions of one machine. */
export function diffMachine(
  o: Machine,
  n: Machine,
  path: string,
  scope: DiffScope,
  emit: Emit,
): void {
  const observed = n.stateField !== undefined;
  if (o.entity.domain !== n.entity.domain || o.entity.name !== n.entity.name) {
    emit({
      ...scope,
      rule: "machine-entity-changed",
      path: `${path}.entity`,
      before: o.entity.name,
      after: n.entity.name,
      loc: n.loc,
    });
  }
  if (o.initial !== n.initial)
    emit({
      ...scope,
      rule: "initial-state-changed",
      path: `${path}.initial`,
      before: o.initial,
      after: n.initial,
      loc: n.loc,
    });
  const oi = assignmentsText(o.init);
  const ni = assignmentsText(n.init);
  if (oi !== ni)
    emit({
      ...scope,
      rule: "machine-init-changed",
      path: `${path}.init`,
      before: oi,
      after: ni,
      loc: n.loc,
    });
  for (const s of o.states) {
    if (!n.states.some((x) => x.name === s.name))
      emit({
        ...scope,
        rule: "state-removed",
        path: `${path}.states.${s.name}`,
        before: s.name,
        loc: n.loc,
      });
  }
  for (const s of n.states) {
    const sp = `${path}.states.${s.name}`;
    const prev = o.states.find((x) => x.name === s.name);
    if (prev === undefined) {
      emit({
        ...scope,
        rule: "state-added",
        path: sp,
        after: s.name,
        loc: s.loc,
        facts: { observed },
      });
      continue;
    }
    if (!prev.final && s.final) emit({ ...scope, rule: "state-made-final", path: sp, loc: s.loc });
    if (prev.final && !s.final)
      emit({ ...scope, rule: "state-made-non-final", path: sp, loc: s.loc });
    if ((prev.description ?? "") !== (s.description ?? "")) {
      emit({
        ...scope,
        rule: "description-changed",
        path: sp,
        before: prev.description,
        after: s.description,
        loc: s.loc,
      });
    }
    const olds = byEvent(prev.transitions, n.domain);
    const news = byEvent(s.transitions, n.domain);
    for (const [ev, list] of olds) {
      const now = news.get(ev) ?? [];
      for (let i = now.length; i < list.length; i++) {
        emit({
          ...scope,
          rule: "transition-removed",
          path: `${sp}.on.${ev}${list.length > 1 ? `[${i}]` : ""}`,
          before: list[i].to,
          loc: s.loc,
        });
      }
    }
    for (const [ev, list] of news) {
      const was = olds.get(ev) ?? [];
      list.forEach((t, i) => {
        const tp = `${sp}.on.${ev}${list.length > 1 || was.length > 1 ? `[${i}]` : ""}`;
        const p = was[i];
        if (p === undefined) {
          emit({ ...scope, rule: "transition-added", path: tp, after: t.to, loc: t.loc });
          return;
        }
        if (p.to !== t.to)
          emit({
            ...scope,
            rule: "transition-target-changed",
            path: `${tp}.to`,
            before: p.to,
            after: t.to,
            loc: t.loc,
          });
        if (p.guard?.source !== t.guard?.source) {
          const probe = {
            kind: "predicate" as const,
            role: "guard" as const,
            entity: n.entity,
            event: t.event,
            before: p.guard,
            after: t.guard,
          };
          const rule =
            p.guard === undefined
              ? "guard-added"
              : t.guard === undefined
                ? "guard-removed"
                : "guard-changed";
          emit({
            ...scope,
            direction: "input",
            rule,
            path: `${tp}.guard`,
            before: p.guard?.source,
            after: t.guard?.source,
            loc: t.guard?.loc ?? t.loc,
            probe,
          });
        }
        if (effectText(p) !== effectText(t)) {
          emit({
            ...scope,
            rule: "transition-effect-changed",
            path: `${tp}.set`,
            before: effectText(p),
            after: effectText(t),
            loc: t.loc,
          });
        }
      });
    }
  }
}
