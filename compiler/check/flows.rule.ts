/**
 * Flow rules: every event a step names is handled by a participant (IC3230); a triggered event's
 * payload is produced from the trigger's — the same field names with compatible types, or an
 * explicit `with:` mapping type-checked like every expression (IC3231–IC3233, IC4xxx); triggers
 * never form a cycle (IC3236); a flow's `value:` is numeric (IC3234) and, when its steps pass
 * payloads on (`a -> b`), the type of a field a step moves (IC3235, not reported as a cascade of a
 * step's payload error); its invariants and holders are type-checked over the participants'
 * records (IC4xxx). The type-fit rules live in check/flows-fit.ts.
 */
import { suggestHint, type DiagnosticCollector } from "../diagnostics.js";
import { parseExpr, type NameScope } from "../expr/parse.js";
import { closestName } from "../shared/suggest.js";
import { typeCheckExpressions, type TypeCheckItem } from "../expr/typecheck.js";
import {
  flowParticipants,
  handlersOf,
  systemProgram,
  VALUE_FIELD,
  type Participant,
} from "../ir/flows.js";
import type { EventDecl, Field, Flow, FlowStep, Program, Ref, TypeExpr } from "../ir/types.js";
import { article, fieldProblem, resolve, typeProblem, typeText } from "./flows-fit.js";

/** Run the flow rules. */
export function checkFlows(program: Program, diags: DiagnosticCollector): void {
  for (const d of program.domains) for (const f of d.flows) checkFlow(program, f, diags);
}

function checkFlow(program: Program, flow: Flow, diags: DiagnosticCollector): void {
  const participants = flowParticipants(program, flow);
  const scope = flow.participants === undefined ? "machine" : "participant of the flow";
  const reported = new Set<string>();
  for (const step of flow.steps) {
    for (const ev of step.triggers ? [step.event, step.triggers] : [step.event]) {
      const key = `${ev.domain}.${ev.name}`;
      if (handlersOf(participants, ev).length === 0 && !reported.has(key)) {
        reported.add(key);
        diags.report("flow-event-unhandled", { event: key, flow: flow.name, scope }, step.loc);
      }
    }
  }
  const mappings: TypeCheckItem[] = [];
  const payloads: Payloads = { moved: [], unresolved: [] };
  for (const step of flow.steps) {
    if (step.triggers === undefined) continue;
    const source = findEvent(program, step.event);
    const target = findEvent(program, step.triggers);
    if (source === undefined || target === undefined) continue;
    if (step.with === undefined)
      checkSameNames(program, flow, step, source, target, diags, payloads);
    else mappings.push(...checkMapping(flow, step, source, target, diags, payloads));
    if (step.to !== undefined) {
      const [node, parseDiags] = parseExpr(step.to, {
        fields: [],
        event: true,
        prev: false,
        unknownHint: triggerFieldHint(
          source,
          "`to:` reads the trigger's payload as `event.<field>`.",
        ),
      });
      diags.addAll(parseDiags);
      if (node !== undefined) {
        const entity = { domain: MAPPING_DOMAIN, name: payloadEntityName(step) };
        mappings.push({
          expr: step.to,
          node,
          domain: flow.domain,
          entity,
          event: step.event,
          prev: false,
          result: { kind: "field", field: INSTANCE_FIELD },
          role: `instance ('to') of '${refText(target)}'`,
        });
      }
    }
  }
  checkCycles(flow, diags);
  if (mappings.length > 0)
    diags.addAll(typeCheckExpressions(mappingProgram(program, flow), mappings));
  checkValue(program, flow, payloads, diags);
  checkSystemExpressions(program, flow, participants, diags);
}

/**
 * The payload fields the steps pass on: `moved` made it (the value check compares their types),
 * `unresolved` are fields of a step whose payload error was already reported — what the step was
 * meant to move is unknown, so the value check does not report a cascade from them.
 */
interface Payloads {
  readonly moved: { field: Field; loc: FlowStep["loc"] }[];
  readonly unresolved: Field[];
}

