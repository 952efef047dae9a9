/** Expressions: subset validation and type-checking of every expression in a Program. */
import type { Diagnostic } from "../diagnostic.js";
import { createCollector, suggestHint, type DiagnosticCollector } from "../diagnostics.js";
import type {
  Assignment,
  Entity,
  EventDecl,
  Expr,
  MapType,
  Program,
  Ref,
  Transition,
  TypeExpr,
} from "../ir/types.js";
import { programResolve, type Resolve } from "../ir/conform.js";
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
        const known = targetExists(entity, a, diags);
        if (a.index !== undefined) {
          const map = known && mapOf(program, entity.fields.find((f) => f.name === a.field)!.type);
          if (known && map === undefined)
            diags.report("indexed-set-not-map", { field: a.field }, a.loc);
          const ok = known && map !== undefined && typed;
          const ev = event ? { event } : {};
          accept(
            a.index,
            names,
            {
              ...base,
              ...ev,
              result: { kind: "key", field: a.field },
              role: `key of '${a.field}'`,
            },
            ok,
          );
          accept(
            a.expr,
            names,
            {
              ...base,
              ...ev,
              result: { kind: "entry", field: a.field },
              role: `${role} '${a.field}[…]'`,
            },
            ok,
          );
          return;
        }
        accept(
          a.expr,
          names,
          {
            ...base,
            ...(event ? { event } : {}),
            result: { kind: "field", field: a.field },
            role: `${role} '${a.field}'`,
          },
          known && typed,
        );
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
          wholeAndIndexed(t, diags);
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

/** The map type a field's type is (through named types), or undefined. */
export function mapOf(program: Program, type: TypeExpr): MapType | undefined {
  let t = type;
  for (let i = 0; i < 64 && t.kind === "ref" && t.target === "type"; i++) {
    const ref = t.ref;
    const next = program.domains
      .find((d) => d.name === ref.domain)
      ?.types.find((x) => x.name === ref.name)?.type;
    if (next === undefined) return undefined;
    t = next;
  }
  return t.kind === "map" ? t : undefined;
}

/** A field set whole and by entries in one transition has no single meaning: IC4031. */
function wholeAndIndexed(t: Transition, diags: DiagnosticCollector): void {
  const whole = new Set(t.set.filter((a) => a.index === undefined).map((a) => a.field));
  for (const a of t.set) {
    if (a.index !== undefined && whole.has(a.field))
      diags.report("indexed-set-conflict", { field: a.field }, a.loc);
  }
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
