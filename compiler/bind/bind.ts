/**
 * Bind: shape-checked files → one Program. Builds per-domain symbol tables, resolves every
 * reference across files and records exact source locations. Reports duplicate and unknown names;
 * never throws for user mistakes (values are read defensively even though shape was checked).
 */
import { createHash } from "node:crypto";
import type { DiagnosticResult } from "../diagnostic.js";
import { createCollector, type DiagnosticCollector } from "../diagnostics.js";
import type {
  Api,
  Assignment,
  BreakingApproval,
  Constraints,
  Domain,
  Entity,
  EventDecl,
  Expr,
  Field,
  Flow,
  FlowParticipant,
  FlowStep,
  Gate,
  Invariant,
  Loc,
  Machine,
  Operation,
  Program,
  RiskTier,
  Severity,
  Slice,
  SliceTarget,
  State,
  SystemInfo,
  TargetStep,
  Transition,
  TypeDecl,
  TypeExpr,
} from "../ir/types.js";
import type { LoadedFile, YamlPath } from "../load/yaml.js";
import { mapKeysNumeric, mapKeyValues } from "../ir/map-keys.js";
import { lookup, toRef, type SymbolEntry, type SymbolKind, type SymbolTable } from "./resolve.js";
import { checkTypeDepth } from "./type-depth.js";
import { parseTarget } from "./target.js";

/** Sections of a domain file and the kind of symbol each declares, in binding order. */
const SECTIONS: readonly (readonly [string, SymbolKind])[] = [
  ["types", "type"],
  ["entities", "entity"],
  ["events", "event"],
  ["machines", "machine"],
  ["invariants", "invariant"],
  ["api", "api"],
  ["flows", "flow"],
  ["slices", "slice"],
];

const PRIMITIVES = new Set(["string", "integer", "number", "boolean"]);
const CONSTRAINT_KEYS = [
  "minimum",
  "maximum",
  "exclusiveMinimum",
  "exclusiveMaximum",
  "multipleOf",
  "minLength",
  "maxLength",
  "pattern",
] as const;

/** Default pack budget in estimated tokens. */
export const DEFAULT_SLICE_BUDGET = 8000;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === "object" && !Array.isArray(v);
const obj = (v: unknown): Obj => (isObj(v) ? v : {});
const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
const strList = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
const byName = <T extends { name: string }>(a: T, b: T) =>
  a.name < b.name ? -1 : a.name > b.name ? 1 : 0;

/** Bind every loaded file into one Program. */
export function bindProgram(files: readonly LoadedFile[]): DiagnosticResult<Program> {
  const diags = createCollector();
  const domainFiles: LoadedFile[] = [];
  let systemFile: LoadedFile | undefined;
  const seenDomains = new Map<string, LoadedFile>();

  for (const file of [...files].sort((a, b) => (a.path < b.path ? -1 : 1))) {
    const v = obj(file.value);
    if (typeof v.system === "string") {
      if (systemFile)
        diags.report("duplicate-system", {}, file.locOf(["system"]), {
          related: [
            { message: "The system is first declared here.", loc: systemFile.locOf(["system"]) },
          ],
        });
      else systemFile = file;
      continue;
    }
    const name = str(v.domain);
    if (name === undefined) continue;
    const first = seenDomains.get(name);
    if (first) {
      diags.report("duplicate-domain", { name }, file.locOf(["domain"]), {
        related: [
          { message: `Domain '${name}' is first declared here.`, loc: first.locOf(["domain"]) },
        ],
      });
      continue;
    }
    seenDomains.set(name, file);
    domainFiles.push(file);
  }

  const table = buildSymbolTable(domainFiles, diags);
  const system = bindSystem(systemFile, diags);
  const tierNames = new Set(system.riskTiers.map((t) => t.name));
  const maps: PendingMap[] = [];
  const domains = domainFiles
    .map((f) => bindDomain(f, table, tierNames, system.riskTiers.length > 0, diags, maps))
    .sort(byName);
  // No later phase meets a type deeper than the limit (each follows types level by level).
  checkTypeDepth(domains, diags);
  const program: Program = {
    system: system.info,
    domains,
    riskTiers: system.riskTiers,
    gates: system.gates,
    files: [...files]
      .map((f) => ({
        path: f.path,
        sha256: createHash("sha256").update(f.text.replace(/\r\n?/g, "\n"), "utf8").digest("hex"),
      }))
      .sort((a, b) => (a.path < b.path ? -1 : 1)),
  };
  // Map keys need the whole Program (a key type may be a machine or a type of another domain).
  for (const m of maps) {
    m.keyValues.push(...(mapKeyValues(program, m.type.keys) ?? []));
    // Set once here, before the Program is handed out (the type object is the binder's own).
    if (mapKeysNumeric(program, m.type.keys)) (m.type as { numericKeys?: true }).numericKeys = true;
  }
  return [program, diags.diagnostics];
}