/** Shorthand `a -> b`: each payload field of `b` is `a`'s field of the same name. */
function checkSameNames(
  program: Program,
  flow: Flow,
  step: FlowStep,
  source: EventDecl,
  target: EventDecl,
  diags: DiagnosticCollector,
  payloads: Payloads,
): void {
  const trigger = refText(step.event);
  const targetName = refText(target);
  for (const tf of target.fields) {
    const sf = source.fields.find((f) => f.name === tf.name);
    if (sf === undefined) {
      if (!tf.optional) {
        diags.report(
          "flow-payload-missing",
          {
            flow: flow.name,
            target: targetName,
            field: tf.name,
            reason: `which '${trigger}' does not provide`,
          },
          step.loc,
        );
        payloads.unresolved.push(tf);
      }
      continue;
    }
    const problem = fieldProblem(program, sf, tf);
    if (problem !== undefined) {
      diags.report(
        "flow-payload-mismatch",
        {
          flow: flow.name,
          target: `${targetName}.${tf.name}`,
          targetType: typeText(tf.type),
          source: `${trigger}.${sf.name}`,
          sourceType: typeText(sf.type),
          problem,
        },
        step.loc,
        {
          related: [
            { message: `'${trigger}.${sf.name}' is declared here`, loc: sf.loc },
            { message: `'${targetName}.${tf.name}' is declared here`, loc: tf.loc },
          ],
        },
      );
      payloads.unresolved.push(tf);
    } else payloads.moved.push({ field: sf, loc: step.loc });
  }
}

/**
 * `with:` mapping: known target fields, every required one given, each expression over the
 * trigger's `event`. A misspelled key gets a did-you-mean; a required field left unmapped is named
 * with the keys the mapping has.
 */
function checkMapping(
  flow: Flow,
  step: FlowStep,
  source: EventDecl,
  target: EventDecl,
  diags: DiagnosticCollector,
  payloads: Payloads,
): TypeCheckItem[] {
  const items: TypeCheckItem[] = [];
  const targetName = refText(target);
  const trigger = refText(step.event);
  const targetFields = target.fields.map((f) => f.name);
  const assignments = step.with ?? [];
  const names: NameScope = {
    fields: [],
    event: true,
    prev: false,
    unknownHint: triggerFieldHint(
      source,
      "A payload mapping reads the trigger's payload as `event.<field>`.",
    ),
  };
  const mapped = new Set<string>();
  const unknownKeys: string[] = [];
  let reported = false;
  for (const a of assignments) {
    const tf = target.fields.find((f) => f.name === a.field);
    if (tf === undefined) {
      diags.report(
        "flow-payload-unknown-field",
        { flow: flow.name, target: targetName, field: a.field },
        a.loc,
        {
          hint:
            suggestHint(a.field, targetFields) ??
            (targetFields.length === 0
              ? `'${targetName}' carries no payload: drop the key.`
              : `The payload fields of '${targetName}' are ${quoteList(targetFields)}.`),
        },
      );
      unknownKeys.push(a.field);
      reported = true;
      continue;
    }
    const [node, parseDiags] = parseExpr(a.expr, names);
    diags.addAll(parseDiags);
    if (node === undefined) {
      reported = true;
      continue;
    }
    mapped.add(tf.name);
    payloads.moved.push({ field: tf, loc: a.loc });
    items.push({
      expr: a.expr,
      node,
      domain: flow.domain,
      entity: { domain: MAPPING_DOMAIN, name: payloadEntityName(step) },
      event: step.event,
      prev: false,
      result: { kind: "field", field: a.field },
      role: `payload field '${a.field}' of '${targetName}'`,
    });
  }
  const keys = assignments.map((a) => a.field);
  for (const tf of target.fields) {
    if (tf.optional || keys.includes(tf.name)) continue;
    reported = true;
    const misspelled = unknownKeys.find((k) => closestName(k, targetFields) === tf.name);
    const sourceField = source.fields.find((f) => f.name === tf.name);
    diags.report(
      "flow-payload-missing",
      {
        flow: flow.name,
        target: targetName,
        field: tf.name,
        reason: `but the step's 'with:' has no key '${tf.name}' (${keys.length === 0 ? "it has no keys" : `its keys: ${quoteList(keys)}`})`,
      },
      step.loc,
      {
        hint:
          misspelled !== undefined
            ? `Rename the key '${misspelled}' to '${tf.name}'.`
            : sourceField !== undefined
              ? `Add \`${tf.name}: "event.${tf.name}"\` to the step's 'with:'.`
              : `Add \`${tf.name}: "<expression over event>"\` to the step's 'with:'; '${trigger}' carries ${source.fields.length === 0 ? "no payload" : quoteList(source.fields.map((f) => f.name))}.`,
        related: [{ message: `'${targetName}.${tf.name}' is declared here`, loc: tf.loc }],
      },
    );
  }
  if (reported) payloads.unresolved.push(...target.fields.filter((f) => !mapped.has(f.name)));
  return items;
}

