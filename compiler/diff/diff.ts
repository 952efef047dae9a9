/**
 * The diff engine: every structural change between a base Program (usually the lock's, without
 * locations) and the current one. It judges nothing; rules.ts classifies the changes.
 */
import type {
  Api,
  Decl,
  Domain,
  Entity,
  EventDecl,
  Flow,
  Invariant,
  Loc,
  Program,
  Slice,
  TypeDecl,
} from "../ir/types.js";
import { diffFields, diffType, typeText, type DiffScope } from "./diff-types.js";
import { diffMachine } from "./diff-machine.js";
import { diffFlow } from "./diff-flow.js";
import { typeDirections } from "./direction.js";
import type { Change, Direction } from "./types.js";

/** The domain collections holding declarations, with the lock key kind. */
export const COLLECTIONS = [
  ["types", "type"],
  ["entities", "entity"],
  ["events", "event"],
  ["machines", "machine"],
  ["invariants", "invariant"],
  ["apis", "api"],
  ["flows", "flow"],
  ["slices", "slice"],
] as const;

type Emit = (c: Change) => void;

/** List every change from `before` to `after`, in a deterministic order. */
export function diffPrograms(before: Program, after: Program): Change[] {
  const out: Change[] = [];
  const emit: Emit = (c) => out.push(c);
  const beforeDirs = typeDirections(before);
  const afterDirs = typeDirections(after);
  const oldDomains = new Map(before.domains.map((d) => [d.name, d]));
  for (const d of before.domains) {
    if (!after.domains.some((n) => n.name === d.name)) {
      emit({
        rule: "domain-removed",
        domain: d.name,
        element: `${d.name}/domain/${d.name}`,
        path: d.name,
        direction: "both",
        before: d.version,
      });
    }
  }
  for (const d of after.domains) {
    const prev = oldDomains.get(d.name);
    if (prev === undefined) {
      emit({
        rule: "domain-added",
        domain: d.name,
        element: `${d.name}/domain/${d.name}`,
        path: d.name,
        direction: "both",
        after: d.version,
        loc: d.loc,
      });
      continue;
    }
    diffDomain(prev, d, (key) => joinDir(beforeDirs.get(key), afterDirs.get(key)), emit, after);
  }
  return out;
}

function joinDir(a: Direction | undefined, b: Direction | undefined): Direction {
  if (a === undefined) return b ?? "both";
  if (b === undefined || a === b) return a;
  return "both";
}

function diffDomain(
  before: Domain,
  after: Domain,
  dirOf: (key: string) => Direction,
  emit: Emit,
  program: Program,
): void {
  for (const [coll, kind] of COLLECTIONS) {
    const olds = before[coll] as readonly Decl[];
    const news = after[coll] as readonly Decl[];
    for (const o of olds) {
      if (news.some((n) => n.name === o.name)) continue;
      emit({
        rule: `${kind}-removed`,
        domain: after.name,
        element: `${after.name}/${kind}/${o.name}`,
        path: `${after.name}.${coll}.${o.name}`,
        direction: kind === "type" ? dirOf(`${after.name}/${o.name}`) : "both",
        before: o.name,
        loc: after.loc,
        facts: kind === "invariant" ? { persisted: true } : undefined,
      });
    }
    for (const n of news) {
      const o = olds.find((x) => x.name === n.name);
      const scope: DiffScope = {
        domain: after.name,
        element: `${after.name}/${kind}/${n.name}`,
        direction:
          kind === "type" ? dirOf(`${after.name}/${n.name}`) : kind === "event" ? "input" : "both",
      };
      const path = `${after.name}.${coll}.${n.name}`;
      if (o === undefined) {
        const persisted = kind === "invariant" ? isPersisted(after, n as Invariant) : undefined;
        emit({
          ...scope,
          rule: `${kind}-added`,
          path,
          after: n.name,
          loc: n.loc,
          facts: persisted === undefined ? undefined : { persisted },
        });
        continue;
      }
      if ((o.description ?? "") !== (n.description ?? "")) {
        emit({
          ...scope,
          rule: "description-changed",
          path,
          before: o.description,
          after: n.description,
          loc: n.loc,
        });
      }
      diffDecl(o, n, path, scope, after, emit, program);
    }
  }
}

function diffDecl(
  o: Decl,
  n: Decl,
  path: string,
  scope: DiffScope,
  domain: Domain,
  emit: Emit,
  program: Program,
): void {
  switch (n.kind) {
    case "type":
      diffType((o as TypeDecl).type, n.type, path, scope, n.loc, emit);
      return;
    case "entity": {
      const oe = o as Entity;
      if (oe.key !== n.key)
        emit({
          ...scope,
          rule: "entity-key-changed",
          path: `${path}.key`,
          before: oe.key,
          after: n.key,
          loc: n.loc,
        });
      diffFields(oe.fields, n.fields, `${path}.fields`, scope, n.loc, emit);
      return;
    }
    case "event":
      diffFields((o as EventDecl).fields, n.fields, `${path}.fields`, scope, n.loc, emit);
      return;
    case "machine":
      diffMachine(o as typeof n, n, path, scope, emit);
      return;
    case "invariant":
      diffInvariant(o as Invariant, n, path, scope, domain, emit);
      return;
    case "api":
      diffApi(o as Api, n, path, scope, emit);
      return;
    case "flow":
      diffFlow(o as Flow, n, path, scope, program, emit);
      return;
    case "slice":
      diffSlice(o as Slice, n, path, scope, emit);
      return;
  }
}

