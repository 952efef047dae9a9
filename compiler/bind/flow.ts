/** Binding flows (bind.ts): steps (`a.ev -> b.ev`, or `{ on, then, with, to, async }`), participants, holders and invariants. */
import type { Assignment, Expr, Flow, FlowParticipant, FlowStep, Severity } from "../ir/types.js";
import type { YamlPath } from "../load/yaml.js";
import { lookup, type SymbolKind, toRef } from "./resolve.js";
import { approvals, byName, type Ctx, descr, expr, isObj, type Obj, obj, str } from "./context.js";

const STEP_RE =
  /^\s*([A-Za-z][\w]*(?:\.[A-Za-z][\w]*)?)\s*(?:->\s*([A-Za-z][\w]*(?:\.[A-Za-z][\w]*)?)\s*)?$/;

export function bindFlow(cx: Ctx, name: string, f: Obj): Flow {
  const path = ["flows", name];
  const steps: FlowStep[] = [];
  const spec = { kinds: ["event"] as SymbolKind[], unknown: "unknown-event" as const };
  (Array.isArray(f.steps) ? f.steps : []).forEach((s, i) => {
    const stepPath = [...path, "steps", i];
    const loc = cx.file.locOf(stepPath);
    if (isObj(s)) {
      const on = str(s.on);
      const then = str(s.then);
      const ev =
        on === undefined
          ? undefined
          : lookup(cx.table, cx.domain, on, spec, cx.file.locOf([...stepPath, "on"]), cx.diags);
      const trig =
        then === undefined
          ? undefined
          : lookup(cx.table, cx.domain, then, spec, cx.file.locOf([...stepPath, "then"]), cx.diags);
      if (!ev || (then !== undefined && !trig)) return;
      for (const key of ["with", "to", "async"]) {
        if (then === undefined && s[key] !== undefined)
          cx.diags.report(
            "flow-mapping-without-target",
            { flow: name },
            cx.file.locOf([...stepPath, key], "key"),
          );
      }
      const mapping: Assignment[] = Object.entries(obj(s.with)).map(([field, v]) => ({
        field,
        expr: expr(cx, exprText(v), [...stepPath, "with", field]),
        loc: cx.file.locOf([...stepPath, "with", field], "key"),
      }));
      const to =
        s.to !== undefined && trig ? { to: expr(cx, exprText(s.to), [...stepPath, "to"]) } : {};
      steps.push({
        event: toRef(ev),
        ...(trig ? { triggers: toRef(trig) } : {}),
        ...(isObj(s.with) ? { with: mapping } : {}),
        ...to,
        ...(s.async === true && trig ? { async: true } : {}),
        loc,
      });
      return;
    }
    const m = typeof s === "string" ? STEP_RE.exec(s) : null;
    if (!m) {
      cx.diags.report("invalid-flow-step", { step: String(s) }, loc);
      return;
    }
    const ev = lookup(cx.table, cx.domain, m[1], spec, loc, cx.diags);
    const trig =
      m[2] !== undefined ? lookup(cx.table, cx.domain, m[2], spec, loc, cx.diags) : undefined;
    if (!ev || (m[2] !== undefined && !trig)) return;
    steps.push({ event: toRef(ev), ...(trig ? { triggers: toRef(trig) } : {}), loc });
  });
  let value;
  if (typeof f.value === "string") {
    const v = lookup(
      cx.table,
      cx.domain,
      f.value,
      { kinds: ["type", "entity"], unknown: "unknown-type" },
      cx.file.locOf([...path, "value"]),
      cx.diags,
    );
    if (v) value = toRef(v);
  }
  const participants = isObj(f.participants)
    ? bindParticipants(cx, path, f.participants)
    : undefined;
  const holders = Array.isArray(f.holders)
    ? f.holders.map((h, i) => expr(cx, exprText(h), [...path, "holders", i]))
    : undefined;
  const invariants = isObj(f.invariants)
    ? Object.entries(f.invariants)
        .map(([id, raw]) => {
          const i = obj(raw);
          const ip = [...path, "invariants", id];
          const holds = expr(cx, exprText(i.holds ?? true), [...ip, "holds"]);
          const when =
            i.when !== undefined ? expr(cx, exprText(i.when), [...ip, "when"]) : undefined;
          const mentionsPrev = (e: Expr | undefined) =>
            e !== undefined && /(^|[^.\w$])prev\s*\./.test(e.source);
          return {
            name: id,
            says: str(i.says) ?? "",
            holds,
            ...(when ? { when } : {}),
            severity: (str(i.severity) as Severity | undefined) ?? "error",
            step: mentionsPrev(holds) || mentionsPrev(when),
            loc: cx.file.locOf(ip, "key"),
          };
        })
        .sort(byName)
    : undefined;
  return {
    kind: "flow",
    domain: cx.domain,
    name,
    ...descr(f),
    approvedBreaking: approvals(cx, path, f),
    says: str(f.says) ?? "",
    ...(value ? { value, valueLoc: cx.file.locOf([...path, "value"]) } : {}),
    steps,
    ...(participants ? { participants } : {}),
    ...(holders ? { holders } : {}),
    ...(invariants ? { invariants } : {}),
    ...(f.deadlock === "allowed" ? { deadlock: "allowed" as const } : {}),
    ...(f.events === "all" ? { events: "all" as const } : {}),
    ...(typeof f.channel === "number" ? { channel: f.channel } : {}),
    loc: cx.file.locOf(path, "key"),
  };
}

/** Text of a YAML scalar written where an expression goes (numbers and booleans as written). */
function exprText(v: unknown): string {
  return typeof v === "string" ? v : v === null ? "null" : String(v);
}

/** The declared participants of a flow, in declaration order (unknown machines are reported). */
function bindParticipants(cx: Ctx, path: YamlPath, spec: Obj): FlowParticipant[] {
  return Object.entries(spec).flatMap(([name, raw]) => {
    const p = [...path, "participants", name];
    const o = isObj(raw) ? raw : { machine: raw };
    const target = str(o.machine);
    const at = cx.file.locOf(isObj(raw) ? [...p, "machine"] : p);
    const m =
      target === undefined
        ? undefined
        : lookup(
            cx.table,
            cx.domain,
            target,
            { kinds: ["machine"], unknown: "unknown-slice-target" },
            at,
            cx.diags,
          );
    if (!m) return [];
    const instances = typeof o.instances === "number" ? o.instances : 1;
    return [{ name, machine: toRef(m), instances, loc: cx.file.locOf(p, "key") }];
  });
}