/**
 * The hint for an unknown name in an expression over the trigger's payload: the trigger's field it
 * probably means (`amout` → `event.amount`), else what the trigger carries.
 */
function triggerFieldHint(source: EventDecl, base: string): (name: string) => string {
  const fields = source.fields.map((f) => f.name);
  return (name) => {
    const close = closestName(name, fields);
    if (close !== undefined) return `Did you mean 'event.${close}'? ${base}`;
    return `${base} '${refText(source)}' carries ${fields.length === 0 ? "no payload" : quoteList(fields)}.`;
  };
}

const MAPPING_DOMAIN = "$flow";
/** The hidden field of a payload entity typed as an instance index (the result type of `to:`). */
const INSTANCE_FIELD = "$to";
const payloadEntityName = (step: FlowStep) => `${step.triggers?.domain}_${step.triggers?.name}`;

/** `program` plus one entity per triggered event whose fields are that event's payload (the result types of a mapping). */
function mappingProgram(program: Program, flow: Flow): Program {
  const entities = flow.steps.flatMap((s) => {
    const target = s.triggers && (s.with || s.to) ? findEvent(program, s.triggers) : undefined;
    const index: Field = {
      name: INSTANCE_FIELD,
      type: { kind: "primitive", name: "integer", constraints: { minimum: 0 } },
      optional: false,
      loc: s.loc,
    };
    return target
      ? [
          {
            kind: "entity" as const,
            domain: MAPPING_DOMAIN,
            name: payloadEntityName(s),
            approvedBreaking: [],
            fields: [...target.fields, index],
            loc: s.loc,
          },
        ]
      : [];
  });
  const base = program.domains[0];
  const domain = {
    ...base,
    name: MAPPING_DOMAIN,
    types: [],
    entities,
    events: [],
    machines: [],
    invariants: [],
    apis: [],
    flows: [],
    slices: [],
  };
  return { ...program, domains: [...program.domains, domain] };
}

/** A trigger reached again from itself through triggers (a flow's triggered events are taken in one step). */
function checkCycles(flow: Flow, diags: DiagnosticCollector): void {
  const next = new Map<string, string[]>();
  for (const s of flow.steps) {
    if (s.triggers === undefined) continue;
    const from = refText(s.event);
    next.set(from, [...(next.get(from) ?? []), refText(s.triggers)]);
  }
  for (const s of flow.steps) {
    if (s.triggers === undefined) continue;
    const start = refText(s.event);
    const path = [start];
    const seen = new Set<string>();
    const visit = (e: string): string[] | undefined => {
      for (const n of next.get(e) ?? []) {
        if (n === start) return [...path, n];
        if (seen.has(n)) continue;
        seen.add(n);
        path.push(n);
        const found = visit(n);
        if (found) return found;
        path.pop();
      }
      return undefined;
    };
    const cycle = visit(start);
    if (cycle) {
      diags.report("flow-trigger-cycle", { flow: flow.name, cycle: cycle.join(" -> ") }, s.loc);
      return;
    }
  }
}