function buildSymbolTable(files: readonly LoadedFile[], diags: DiagnosticCollector): SymbolTable {
  const domains = new Map<string, Map<string, SymbolEntry>>();
  for (const file of files) {
    const v = obj(file.value);
    const domain = str(v.domain)!;
    const symbols = new Map<string, SymbolEntry>();
    for (const [section, kind] of SECTIONS) {
      for (const name of Object.keys(obj(v[section]))) {
        const loc = file.locOf([section, name], "key");
        const prev = symbols.get(name);
        if (prev) {
          diags.report("duplicate-name", { name, domain }, loc, {
            related: [
              { message: `'${name}' is first declared here as ${prev.kind}.`, loc: prev.loc },
            ],
          });
          continue;
        }
        symbols.set(name, { kind, domain, name, loc });
      }
    }
    domains.set(domain, symbols);
  }
  return { domains };
}

function bindSystem(file: LoadedFile | undefined, diags: DiagnosticCollector) {
  if (!file) {
    const info: SystemInfo = { name: "system", version: "0.0.0" };
    return { info, riskTiers: [] as RiskTier[], gates: [] as Gate[] };
  }
  const v = obj(file.value);
  const info: SystemInfo = {
    name: str(v.system) ?? "system",
    version: str(v.version) ?? "0.0.0",
    ...(str(v.summary) !== undefined ? { summary: str(v.summary) } : {}),
    ...(Array.isArray(v.secrets) && v.secrets.length > 0 ? { secrets: v.secrets.map(String) } : {}),
    file: file.path,
    ...(str(v.agent) !== undefined ? { agent: str(v.agent) } : {}),
    ...(strList(v.env).length > 0 ? { env: strList(v.env) } : {}),
  };
  const gates: Gate[] = Object.entries(obj(v.gates))
    .map(([name, g]) => {
      const go = obj(g);
      const cmd = Array.isArray(go.command)
        ? go.command.map(String)
        : typeof go.command === "string"
          ? [go.command]
          : [];
      return {
        name,
        stage: go.stage === "static" ? ("static" as const) : ("test" as const),
        command: cmd,
        ...(str(go.description) !== undefined ? { description: str(go.description) } : {}),
        loc: file.locOf(["gates", name], "key"),
      };
    })
    .sort(byName);
  const gateNames = new Set(gates.map((g) => g.name));
  const riskTiers: RiskTier[] = Object.entries(obj(obj(v.risk).tiers))
    .map(([name, t]) => {
      const to = obj(t);
      const tierGates = strList(to.gates);
      tierGates.forEach((g, i) => {
        if (!gateNames.has(g))
          diags.report(
            "unknown-gate",
            { name: g },
            file.locOf(["risk", "tiers", name, "gates", i]),
          );
      });
      return {
        name,
        approvals: typeof to.approvals === "number" ? to.approvals : 0,
        retries: typeof to.retries === "number" ? to.retries : 0,
        gates: tierGates,
        ...(to.exercise === "critical" || to.exercise === "all" || to.exercise === "none"
          ? { exercise: to.exercise as NonNullable<RiskTier["exercise"]> }
          : {}),
        loc: file.locOf(["risk", "tiers", name], "key"),
      };
    })
    .sort(byName);
  return { info, riskTiers, gates };
}

interface Ctx {
  readonly file: LoadedFile;
  readonly domain: string;
  readonly table: SymbolTable;
  readonly diags: DiagnosticCollector;
  /** Map types bound so far, with their key lists to fill once the whole Program exists. */
  readonly maps: PendingMap[];
}

/** A map type whose `keyValues` (a list owned by the binder) is filled after binding. */
interface PendingMap {
  readonly type: TypeExpr & { kind: "map" };
  readonly keyValues: string[];
}

