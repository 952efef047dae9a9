/** Binding machines and invariants (bind.ts): states, transitions, guards, effects (`set:` targets, target.ts) and `init`. */
import type {
  Assignment,
  Entity,
  Expr,
  Invariant,
  Loc,
  Machine,
  Severity,
  State,
  TargetStep,
  Transition,
} from "../ir/types.js";
import type { LoadedFile, YamlPath } from "../load/yaml.js";
import { lookup, toRef } from "./resolve.js";
import { parseTarget } from "./target.js";
import { approvals, type Ctx, descr, expr, type Obj, obj, str } from "./context.js";

function assignments(cx: Ctx, v: unknown, path: YamlPath): Assignment[] {
  return Object.entries(obj(v)).map(([key, e]) => {
    const loc = cx.file.locOf([...path, key], "key");
    // `field[key].name…`: a part of the field (a map entry, a record field); keys are expressions.
    const target = parseTarget(key);
    const steps: TargetStep[] = (target?.steps ?? []).map((s) =>
      s.kind === "member"
        ? s
        : {
            kind: "entry",
            key: keyExpr(cx.file, [...path, key], loc, key, s.start, s.end),
          },
    );
    return {
      field: target?.field ?? key,
      ...(steps.length > 0 ? { path: steps } : {}),
      expr: expr(cx, typeof e === "string" ? e : JSON.stringify(e), [...path, key]),
      loc,
    };
  });
}

/**
 * The key expression `text.slice(start, end)`, positioned inside the YAML key: `path` is the key's
 * path, `keyLoc` its range; the key's raw text maps offsets through quotes and escapes exactly.
 */
export function keyExpr(
  file: LoadedFile,
  path: YamlPath,
  keyLoc: Loc,
  text: string,
  start: number,
  end: number,
): Expr {
  const scalar = file.scalarSource(path, "key");
  const quoted = scalar !== undefined && (scalar.raw[0] === '"' || scalar.raw[0] === "'");
  return {
    source: text.slice(start, end),
    loc: keyLoc,
    contentLine: keyLoc.line,
    contentColumn: keyLoc.column + (quoted ? 1 : 0) + start,
    ...(scalar !== undefined && scalar.raw !== text
      ? { scalar: { ...scalar, offset: start } }
      : {}),
  };
}

export function bindMachine(
  cx: Ctx,
  name: string,
  m: Obj,
  localEntities: readonly Entity[],
): Machine {
  const path = ["machines", name];
  const entityName = str(m.entity) ?? "";
  const entry = lookup(
    cx.table,
    cx.domain,
    entityName,
    { kinds: ["entity"], unknown: "unknown-entity" },
    cx.file.locOf([...path, "entity"]),
    cx.diags,
  );
  const entityRef = entry ? toRef(entry) : { domain: cx.domain, name: entityName };
  const local = localEntities.find(
    (e) => e.name === entityRef.name && e.domain === entityRef.domain,
  );
  const stateField = local?.fields.find(
    (f) =>
      f.type.kind === "state" &&
      f.type.machine.name === name &&
      f.type.machine.domain === cx.domain,
  )?.name;
  const states: State[] = Object.entries(obj(m.states)).map(([sname, s]) => {
    const so = obj(s);
    const spath = [...path, "states", sname];
    const transitions: Transition[] = [];
    for (const [evName, spec] of Object.entries(obj(so.on))) {
      const tpath = [...spath, "on", evName];
      const ev = lookup(
        cx.table,
        cx.domain,
        evName,
        { kinds: ["event"], unknown: "unknown-event" },
        cx.file.locOf(tpath, "key"),
        cx.diags,
      );
      const eventRef = ev ? toRef(ev) : { domain: cx.domain, name: evName };
      const list: [unknown, YamlPath][] = Array.isArray(spec)
        ? spec.map((x, i) => [x, [...tpath, i]])
        : [[spec, tpath]];
      for (const [t, p] of list) {
        const to = obj(t);
        const target = typeof t === "string" ? t : (str(to.to) ?? sname);
        transitions.push({
          event: eventRef,
          to: target,
          ...(str(to.guard) !== undefined
            ? { guard: expr(cx, str(to.guard)!, [...p, "guard"]) }
            : {}),
          set: assignments(cx, to.set, [...p, "set"]),
          loc: cx.file.locOf(
            typeof t === "string" ? p : str(to.to) !== undefined ? [...p, "to"] : p,
          ),
        });
      }
    }
    return {
      name: sname,
      final: so.final === true,
      ...descr(s),
      transitions,
      loc: cx.file.locOf(spath, "key"),
    };
  });
  return {
    kind: "machine",
    domain: cx.domain,
    name,
    ...descr(m),
    approvedBreaking: approvals(cx, path, m),
    entity: entityRef,
    ...(stateField !== undefined ? { stateField } : {}),
    initial: str(m.initial) ?? "",
    init: assignments(cx, m.init, [...path, "init"]),
    states,
    ...(m.deadlock === "allowed" ? { deadlock: "allowed" as const } : {}),
    loc: cx.file.locOf(path, "key"),
  };
}

export function bindInvariant(
  cx: Ctx,
  id: string,
  i: Obj,
  localEntities: readonly Entity[],
): Invariant {
  const path = ["invariants", id];
  let entity = { domain: cx.domain, name: "" };
  if (typeof i.on === "string") {
    const e = lookup(
      cx.table,
      cx.domain,
      i.on,
      { kinds: ["entity"], unknown: "unknown-entity" },
      cx.file.locOf([...path, "on"]),
      cx.diags,
    );
    if (e) entity = toRef(e);
  } else if (localEntities.length === 1) {
    entity = { domain: cx.domain, name: localEntities[0].name };
  } else {
    cx.diags.report("invariant-needs-entity", { id }, cx.file.locOf(path, "key"));
  }
  const holds = expr(cx, str(i.holds) ?? "true", [...path, "holds"]);
  const when = str(i.when) !== undefined ? expr(cx, str(i.when)!, [...path, "when"]) : undefined;
  const mentionsPrev = (e: Expr | undefined) =>
    e !== undefined && /(^|[^.\w$])prev\s*\./.test(e.source);
  return {
    kind: "invariant",
    domain: cx.domain,
    name: id,
    ...descr(i),
    approvedBreaking: approvals(cx, path, i),
    says: str(i.says) ?? "",
    entity,
    holds,
    ...(when ? { when } : {}),
    severity: (str(i.severity) as Severity | undefined) ?? "error",
    step: mentionsPrev(holds) || mentionsPrev(when),
    loc: cx.file.locOf(path, "key"),
  };
}