function isPersisted(domain: Domain, inv: Invariant): boolean {
  const e = domain.entities.find(
    (x) => x.name === inv.entity.name && domain.name === inv.entity.domain,
  );
  return e === undefined || e.key !== undefined;
}

function diffInvariant(
  o: Invariant,
  n: Invariant,
  path: string,
  scope: DiffScope,
  domain: Domain,
  emit: Emit,
): void {
  const persisted = isPersisted(domain, n);
  if (o.entity.domain !== n.entity.domain || o.entity.name !== n.entity.name) {
    emit({
      ...scope,
      rule: "invariant-entity-changed",
      path: `${path}.on`,
      before: o.entity.name,
      after: n.entity.name,
      loc: n.loc,
    });
    return;
  }
  if (o.holds.source !== n.holds.source || o.when?.source !== n.when?.source) {
    emit({
      ...scope,
      rule: "invariant-changed",
      path: `${path}.holds`,
      before: predicateText(o),
      after: predicateText(n),
      loc: (o.holds.source !== n.holds.source ? n.holds.loc : n.when?.loc) ?? n.loc,
      facts: { persisted },
      probe: {
        kind: "predicate",
        role: "invariant",
        entity: n.entity,
        before: o.holds,
        after: n.holds,
        beforeWhen: o.when,
        afterWhen: n.when,
      },
    });
  }
  if (o.severity !== n.severity) {
    emit({
      ...scope,
      rule: "invariant-severity-changed",
      path: `${path}.severity`,
      before: o.severity,
      after: n.severity,
      loc: n.loc,
    });
  }
}

/** `when → holds` as one line of text. */
export function predicateText(inv: Invariant): string {
  return inv.when ? `when ${inv.when.source}: ${inv.holds.source}` : inv.holds.source;
}

function diffApi(o: Api, n: Api, path: string, scope: DiffScope, emit: Emit): void {
  for (const op of o.operations) {
    if (!n.operations.some((x) => x.name === op.name))
      emit({
        ...scope,
        rule: "operation-removed",
        path: `${path}.operations.${op.name}`,
        before: op.name,
        loc: n.loc,
      });
  }
  for (const op of n.operations) {
    const p = `${path}.operations.${op.name}`;
    const prev = o.operations.find((x) => x.name === op.name);
    if (prev === undefined) {
      emit({ ...scope, rule: "operation-added", path: p, after: op.name, loc: op.loc });
      continue;
    }
    diffFields(prev.input, op.input, `${p}.input`, { ...scope, direction: "input" }, op.loc, emit);
    const outScope: DiffScope = { ...scope, direction: "output" };
    if (prev.output && op.output)
      diffType(prev.output, op.output, `${p}.output`, outScope, op.loc, emit);
    else if (prev.output || op.output) {
      emit({
        ...outScope,
        rule: "type-changed",
        path: `${p}.output`,
        before: prev.output && typeText(prev.output),
        after: op.output && typeText(op.output),
        loc: op.loc,
      });
    }
    for (const e of op.errors)
      if (!prev.errors.includes(e))
        emit({
          ...scope,
          rule: "operation-error-added",
          path: `${p}.errors.${e}`,
          after: e,
          loc: op.loc,
        });
    for (const e of prev.errors)
      if (!op.errors.includes(e))
        emit({
          ...scope,
          rule: "operation-error-removed",
          path: `${p}.errors.${e}`,
          before: e,
          loc: op.loc,
        });
  }
}

function targets(ts: Slice["uses"]): string[] {
  return ts.map((t) => `${t.ref.domain}.${t.ref.name}`).sort();
}

function diffSlice(o: Slice, n: Slice, path: string, scope: DiffScope, emit: Emit): void {
  const loc: Loc = n.loc;
  for (const key of ["implements", "uses"] as const) {
    const a = targets(o[key]);
    const b = targets(n[key]);
    if (a.join("|") !== b.join("|"))
      emit({
        ...scope,
        rule: "slice-interface-changed",
        path: `${path}.${key}`,
        before: a,
        after: b,
        loc,
      });
  }
  for (const key of ["writes", "reads", "network", "tools"] as const) {
    const a = [...o[key]].sort();
    const b = [...n[key]].sort();
    if (a.join("|") !== b.join("|"))
      emit({
        ...scope,
        rule: "slice-scope-changed",
        path: `${path}.${key}`,
        before: a,
        after: b,
        loc,
      });
  }
  if (o.risk !== n.risk)
    emit({
      ...scope,
      rule: "slice-risk-changed",
      path: `${path}.risk`,
      before: o.risk,
      after: n.risk,
      loc,
    });
  if (o.says !== n.says || o.budgetTokens !== n.budgetTokens)
    emit({ ...scope, rule: "slice-brief-changed", path, loc });
}
