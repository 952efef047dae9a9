/**
 * The explorer's verdict on the intent of the machines a slice implements, for the run's evidence:
 * it judges the specification (deadlocks, invariant violations in the model, unreachable states),
 * never the agent's code — the evidence reports it apart from the suites' verdict on the code.
 */
import { createNodeHost } from "../host.js";
import { compile } from "../program.js";
import type { ExplorerVerdict } from "../governance/evidence.js";
import type { SlicePack } from "../governance/types.js";

/** Explore every machine the pack implements with a small budget. */
export async function explorerVerdicts(
  cwd: string,
  pack: SlicePack,
  budget: number,
): Promise<ExplorerVerdict[]> {
  const compiled = compile(createNodeHost(cwd), { dir: "intent" });
  if (compiled.program === undefined) return [];
  const program = compiled.program;
  const { exploreMachine, machinesOf } = await import("../explore/index.js");
  const wanted = new Set(pack.implements);
  return machinesOf(program)
    .filter((m) => wanted.has(`${m.domain}.${m.name}`))
    .map((m) => {
      const e = exploreMachine(program, m, {
        budget,
        depth: 50,
        seed: 1,
        now: () => performance.now(),
      });
      if (e.result === undefined)
        return {
          machine: `${m.domain}.${m.name}`,
          verdict: "not-run" as const,
          states: 0,
          complete: false,
          findings: e.diagnostics.map((d) => `${d.code} ${d.message}`),
        };
      const findings = e.diagnostics
        .filter((d) => d.severity === "error" || d.severity === "warning")
        .map((d) => `${d.code} ${d.message}`);
      return {
        machine: `${m.domain}.${m.name}`,
        verdict: findings.length > 0 ? ("findings" as const) : ("clean" as const),
        states: e.result.stats.distinct,
        complete: e.result.stats.complete,
        findings,
      };
    });
}
