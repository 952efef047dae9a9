/** Expressions: subset validation and type-checking of every expression in a Program. */
import type { Diagnostic } from "../diagnostic.js";
import { createCollector, suggestHint, type DiagnosticCollector } from "../diagnostics.js";
import type {
  Assignment,
  Entity,
  EventDecl,
  Expr,
  Field,
  Program,
  Ref,
  TargetStep,
  Transition,
} from "../ir/types.js";
import { programResolve, type Resolve } from "../ir/conform.js";
import { targetText } from "../ir/target.js";
import { parseExpr, type NameScope } from "./parse.js";
import { typeCheckExpressions, type TypeCheckItem } from "./typecheck.js";

const INIT_SCOPE: NameScope = {
  fields: [],
  event: false,
  prev: false,
  unknownHint:
    "Initial values (`init`) are constant expressions; they cannot read fields or the event.",
};

/** Validate and type-check every guard, effect, init value and invariant in the program. */
export function checkExpressions(program: Program): Diagnostic[] {
  const { diagnostics, items } = expressionItems(program);
  return [...diagnostics, ...typeCheckExpressions(program, items)];
}

/** Parse every expression: the subset diagnostics, and the accepted expressions to type-check. */
export function expressionItems(program: Program): {
  diagnostics: Diagnostic[];
  items: TypeCheckItem[];
} {
  const diags = createCollector();
  const items: TypeCheckItem[] = [];
  const resolve = programResolve(program);
  const accept = (
    expr: Expr,
    names: NameScope,
    base: Omit<TypeCheckItem, "expr" | "node">,
    typed: boolean,
  ) => {
    const [node, parseDiags] = parseExpr(expr, names);
    diags.addAll(parseDiags);
    if (node && typed) items.push({ ...base, expr, node });
  };

  for (const domain of program.domains) {
    for (const machine of domain.machines) {
      const entity = findEntity(program, machine.entity);
      // An unknown entity was reported by bind; there is nothing to check the expressions against.
      if (!entity) continue;
      const fields = entity.fields.map((f) => f.name);
      const scope = (event: boolean): NameScope => ({ fields, event, prev: false });
      const base = { domain: domain.name, entity: machine.entity, prev: false };
      const assign = (
        a: Assignment,
        role: string,
        event: Ref | undefined,
        typed: boolean,
        names: NameScope,
      ) => {
        const ev = event ? { event } : {};
        const known = targetExists(entity, a, diags);
        if (a.path === undefined) {
          accept(
            a.expr,
            names,
            {
              ...base,
              ...ev,
              result: { kind: "field", field: a.field },
              role: `${role} '${a.field}'`,
            },
            known && typed,
          );
          return;
        }
        const field = known ? entity.fields.find((f) => f.name === a.field) : undefined;
        const ok = field !== undefined && targetFits(resolve, field, a, diags) && typed;
        a.path.forEach((step, i) => {
          if (step.kind !== "entry") return;
          const map = targetText(a.field, a.path!.slice(0, i));
          const result = { kind: "key", field: a.field, path: a.path!.slice(0, i) } as const;
          accept(step.key, names, { ...base, ...ev, result, role: `key of '${map}'` }, ok);
        });
        const result = { kind: "part", field: a.field, path: a.path } as const;
        const part = elidedTarget(a);
        accept(a.expr, names, { ...base, ...ev, result, role: `${role} '${part}'` }, ok);
      };
      // Initial values are constants: the other fields range over their types, so none can be read.
      for (const a of machine.init)
        assign(a, "initial value of", undefined, true, initScope(resolve, entity, a));
      for (const state of machine.states) {
        for (const t of state.transitions) {
          const hasEvent = findEvent(program, t.event) !== undefined;
          if (t.guard) {
            accept(
              t.guard,
              scope(true),
              { ...base, event: t.event, result: { kind: "boolean" }, role: "guard" },
              hasEvent,
            );
          }
          for (const a of t.set) assign(a, "value for", t.event, hasEvent, scope(true));
          overlappingTargets(t, diags);
        }
      }
    }
    for (const inv of domain.invariants) {
      const entity = findEntity(program, inv.entity);
      if (!entity) continue;
      const names: NameScope = {
        fields: entity.fields.map((f) => f.name),
        event: false,
        prev: true,
      };
      const base = {
        domain: domain.name,
        entity: inv.entity,
        prev: true,
        result: { kind: "boolean" } as const,
      };
      if (inv.when)
        accept(
          inv.when,
          names,
          { ...base, role: `condition ('when') of invariant '${inv.name}'` },
          true,
        );
      accept(
        inv.holds,
        names,
        { ...base, role: `rule ('holds') of invariant '${inv.name}'` },
        true,
      );
    }
  }
  return { diagnostics: [...diags.diagnostics], items };
}