/**
 * `value:` is numeric and the type of a field some step moves. Not reported when a step whose
 * payload error was already reported leaves a field of that type unresolved (a cascade).
 */
function checkValue(
  program: Program,
  flow: Flow,
  { moved, unresolved }: Payloads,
  diags: DiagnosticCollector,
): void {
  if (flow.value === undefined) return;
  const at = flow.valueLoc ?? flow.loc;
  const value = refText(flow.value);
  const isEntity = findEntityDecl(program, flow.value) !== undefined;
  const t = isEntity
    ? undefined
    : resolve(program, { kind: "ref", target: "type", ref: flow.value });
  if (t === undefined || t.kind !== "primitive" || (t.name !== "integer" && t.name !== "number")) {
    const what = isEntity
      ? "an entity"
      : t === undefined
        ? "unknown"
        : t.kind === "primitive"
          ? `${article(t.name)} ${t.name}`
          : `${article(t.kind)} ${t.kind}`;
    diags.report("flow-value-not-numeric", { value, flow: flow.name, what }, at);
    return;
  }
  // A flow whose steps pass nothing on (no `a -> b`) names its value without moving it: nothing to compare.
  if (!flow.steps.some((s) => s.triggers !== undefined)) return;
  const valueType: TypeExpr = { kind: "ref", target: "type", ref: flow.value };
  const fits = (f: Field) => typeProblem(program, f.type, valueType) === undefined;
  if (moved.some((m) => fits(m.field)) || unresolved.some(fits)) return;
  const detail =
    moved.length === 0
      ? ", nor any other payload field"
      : `: they pass on only ${[...new Set(moved.map((m) => `'${m.field.name}' (${typeText(m.field.type)})`))].join(", ")}`;
  diags.report("flow-value-not-moved", { flow: flow.name, value, detail }, at);
}

/** Invariants and holders: expressions over the participants' records, type-checked like every expression. */
function checkSystemExpressions(
  program: Program,
  flow: Flow,
  participants: readonly Participant[],
  diags: DiagnosticCollector,
): void {
  const invariants = flow.invariants ?? [];
  const holders = flow.holders ?? [];
  if (invariants.length === 0 && holders.length === 0) return;
  const sys = systemProgram(program, flow, participants);
  const fields = sys.program.domains[sys.program.domains.length - 1].entities[0].fields
    .map((f) => f.name)
    .filter((n) => n !== VALUE_FIELD);
  const items: TypeCheckItem[] = [];
  const add = (
    e: NonNullable<Flow["holders"]>[number],
    prev: boolean,
    result: TypeCheckItem["result"],
    role: string,
  ) => {
    const [node, parseDiags] = parseExpr(e, { fields, event: false, prev });
    diags.addAll(parseDiags);
    if (node !== undefined)
      items.push({ expr: e, node, domain: flow.domain, entity: sys.entity, prev, result, role });
  };
  for (const inv of invariants) {
    if (inv.when)
      add(inv.when, true, { kind: "boolean" }, `condition ('when') of invariant '${inv.name}'`);
    add(inv.holds, true, { kind: "boolean" }, `rule ('holds') of invariant '${inv.name}'`);
  }
  holders.forEach((h, i) =>
    add(h, false, { kind: "field", field: VALUE_FIELD }, `holder ${i + 1} of flow '${flow.name}'`),
  );
  diags.addAll(typeCheckExpressions(sys.program, items));
}

// --- lookups -----------------------------------------------------------------------------------

function findEvent(program: Program, ref: Ref): EventDecl | undefined {
  return program.domains
    .find((d) => d.name === ref.domain)
    ?.events.find((e) => e.name === ref.name);
}

function findEntityDecl(program: Program, ref: Ref) {
  return program.domains
    .find((d) => d.name === ref.domain)
    ?.entities.find((e) => e.name === ref.name);
}

/** `'a', 'b'` */
function quoteList(names: readonly string[]): string {
  return names.map((n) => `'${n}'`).join(", ");
}

function refText(r: Ref): string {
  return `${r.domain}.${r.name}`;
}
