/**
 * `intentc explore`: the front end, then a full search of each machine (or one) and of each flow
 * that connects machines as one system (or one), with stats and traces. Errors of the check rules (IC3xxx) do not stop it: exploring is how one debugs them.
 */
import { hasErrors, type Diagnostic } from "../diagnostic.js";
import { exploreMachine, machinesOf, type ExploredMachine } from "../explore/machine.js";
import type { ExploredFlow } from "../explore/system.js";
import { systemFlows } from "../explore/system-flows.js";
import { createNodeHost } from "../host.js";
import { compile } from "./front-end.js";
import { SILENT, type Progress } from "./progress.js";

/** What to explore and how. */
export interface ExploreRequest {
  readonly root: string;
  readonly dir: string;
  /** Only this machine (`Name` or `domain.Name`); no flow is explored then. */
  readonly machine?: string;
  /** Only this flow (`name` or `domain.name`), explored as one system; no machine alone then. */
  readonly flow?: string;
  readonly budget: number;
  readonly depth: number;
  readonly seed: number;
  /** Stop each machine's search at its first error finding. */
  readonly stopAtFirst?: boolean;
  /** Keep 64-bit fingerprints (true) or whole keys (false) of visited states; unset: by key width. */
  readonly fingerprint?: boolean;
}

/** The outcome: the front end's diagnostics, and each machine explored. */
export interface ExploreReport {
  /** `blocked`: the intent does not compile; `unknown-machine`/`unknown-flow`: `machine`/`flow` names none. */
  readonly status: "done" | "blocked" | "unknown-machine" | "unknown-flow";
  readonly diagnostics: readonly Diagnostic[];
  readonly sources: ReadonlyMap<string, string>;
  readonly explored: readonly ExploredMachine[];
  /** Each flow that connects machines, explored as one system (explore/system.ts). */
  readonly systems: readonly ExploredFlow[];
}

/** Compile and explore (the system explorer is loaded only when there is a flow to explore). */
export async function explore(
  req: ExploreRequest,
  progress: Progress = SILENT,
): Promise<ExploreReport> {
  progress.phase("compiling");
  const front = compile(createNodeHost(req.root), { dir: req.dir });
  const blocking = hasErrors(front.diagnostics.filter((d) => !d.code.startsWith("IC3")));
  const base = {
    diagnostics: front.diagnostics,
    sources: front.sources,
    explored: [],
    systems: [],
  };
  const program = front.program;
  if (program === undefined || blocking) return { status: "blocked", ...base };
  const machines = req.flow !== undefined ? [] : machinesOf(program, req.machine);
  if (req.machine !== undefined && machines.length === 0)
    return { status: "unknown-machine", ...base };
  const flows = req.machine !== undefined ? [] : systemFlows(program, req.flow);
  if (req.flow !== undefined && flows.length === 0) return { status: "unknown-flow", ...base };
  const opts = {
    budget: req.budget,
    depth: req.depth,
    seed: req.seed,
    ...(req.stopAtFirst === true ? { stopAtFirst: true } : {}),
    ...(req.fingerprint !== undefined ? { fingerprint: req.fingerprint } : {}),
    now: () => performance.now(),
  };
  progress.phase("exploring");
  const explored: ExploredMachine[] = [];
  let states = 0;
  progress.machines(0, machines.length, 0);
  for (const m of machines) {
    const x = exploreMachine(program, m, opts);
    explored.push(x);
    states += x.result?.stats.distinct ?? 0;
    progress.machines(explored.length, machines.length, states);
  }
  const systems: ExploredFlow[] = [];
  if (flows.length > 0) {
    const { exploreFlow } = await import("../explore/system.js");
    for (const f of flows) systems.push(exploreFlow(program, f, opts));
  }
  return { status: "done", ...base, explored, systems };
}