function bindDomain(
  file: LoadedFile,
  table: SymbolTable,
  tierNames: ReadonlySet<string>,
  hasTiers: boolean,
  diags: DiagnosticCollector,
  maps: PendingMap[],
): Domain {
  const v = obj(file.value);
  const domain = str(v.domain)!;
  const cx: Ctx = { file, domain, table, diags, maps };
  const symbols = table.domains.get(domain)!;
  const mine = (section: string, kind: SymbolKind) =>
    Object.entries(obj(v[section])).filter(([name]) => {
      const s = symbols.get(name);
      return (
        s !== undefined && s.kind === kind && s.loc.line === file.locOf([section, name], "key").line
      );
    });

  const types: TypeDecl[] = mine("types", "type").map(([name, t]) => ({
    kind: "type",
    domain,
    name,
    ...descr(t),
    approvedBreaking: approvals(cx, ["types", name], t),
    type: bindType(cx, t, ["types", name]),
    loc: file.locOf(["types", name], "key"),
  }));
  const entities: Entity[] = mine("entities", "entity").map(([name, e]) => ({
    kind: "entity",
    domain,
    name,
    ...descr(e),
    ...(str(obj(e).key) !== undefined ? { key: str(obj(e).key) } : {}),
    approvedBreaking: approvals(cx, ["entities", name], e),
    fields: bindFields(cx, obj(e).fields, ["entities", name, "fields"]),
    loc: file.locOf(["entities", name], "key"),
  }));
  const events: EventDecl[] = mine("events", "event").map(([name, e]) => ({
    kind: "event",
    domain,
    name,
    ...descr(e),
    approvedBreaking: approvals(cx, ["events", name], e),
    fields: bindFields(cx, obj(e).fields, ["events", name, "fields"]),
    loc: file.locOf(["events", name], "key"),
  }));
  const machines: Machine[] = mine("machines", "machine").map(([name, m]) =>
    bindMachine(cx, name, obj(m), entities),
  );
  const invariants: Invariant[] = mine("invariants", "invariant").map(([id, i]) =>
    bindInvariant(cx, id, obj(i), entities),
  );
  const apis: Api[] = mine("api", "api").map(([name, a]) => bindApi(cx, name, obj(a)));
  const flows: Flow[] = mine("flows", "flow").map(([name, f]) => bindFlow(cx, name, obj(f)));
  const slices: Slice[] = mine("slices", "slice").map(([id, s]) =>
    bindSlice(cx, id, obj(s), str(v.risk), tierNames, hasTiers),
  );
  if (str(v.risk) !== undefined && hasTiers && !tierNames.has(str(v.risk)!)) {
    diags.report("unknown-risk-tier", { name: str(v.risk)! }, file.locOf(["risk"]));
  }
  return {
    name: domain,
    version: str(v.version) ?? "0.0.0",
    ...(str(v.summary) !== undefined ? { summary: str(v.summary) } : {}),
    owners: strList(v.owners),
    ...(str(v.risk) !== undefined ? { risk: str(v.risk) } : {}),
    file: file.path,
    loc: file.locOf(["domain"]),
    versionLoc: file.locOf(["version"]),
    ...(Array.isArray(v.approvedBreaking) ? { approvedBreaking: approvals(cx, [], v) } : {}),
    types: types.sort(byName),
    entities: entities.sort(byName),
    events: events.sort(byName),
    machines: machines.sort(byName),
    invariants: invariants.sort(byName),
    apis: apis.sort(byName),
    flows: flows.sort(byName),
    slices: slices.sort(byName),
  };
}

function descr(v: unknown): { description?: string } {
  const d = str(obj(v).description);
  return d === undefined ? {} : { description: d };
}

function approvals(cx: Ctx, path: YamlPath, v: unknown): BreakingApproval[] {
  const list = obj(v).approvedBreaking;
  if (!Array.isArray(list)) return [];
  return list.map((a, i) => {
    const ao = obj(a);
    return {
      rule: str(ao.rule) ?? "",
      ...(str(ao.element) !== undefined ? { element: str(ao.element) } : {}),
      reason: str(ao.reason) ?? "",
      expires: str(ao.expires) ?? "",
      loc: cx.file.locOf([...path, "approvedBreaking", i]),
    };
  });
}

