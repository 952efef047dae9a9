/**
 * The findings of one search: each added once by its key (built only then: building a trace is
 * pure), cut at the first error when the search stops at the first; and the claims of absence
 * made when the search is over (states never reached, events never enabled).
 */
import type { CompiledInvariant, MachineModel } from "./model.js";
import type { ExploreFinding, Trace } from "./trace.js";

/** Findings by key, in the order first added. */
export class FindingLog {
  readonly list: ExploreFinding[] = [];
  /** Index of the first error finding when stopping at the first (-1 until one is found). */
  firstError = -1;
  private readonly once = new Set<string>();

  constructor(private readonly stopAtFirst: boolean) {}

  /** Add the finding `f()` unless one with `key` was added. */
  add(key: string, f: () => ExploreFinding): void {
    if (this.once.has(key)) return;
    this.once.add(key);
    const finding = f();
    this.list.push(finding);
    if (this.stopAtFirst && this.firstError < 0 && isError(finding))
      this.firstError = this.list.length - 1;
  }

  /** The search stopped at its first error. */
  get stopped(): boolean {
    return this.firstError >= 0;
  }
}

/**
 * Check the invariants `which` (indexes, ascending; all when undefined; its first `count` when
 * given) of `invariants` on a step from `prev` to `next`, adding what fails to `log` with the
 * trace `trace()` (built only then).
 */
export function checkInvariants(
  invariants: readonly CompiledInvariant[],
  log: FindingLog,
  prev: Readonly<Record<string, unknown>> | undefined,
  next: Readonly<Record<string, unknown>>,
  which: Int32Array | undefined,
  trace: () => Trace,
  count?: number,
): void {
  const n = which === undefined ? invariants.length : (count ?? which.length);
  for (let q = 0; q < n; q++) {
    const inv = invariants[which === undefined ? q : which[q]];
    let ok: boolean;
    try {
      ok = inv.holds(prev as Record<string, unknown> | undefined, next as Record<string, unknown>);
    } catch (e) {
      log.add(`throw:${inv.decl.name}`, () => ({
        kind: "expression-failed",
        what: `invariant '${inv.decl.name}'`,
        loc: inv.decl.holds.loc,
        error: errText(e),
        trace: trace(),
      }));
      continue;
    }
    if (!ok)
      log.add(`inv:${inv.decl.name}`, () => ({
        kind: "invariant-violated",
        invariant: inv.decl,
        trace: trace(),
        foundBy: "search",
      }));
  }
}

/** Whether a finding is an error (what `stopAtFirst` stops at). */
function isError(f: ExploreFinding): boolean {
  return (
    f.kind === "invariant-violated" ||
    f.kind === "deadlock" ||
    f.kind === "effect-breaks-type" ||
    f.kind === "expression-failed"
  );
}

/** What the search saw, for its claims of absence. */
export interface Seen {
  readonly states: ReadonlySet<string>;
  readonly events: ReadonlySet<string>;
  /** Events whose guards threw (reported as failing, not as never enabled). */
  readonly threw: ReadonlySet<string>;
  /** The search covered every reachable configuration with every value (the claims are unscoped). */
  readonly complete: boolean;
  readonly sampled: readonly string[];
}

/** Add the states never reached (but statically reachable) and the events never enabled. */
export function addAbsences(model: MachineModel, log: FindingLog, seen: Seen): void {
  const statically = staticallyReachable(model);
  const { complete, sampled } = seen;
  for (const s of model.machine.states) {
    if (!seen.states.has(s.name) && statically.has(s.name)) {
      log.add(`unreach:${s.name}`, () => ({
        kind: "unreachable-state",
        state: s.name,
        loc: s.loc,
        complete,
        sampled,
      }));
    }
  }
  for (const ev of model.events) {
    if (seen.events.has(ev.key) || seen.threw.has(ev.key)) continue;
    const ts = model.machine.states.flatMap((s) =>
      s.transitions.filter((t) => eventMatches(model, t.event, ev.key)),
    );
    log.add(`never:${ev.key}`, () => ({
      kind: "event-never-enabled",
      event: ev.key,
      loc: ts[0].loc,
      complete,
      sampled,
    }));
  }
}

/**
 * The sampled payload fields (`<event>.<field>` of `sampled`) of the events `state` handles: a
 * payload outside the samples might enable one of them, so a deadlock claim there is scoped.
 */
export function sampledPayloadsOf(
  model: MachineModel,
  sampled: readonly string[],
  state: string,
): string[] {
  const events = new Set(
    model.events.filter((e) => model.transitionsFor(state, e.key).length > 0).map((e) => e.key),
  );
  return sampled.filter(
    (f) =>
      events.has(f.slice(0, f.lastIndexOf("."))) && !f.startsWith(model.machine.entity.name + "."),
  );
}

/** States reachable from the initial one when every guard is ignored (the checker reports the rest). */
function staticallyReachable(model: MachineModel): Set<string> {
  const seen = new Set([model.machine.initial]);
  const work = [model.machine.initial];
  while (work.length > 0) {
    const s = model.machine.states.find((x) => x.name === work.pop());
    for (const t of s?.transitions ?? []) {
      if (!seen.has(t.to)) {
        seen.add(t.to);
        work.push(t.to);
      }
    }
  }
  return seen;
}

function eventMatches(
  model: MachineModel,
  ref: { domain: string; name: string },
  key: string,
): boolean {
  return (ref.domain === model.machine.domain ? ref.name : `${ref.domain}.${ref.name}`) === key;
}

/** The message of a thrown value. */
export function errText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
