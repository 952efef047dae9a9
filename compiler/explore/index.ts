/**
 * State-space exploration of machines (`intentc explore`, and the analysis phase of every build
 * and check): a machine model (model.ts), one step rule (step.ts), breadth-first search with
 * simulation past the budget (search.ts, simulate.ts), findings as diagnostics (machine.ts) and
 * the per-machine build exploration with its content key (build.ts).
 */
export { exploreMachine, machinesOf, type ExploredMachine } from "./machine.js";
export {
  exploreForBuild,
  exploreKey,
  explorationProgram,
  isExploration,
  machineKey,
  seedCoverage,
  SEED_SEARCH,
  type MachineExploration,
} from "./build.js";
export type { ExploreResult, ExploreFinding, Trace, TraceStep, ExploreStats } from "./trace.js";
export type { SearchOptions } from "./search.js";
export { exploreFlow, systemFlows, type ExploredFlow } from "./system.js";
export {
  exploreSystemForBuild,
  isSystemExploration,
  systemKey,
  type SystemExploration,
} from "./system-build.js";
