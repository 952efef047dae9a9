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
  if (program.riskTiers.length > 0) return;
  const why = program.system.file === undefined ? "the project has no system file" : "the system file declares no risk tiers";
  for (const domain of program.domains) {
    for (const slice of domain.slices) {
      if (slice.risk === "") continue; // IC2015: no tier named at all
      const own = locator.at(slice.loc, ["slices", slice.name, "risk"]);
      const at = own !== slice.loc ? own : domain.risk !== undefined ? locator.at(domain.loc, ["risk"]) : slice.loc;
      diags.report("risk-tier-undefined", { slice: slice.name, tier: slice.risk, why }, at);
    }
  }
}
