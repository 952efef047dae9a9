/**
 * Bind: shape-checked files → one Program. Builds per-domain symbol tables, resolves every
 * reference across files and records exact source locations. Reports duplicate and unknown names;
 * never throws for user mistakes (values are read defensively even though shape was checked).
 * The parts: context.ts (the per-file context and readers), types.ts (types and fields),
 * machine.ts (machines, invariants; `set:` targets in target.ts), flow.ts (flows); here the
 * program, the system file, domains, APIs and slices.
 */
import { createHash } from "node:crypto";
import type { DiagnosticResult } from "../diagnostic.js";
import { createCollector, type DiagnosticCollector } from "../diagnostics.js";
import type {
  Api,
  Domain,
  Entity,
  EventDecl,
  Flow,
  Gate,
  Invariant,
  Loc,
  Machine,
  Operation,
  Program,
  RiskTier,
  Slice,
  SliceTarget,
  SystemInfo,
  TypeDecl,
} from "../ir/types.js";
import type { LoadedFile } from "../load/yaml.js";
import { mapKeysNumeric, mapKeyValues } from "../ir/map-keys.js";
import { lookup, type SymbolEntry, type SymbolKind, type SymbolTable, toRef } from "./resolve.js";
import { checkTypeDepth } from "./type-depth.js";
import {
  approvals,
  byName,
  type Ctx,
  descr,
  type Obj,
  obj,
  type PendingMap,
  str,
  strList,
} from "./context.js";
import { bindFields, bindType } from "./types.js";
import { bindInvariant, bindMachine } from "./machine.js";
import { bindFlow } from "./flow.js";

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

/** Default pack budget in estimated tokens. */
export const DEFAULT_SLICE_BUDGET = 8000;

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