/** Resolve a type reference (string or object form) at `path`. */
function bindType(cx: Ctx, v: unknown, path: YamlPath): TypeExpr {
  if (typeof v === "string") return bindNamedType(cx, v, path, {});
  const o = obj(v);
  if (Array.isArray(o.enum)) return { kind: "enum", values: o.enum.map(String) };
  if (o.fields !== undefined && o.type === undefined)
    return { kind: "object", fields: bindFields(cx, o.fields, [...path, "fields"]) };
  if (o.type === "map" || o.type === "set") {
    const set = o.type === "set";
    const keyValues: string[] = [];
    const type: TypeExpr & { kind: "map" } = {
      kind: "map",
      keys: bindType(cx, (set ? o.items : o.keys) ?? "string", [...path, set ? "items" : "keys"]),
      values: set
        ? { kind: "primitive", name: "boolean", constraints: {} }
        : bindType(cx, o.values ?? "string", [...path, "values"]),
      keyValues,
      ...(set ? { set: true as const } : {}),
    };
    cx.maps.push({ type, keyValues });
    return type;
  }
  if (o.type === "array") {
    return {
      kind: "array",
      items: bindType(cx, o.items ?? "string", [...path, "items"]),
      ...(typeof o.minItems === "number" ? { minItems: o.minItems } : {}),
      ...(typeof o.maxItems === "number" ? { maxItems: o.maxItems } : {}),
      ...(o.uniqueItems === true ? { uniqueItems: true } : {}),
    };
  }
  const constraints: Record<string, unknown> = {};
  for (const k of CONSTRAINT_KEYS) if (o[k] !== undefined) constraints[k] = o[k];
  return bindNamedType(
    cx,
    str(o.type) ?? "string",
    [...path, "type"],
    constraints as Constraints,
    path,
  );
}

function bindNamedType(
  cx: Ctx,
  name: string,
  path: YamlPath,
  constraints: Constraints,
  constraintPath: YamlPath = path,
): TypeExpr {
  if (PRIMITIVES.has(name)) return { kind: "primitive", name: name as "string", constraints };
  const loc = cx.file.locOf(path);
  const entry = lookup(
    cx.table,
    cx.domain,
    name,
    { kinds: ["type", "entity", "machine"], unknown: "unknown-type" },
    loc,
    cx.diags,
  );
  const keys = Object.keys(constraints);
  if (entry && keys.length > 0) {
    const key = keys[0];
    cx.diags.report(
      "constraint-on-reference",
      {
        name: key,
        applies: key.endsWith("Length") || key === "pattern" ? "string" : "number",
        type: name,
      },
      cx.file.locOf([...constraintPath, key], "key"),
    );
  }
  if (!entry) return { kind: "primitive", name: "string", constraints: {} };
  if (entry.kind === "machine") return { kind: "state", machine: toRef(entry) };
  return { kind: "ref", target: entry.kind === "entity" ? "entity" : "type", ref: toRef(entry) };
}

function bindFields(cx: Ctx, v: unknown, path: YamlPath): Field[] {
  return Object.entries(obj(v)).map(([rawName, t]) => {
    const optional = rawName.endsWith("?") || obj(t).optional === true;
    const name = rawName.endsWith("?") ? rawName.slice(0, -1) : rawName;
    const o = obj(t);
    return {
      name,
      type: bindType(cx, t, [...path, rawName]),
      optional,
      ...(str(o.description) !== undefined ? { description: str(o.description) } : {}),
      ...(str(o.renamedFrom) !== undefined ? { renamedFrom: str(o.renamedFrom) } : {}),
      loc: cx.file.locOf([...path, rawName], "key"),
    };
  });
}

function expr(cx: Ctx, source: string, path: YamlPath): Expr {
  const start = cx.file.contentStart(path);
  return { source, loc: cx.file.locOf(path), contentLine: start.line, contentColumn: start.column };
}

function assignments(cx: Ctx, v: unknown, path: YamlPath): Assignment[] {
  return Object.entries(obj(v)).map(([key, e]) => {
    const loc = cx.file.locOf([...path, key], "key");
    // `field[key].name…`: a part of the field (a map entry, a record field); keys are expressions.
    const target = parseTarget(key);
    const steps: TargetStep[] = (target?.steps ?? []).map((s) =>
      s.kind === "member" ? s : { kind: "entry", key: keyExpr(cx, loc, key, s.start, s.end) },
    );
    return {
      field: target?.field ?? key,
      ...(steps.length > 0 ? { path: steps } : {}),
      expr: expr(cx, typeof e === "string" ? e : JSON.stringify(e), [...path, key]),
      loc,
    };
  });
}

