/**
 * The analysis phase: everything a build learns about a checked Program before emitting it,
 * computed once and handed to the emitters as read-only data (emit/emitter.ts Analysis):
 * - every machine explored (explore/), each once per content key when a memo is given;
 * - every flow that connects machines explored as one system (explore/system.ts), likewise;
 * - each such flow composed into one model, with what its flow-based suite embeds: initial
 *   systems, payloads and the seed search's paths (driver/flow-seeds.ts), likewise;
 * - every machine's reference model, with what its model-based suite embeds: initial entities,
 *   payloads and the seed search's paths (driver/machine-seeds.ts), likewise;
 * - versions enforced against the previous lock (diff/enforce.ts);
 * - the change log since the previous lock (diff/changelog.ts).
 * Machines go to a worker thread only through driver/parallel.ts, with the same results.
 */
import type { Diagnostic } from "../diagnostic.js";
import { changelogHistory } from "../diff/changelog.js";
import { enforceVersions } from "../diff/enforce.js";
import type { LockFile } from "../diff/lock-file.js";
import type { Analysis, BuildMemo, ComposedFlow, ModeledMachine } from "../emit/emitter.js";
import {
  exploreForBuild,
  exploreKey,
  exploreSystemForBuild,
  isExploration,
  isSystemExploration,
  machinesOf,
  systemFlows,
  systemKey,
  type MachineExploration,
  type Trace,
} from "../explore/index.js";
import type { Flow, Machine, Program } from "../ir/types.js";
import { composeFlows } from "./flow-seeds.js";
import { modelMachines } from "./machine-seeds.js";
import { startExplorer, WORKER_MIN_MACHINES, type Explorer } from "./parallel.js";
import type { Progress } from "./progress.js";

/** The default state budget of the build exploration. */
export const DEFAULT_EXPLORE_BUDGET = 20_000;

/** Options of {@link analyze}. */
export interface AnalyzeOptions {
  /** State budget per machine; 0 skips exploring (`--no-explore`). */
  readonly budget: number;
  /** Keep fingerprints (true) or whole keys (false) of visited states; unset: by key width. */
  readonly fingerprint?: boolean;
  readonly previousLock: LockFile | undefined;
  /** Results of earlier builds by content key. */
  readonly memo?: BuildMemo;
  /**
   * Explore on a worker thread too (driver/parallel.ts; same results): an explorer started
   * early, or `true` to start one when enough machines are left to explore.
   */
  readonly parallel?: Explorer | boolean;
  readonly progress?: Progress;
  /**
   * Compute what the suites embed (Analysis.flows and Analysis.machines) even when not exploring
   * (budget 0): a build emits the suites; `check --no-explore` runs no search at all.
   */
  readonly suites?: boolean;
}

/**
 * The analysis and its diagnostics (exploration notes of severity info are left out), and one
 * note per flow explored as a system (its summary, IC8024: states, verdict, what held).
 */
export interface AnalyzeResult {
  readonly analysis: Analysis;
  readonly diagnostics: readonly Diagnostic[];
  readonly notes: readonly string[];
  /** The trace behind each exploration diagnostic that has one (for the failure report). */
  readonly traces: ReadonlyMap<Diagnostic, Trace>;
}

/** Run the analysis phase on a checked Program. */
export async function analyze(program: Program, options: AnalyzeOptions): Promise<AnalyzeResult> {
  const explorations = await exploreAll(program, options);
  const systems = exploreSystems(program, options);
  const suites = options.budget > 0 || options.suites === true;
  const machines = suites
    ? modelMachines(program, explorations, options.memo)
    : new Map<Machine, ModeledMachine>();
  const flows = suites ? composeFlows(program, options.memo) : new Map<Flow, ComposedFlow>();
  const diagnostics = [
    ...enforceVersions(program, options.previousLock),
    ...[...explorations.values()].flatMap((x) =>
      x.diagnostics.filter((d) => d.severity !== "info"),
    ),
    ...systems.filter((d) => d.severity !== "info"),
  ];
  const notes = systems.filter((d) => d.code === "IC8024").map((d) => `intentc: ${d.message}`);
  const changelog = changelogHistory(program, options.previousLock);
  const traces = new Map<Diagnostic, Trace>();
  for (const x of explorations.values()) {
    x.traces?.forEach((t, i) => {
      if (t !== null && x.diagnostics[i] !== undefined) traces.set(x.diagnostics[i], t);
    });
  }
  return {
    analysis: { explorations, machines, flows, changelog, previousLock: options.previousLock },
    diagnostics,
    notes,
    traces,
  };
}

/**
 * The same analysis without a memo or worker (one-off emits and tests); it computes what the
 * suites embed at any budget, as a build does.
 */
export function analyzeSync(
  program: Program,
  budget = DEFAULT_EXPLORE_BUDGET,
  previousLock?: LockFile,
): Analysis {
  const explorations = new Map<Machine, MachineExploration>();
  if (budget > 0)
    for (const m of machinesOf(program)) explorations.set(m, exploreForBuild(program, m, budget));
  return {
    explorations,
    machines: modelMachines(program, explorations),
    flows: composeFlows(program),
    changelog: changelogHistory(program, previousLock),
    previousLock,
  };
}

/** Explore every machine: from the memo, on the worker, or here; in program order. */
async function exploreAll(
  program: Program,
  o: AnalyzeOptions,
): Promise<Map<Machine, MachineExploration>> {
  const machines = o.budget > 0 ? machinesOf(program) : [];
  const found = new Map<Machine, MachineExploration>();
  const key = (m: Machine) => exploreKey(program, m, o.budget, o.fingerprint);
  for (const m of machines) {
    const hit = o.memo?.peek(key(m), isExploration);
    if (hit !== undefined) found.set(m, hit);
  }
  const missing = machines.filter((m) => !found.has(m));
  let done = found.size;
  let states = 0;
  const record = (m: Machine, x: MachineExploration) => {
    found.set(m, x);
    o.memo?.put(key(m), x);
    states += x.states ?? 0;
    o.progress?.machines(++done, machines.length, states);
  };
  o.progress?.machines(done, machines.length, states);
  const early = typeof o.parallel === "object" ? o.parallel : undefined;
  const explorer =
    missing.length === 0
      ? undefined
      : (early ??
        (o.parallel === true && missing.length >= WORKER_MIN_MACHINES
          ? startExplorer()
          : undefined));
  if (early !== undefined && explorer === undefined) await early.stop();
  if (explorer !== undefined)
    await explorer.explore(program, missing, o.budget, record, o.fingerprint);
  else
    for (const m of missing)
      record(m, exploreForBuild(program, m, o.budget, undefined, o.fingerprint));
  return new Map(machines.map((m) => [m, found.get(m) as MachineExploration]));
}

/** Explore every flow that connects machines as one system: from the memo, or here. */
function exploreSystems(program: Program, o: AnalyzeOptions): Diagnostic[] {
  if (o.budget <= 0) return [];
  return systemFlows(program).flatMap((flow) => {
    const key = systemKey(program, flow, o.budget, o.fingerprint);
    const hit = o.memo?.peek(key, isSystemExploration);
    if (hit !== undefined) return [...hit.diagnostics];
    const x = exploreSystemForBuild(program, flow, o.budget, o.fingerprint);
    o.memo?.put(key, x);
    return [...x.diagnostics];
  });
}
