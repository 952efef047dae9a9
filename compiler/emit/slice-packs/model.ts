/**
 * The data of one slice pack, computed from the IR: scope, write roots, sibling roots to hide,
 * risk tier and gates in run order, contracts, invariants and intent versions.
 */
import { derivation, derived } from "../../ir/derived.js";
import { invariantsOf } from "../../ir/invariants-of.js";
import type {
  Api,
  Domain,
  Gate,
  Program,
  Ref,
  RiskTier,
  Slice,
  SliceTarget,
} from "../../ir/types.js";
import { createScopeMatcher, writeRootsOf } from "../../governance/scope.js";
import { DEFAULT_LIMITS } from "../../governance/sandbox.js";
import type { PackGate, SandboxLimits } from "../../governance/types.js";

/** Everything the pack files are rendered from. */
export interface PackModel {
  readonly slice: Slice;
  readonly domain: Domain;
  readonly program: Program;
  readonly writeRoots: readonly string[];
  readonly hide: readonly string[];
  readonly tier: {
    readonly name: string;
    readonly approvals: number;
    readonly retries: number;
    readonly exercise: "none" | "critical" | "all";
  };
  /** Invariant ids the tier requires exercised on the implementation. */
  readonly mustExercise: readonly string[];
  /** Agent profile (slice, else system, else generic) and env var names (system's then slice's). */
  readonly agent: { readonly profile: string; readonly env: readonly string[] };
  readonly gates: readonly PackGate[];
  /** Paths relative to generated/. */
  readonly contracts: readonly string[];
  /** `domain.ID` with severity and statement. */
  /** Invariants on what the slice implements, with the exact rule (`when` and `holds` sources). */
  readonly invariants: readonly {
    readonly id: string;
    readonly severity: string;
    readonly says: string;
    readonly rule: string;
  }[];
  readonly usedApis: readonly Api[];
  readonly intentVersions: { readonly system: string; readonly domains: Record<string, string> };
  readonly limits: SandboxLimits;
}

/** `domain.Name` of a target. */
export function targetName(t: SliceTarget): string {
  return `${t.ref.domain}.${t.ref.name}`;
}

/** Every slice of the program with its domain, sorted by domain then id. */
export function allSlices(program: Program): { slice: Slice; domain: Domain }[] {
  return program.domains.flatMap((domain) => domain.slices.map((slice) => ({ slice, domain })));
}

function findDomain(program: Program, name: string): Domain | undefined {
  return program.domains.find((d) => d.name === name);
}

/** Tier gates resolved to argv, static gates first, otherwise in the tier's order. */
export function tierGates(tier: RiskTier | undefined, gates: readonly Gate[]): PackGate[] {
  const resolved = (tier?.gates ?? [])
    .map((name) => gates.find((g) => g.name === name))
    .filter((g): g is Gate => g !== undefined)
    .map((g) => ({ name: g.name, stage: g.stage, command: [...g.command] }));
  return [
    ...resolved.filter((g) => g.stage === "static"),
    ...resolved.filter((g) => g.stage !== "static"),
  ];
}

interface ProgramRoots {
  readonly count: Map<string, number>;
  readonly own: Map<Slice, Set<string>>;
}

/**
 * The write roots of every slice and, per root, how many slices write under it; computed once per
 * program (per pack, scanning every slice is quadratic).
 */
const PROGRAM_ROOTS = derivation("slice write roots", (program: Program): ProgramRoots => {
  const count = new Map<string, number>();
  const own = new Map<Slice, Set<string>>();
  for (const { slice } of allSlices(program)) {
    const roots = new Set(writeRootsOf(slice.writes));
    own.set(slice, roots);
    for (const root of roots) count.set(root, (count.get(root) ?? 0) + 1);
  }
  return { count, own };
});

/** Build the pack model of one slice. */
export function packModel(program: Program, domain: Domain, slice: Slice): PackModel {
  const writeRoots = writeRootsOf(slice.writes);
  const readsMatch = createScopeMatcher(slice.reads);
  const { count, own } = derived(program, PROGRAM_ROOTS);
  const mine = own.get(slice);
  // Roots of the other slices: those some slice besides this one writes under.
  const hide = [...count.keys()]
    .filter((r) => (count.get(r) ?? 0) - (mine?.has(r) ? 1 : 0) > 0)
    .filter(
      (r) => !writeRoots.some((w) => w === r || w.startsWith(r + "/") || r.startsWith(w + "/")),
    )
    .filter((r) => !readsMatch(`${r}/x`))
    .sort();
  const tierDecl = program.riskTiers.find((t) => t.name === slice.risk);
  // An unknown tier is reported by the checker; the pack fails closed (no retries, one approval).
  const tier = tierDecl
    ? {
        name: tierDecl.name,
        approvals: tierDecl.approvals,
        retries: tierDecl.retries,
        exercise: tierDecl.exercise ?? ("none" as const),
      }
    : { name: slice.risk, approvals: 1, retries: 0, exercise: "none" as const };
  const domainsInvolved = new Set<string>([domain.name]);
  for (const t of [...slice.implements, ...slice.uses]) domainsInvolved.add(t.ref.domain);
  const contracts = new Set<string>();
  for (const t of slice.implements) {
    contracts.add(`contracts/${t.ref.domain}/types.ts`);
    contracts.add(`contracts/${t.ref.domain}/invariants.ts`);
    if (t.kind === "machine") {
      contracts.add(`machines/${t.ref.domain}/${t.ref.name}.model.ts`);
      contracts.add(`machines/${t.ref.domain}/${t.ref.name}.machine.ts`);
      contracts.add(`tests/${t.ref.domain}`);
    }
  }
  const entities = new Map(
    slice.implements.flatMap((t): [string, Ref][] => {
      if (t.kind === "entity") return [[targetName(t), t.ref]];
      if (t.kind === "machine") {
        const m = findDomain(program, t.ref.domain)?.machines.find((x) => x.name === t.ref.name);
        return m ? [[`${m.entity.domain}.${m.entity.name}`, m.entity]] : [];
      }
      return [];
    }),
  );
  const invariants = [...entities.values()]
    .flatMap((e) => invariantsOf(program, e))
    .map((i) => ({
      id: `${i.domain}.${i.name}`,
      severity: i.severity,
      says: i.says,
      rule: i.when ? `when ${i.when.source}: ${i.holds.source}` : i.holds.source,
    }))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const usedApis = slice.uses
    .filter((t) => t.kind === "api")
    .map((t) => findDomain(program, t.ref.domain)?.apis.find((a) => a.name === t.ref.name))
    .filter((a): a is Api => a !== undefined);
  const versions: Record<string, string> = {};
  for (const d of [...domainsInvolved].sort()) {
    const dd = findDomain(program, d);
    if (dd) versions[d] = dd.version;
  }
  const mustExercise = invariants
    .filter(
      (i) => tier.exercise === "all" || (tier.exercise === "critical" && i.severity === "critical"),
    )
    .map((i) => i.id);
  const env = [...new Set([...(program.system.env ?? []), ...(slice.env ?? [])])].sort();
  return {
    slice,
    domain,
    program,
    writeRoots,
    hide,
    tier,
    mustExercise,
    agent: { profile: slice.agent ?? program.system.agent ?? "generic", env },
    gates: tierGates(tierDecl, program.gates),
    contracts: [...contracts].sort(),
    invariants,
    usedApis,
    intentVersions: { system: program.system.version, domains: versions },
    limits: DEFAULT_LIMITS,
  };
}