/** The key expression `text.slice(start, end)`, positioned inside the YAML key (after its quote). */
function keyExpr(cx: Ctx, keyLoc: Loc, text: string, start: number, end: number): Expr {
  const line = cx.file.text.split("\n")[keyLoc.line - 1] ?? "";
  const first = line[keyLoc.column - 1];
  const quote = first === '"' || first === "'" ? 1 : 0;
  return {
    source: text.slice(start, end),
    loc: keyLoc,
    contentLine: keyLoc.line,
    contentColumn: keyLoc.column + quote + start,
  };
}

function bindMachine(cx: Ctx, name: string, m: Obj, localEntities: readonly Entity[]): Machine {
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

function bindInvariant(cx: Ctx, id: string, i: Obj, localEntities: readonly Entity[]): Invariant {
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

function bindApi(cx: Ctx, name: string, a: Obj): Api {
  const path = ["api", name];
  const operations: Operation[] = Object.entries(obj(a.operations))
    .map(([op, o]) => {
      const oo = obj(o);
      const opPath = [...path, "operations", op];
      return {
        name: op,
        ...descr(o),
        input: bindFields(cx, oo.input, [...opPath, "input"]),
        ...(oo.output !== undefined
          ? { output: bindType(cx, oo.output, [...opPath, "output"]) }
          : {}),
        errors: strList(oo.errors),
        loc: cx.file.locOf(opPath, "key"),
      };
    })
    .sort(byName);
  return {
    kind: "api",
    domain: cx.domain,
    name,
    ...descr(a),
    approvedBreaking: approvals(cx, path, a),
    operations,
    loc: cx.file.locOf(path, "key"),
  };
}

const STEP_RE =
  /^\s*([A-Za-z][\w]*(?:\.[A-Za-z][\w]*)?)\s*(?:->\s*([A-Za-z][\w]*(?:\.[A-Za-z][\w]*)?)\s*)?$/;

function bindFlow(cx: Ctx, name: string, f: Obj): Flow {
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

function bindSlice(
  cx: Ctx,
  id: string,
  s: Obj,
  domainRisk: string | undefined,
  tiers: ReadonlySet<string>,
  hasTiers: boolean,
): Slice {
  const path = ["slices", id];
  const targets = (key: "implements" | "uses"): SliceTarget[] =>
    strList(s[key]).flatMap((name, i) => {
      const e = lookup(
        cx.table,
        cx.domain,
        name,
        { kinds: ["machine", "api", "entity", "type"], unknown: "unknown-slice-target" },
        cx.file.locOf([...path, key, i]),
        cx.diags,
      );
      return e ? [{ kind: e.kind as SliceTarget["kind"], ref: toRef(e) }] : [];
    });
  const risk = str(s.risk) ?? domainRisk;
  if (risk === undefined)
    cx.diags.report("missing-risk-tier", { slice: id }, cx.file.locOf(path, "key"));
  else if (hasTiers && !tiers.has(risk) && str(s.risk) !== undefined) {
    cx.diags.report("unknown-risk-tier", { name: risk }, cx.file.locOf([...path, "risk"]), {
      hint: suggestTier(risk, tiers),
    });
  }
  return {
    kind: "slice",
    domain: cx.domain,
    name: id,
    ...descr(s),
    approvedBreaking: approvals(cx, path, s),
    says: str(s.says) ?? "",
    implements: targets("implements"),
    uses: targets("uses"),
    writes: strList(s.writes),
    reads: strList(s.reads),
    risk: risk ?? "",
    tools: strList(s.tools),
    network: strList(s.network),
    budgetTokens: typeof s.budget === "number" ? s.budget : DEFAULT_SLICE_BUDGET,
    ...(str(s.agent) !== undefined ? { agent: str(s.agent) } : {}),
    ...(strList(s.env).length > 0 ? { env: strList(s.env) } : {}),
    loc: cx.file.locOf(path, "key"),
  };
}

function suggestTier(name: string, tiers: ReadonlySet<string>): string {
  return `Known tiers: ${[...tiers].map((t) => `'${t}'`).join(", ")}.`;
}

/** @internal exported for tests: the location type used by bind. */
export type { Loc };
