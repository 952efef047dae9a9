/**
 * Gate rules: every slice runs at least one gate. A slice whose risk tier is not defined — the
 * project has no system file, or its system file declares no `risk.tiers` — would build a pack
 * with no gates and a run that "passes" over an empty table; that is an error here, at the
 * `risk:` that names the tier. (An unknown tier next to declared tiers is IC2008 in bind; a
 * declared tier with an empty gate list is IC3206.)
 */
import type { DiagnosticCollector } from "../diagnostics.js";
import type { Program } from "../ir/types.js";
import type { Locator } from "./locate.js";

/** Run the gate rules. */
export function checkGates(program: Program, diags: DiagnosticCollector, locator: Locator): void {
  if (program.riskTiers.length > 0) return checkExercise(program, diags, locator);
  const why =
    program.system.file === undefined
      ? "the project has no system file"
      : "the system file declares no risk tiers";
  for (const domain of program.domains) {
    for (const slice of domain.slices) {
      if (slice.risk === "") continue; // IC2015: no tier named at all
      const own = locator.at(slice.loc, ["slices", slice.name, "risk"]);
      const at =
        own !== slice.loc
          ? own
          : domain.risk !== undefined
            ? locator.at(domain.loc, ["risk"])
            : slice.loc;
      diags.report("risk-tier-undefined", { slice: slice.name, tier: slice.risk, why }, at);
    }
  }
}

/**
 * A tier that requires invariants exercised (`exercise: critical | all`) can only be met through a
 * generated model-based suite, and those exist per machine: an invariant over an entity the slice
 * implements without a machine could never be exercised, so every run would fail. IC3211.
 */
function checkExercise(program: Program, diags: DiagnosticCollector, locator: Locator): void {
  const machineEntity = new Map<string, string>();
  for (const d of program.domains)
    for (const m of d.machines)
      machineEntity.set(`${m.domain}.${m.name}`, `${m.entity.domain}.${m.entity.name}`);
  const invariants = program.domains.flatMap((d) => d.invariants);
  for (const domain of program.domains) {
    for (const slice of domain.slices) {
      const tier = program.riskTiers.find((t) => t.name === slice.risk);
      if (tier === undefined || tier.exercise === undefined || tier.exercise === "none") continue;
      const covered = new Set<string>();
      const entities = new Set<string>();
      for (const t of slice.implements) {
        const name = `${t.ref.domain}.${t.ref.name}`;
        if (t.kind === "entity") entities.add(name);
        if (t.kind === "machine" && machineEntity.has(name)) {
          entities.add(machineEntity.get(name)!);
          covered.add(machineEntity.get(name)!);
        }
      }
      const missing = invariants.filter((i) => {
        const entity = `${i.entity.domain}.${i.entity.name}`;
        const required = tier.exercise === "all" || i.severity === "critical";
        return required && entities.has(entity) && !covered.has(entity);
      });
      if (missing.length === 0) continue;
      const own = locator.at(slice.loc, ["slices", slice.name, "risk"]);
      diags.report(
        "exercise-unreachable",
        {
          slice: slice.name,
          tier: tier.name,
          invariants: missing.map((i) => `${i.domain}.${i.name}`).join("', '"),
        },
        own,
      );
    }
  }
}