/** The init scope; a bare name that is a value of the field's enum (`dir: west`) gets "quote it". */
function initScope(resolve: Resolve, entity: Entity, a: Assignment): NameScope {
  const field = entity.fields.find((f) => f.name === a.field);
  const type = field && resolve(field.type);
  const name = a.expr.source.trim();
  if (type?.kind !== "enum" || !type.values.includes(name)) return INIT_SCOPE;
  return {
    ...INIT_SCOPE,
    unknownHint: `'${name}' is a value of the field's type: quote it: \`"'${name}'"\`.`,
  };
}

/**
 * Two targets of one transition where one lies inside the other (`m` and `m[k]`, `m[k]` and
 * `m[k].f`, keys compared as parsed) have no single meaning: every effect reads the state before
 * the step. The whole field and an entry is IC4031, every other overlap IC4036. Equal targets are
 * not an overlap: entries with equal keys are replaced in order (the later one wins).
 */
function overlappingTargets(t: Transition, diags: DiagnosticCollector): void {
  const keyed = t.set.map((a) => ({ a, steps: (a.path ?? []).map(stepKey) }));
  for (const inner of keyed) {
    const outer = keyed.find(
      (o) =>
        o.a.field === inner.a.field &&
        o.steps.length < inner.steps.length &&
        o.steps.every((s, i) => s === inner.steps[i]),
    );
    if (outer === undefined) continue;
    if (outer.steps.length === 0 && inner.a.path![0].kind === "entry")
      diags.report("indexed-set-conflict", { field: inner.a.field }, inner.a.loc);
    else
      diags.report(
        "set-target-overlap",
        {
          whole: targetText(outer.a.field, outer.a.path),
          part: targetText(inner.a.field, inner.a.path),
        },
        inner.a.loc,
      );
  }
}

/** A step compared by meaning: a key by its syntax tree (positions left out), a field by name. */
function stepKey(s: TargetStep): string {
  if (s.kind === "member") return `.${s.name}`;
  const [node] = parseExpr(s.key);
  const POSITIONS = new Set(["start", "end", "paren", "opStart"]);
  return node === undefined
    ? `[?${s.key.source}]`
    : `[${JSON.stringify(node, (k, v: unknown) => (POSITIONS.has(k) ? undefined : v))}]`;
}

/** The target with its keys elided, as wrong-type messages name it: `accounts[…].balance`. */
function elidedTarget(a: Assignment): string {
  return a.field + (a.path ?? []).map((s) => (s.kind === "entry" ? "[…]" : `.${s.name}`)).join("");
}

/**
 * Whether each step of a target applies to the value before it: an entry to a map or set
 * (IC4030), a field to a record (IC4033) that declares it (IC4034), never through a value that
 * may be absent (IC4035). Reported at the YAML key; false stops type-checking the assignment.
 */
function targetFits(
  resolve: Resolve,
  field: Field,
  a: Assignment,
  diags: DiagnosticCollector,
): boolean {
  let type = field.type;
  let optional = field.optional;
  const path = a.path ?? [];
  for (let i = 0; i < path.length; i++) {
    const step = path[i];
    const before = targetText(a.field, path.slice(0, i));
    if (optional) {
      diags.report(
        "set-through-optional",
        { target: targetText(a.field, path), part: before },
        a.loc,
      );
      return false;
    }
    const t = resolve(type);
    if (step.kind === "entry") {
      if (t.kind !== "map") {
        diags.report("indexed-set-not-map", { field: before }, a.loc);
        return false;
      }
      type = t.values;
      continue;
    }
    if (t.kind !== "object") {
      diags.report(
        "member-set-not-record",
        { target: targetText(a.field, path.slice(0, i + 1)), part: before },
        a.loc,
      );
      return false;
    }
    const member = t.fields.find((f) => f.name === step.name);
    if (member === undefined) {
      const hint = suggestHint(
        step.name,
        t.fields.map((f) => f.name),
      );
      diags.report(
        "member-set-unknown",
        { part: before, name: step.name },
        a.loc,
        hint !== undefined ? { hint } : {},
      );
      return false;
    }
    type = member.type;
    optional = member.optional;
  }
  return true;
}

function targetExists(entity: Entity, a: Assignment, diags: DiagnosticCollector): boolean {
  if (entity.fields.some((f) => f.name === a.field)) return true;
  const hint = suggestHint(
    a.field,
    entity.fields.map((f) => f.name),
  );
  diags.report(
    "unknown-field",
    { entity: entity.name, name: a.field },
    a.loc,
    hint !== undefined ? { hint } : {},
  );
  return false;
}

function findEntity(program: Program, ref: Ref): Entity | undefined {
  return program.domains
    .find((d) => d.name === ref.domain)
    ?.entities.find((e) => e.name === ref.name);
}

function findEvent(program: Program, ref: Ref): EventDecl | undefined {
  return program.domains
    .find((d) => d.name === ref.domain)
    ?.events.find((e) => e.name === ref.name);
}
