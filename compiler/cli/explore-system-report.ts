/** The text and JSON reports of a flow explored as one system (`intentc explore`, explore/system.ts). */
import { renderDiagnostics } from "../report/index.js";
import type { ExploredFlow } from "../explore/index.js";
import { withoutSummary, type TraceText } from "./explore-report.js";

export function renderFlow(e: ExploredFlow, sources: ReadonlyMap<string, string>, t: TraceText, traceOut: string | undefined): string {
  const name = `${e.flow.domain}.${e.flow.name}`;
  if (e.result === undefined) return withoutSummary(renderDiagnostics(e.diagnostics, "text", sources));
  const s = e.result.stats;
  const parts = (e.slots ?? []).map((x) => `${x.name} = ${x.model.machine.domain}.${x.model.machine.name}`).join(", ");
  const fields = s.sampled.length > 0 ? ` (sampled: ${s.sampled.join(", ")})` : "";
  const verdict =
    s.completeness === "complete" ? "complete" : s.completeness === "sampled" ? `sampled, not complete${fields}` : s.completeness === "stopped" ? `stopped at the first error${fields}` : `budget exhausted${fields}`;
  let out =
    `explore flow ${name} (${parts}): ${s.distinct} distinct states, ${s.generated} generated, depth ${s.depth}, ` +
    `${(s.elapsedMs / 1000).toFixed(2)} s (${s.statesPerSecond} states/s), ${verdict}\n`;
  if (s.simulation !== undefined)
    out += `  search stopped at the budget or depth bound; random simulation (seed ${s.simulation.seed}) ran ${s.simulation.walks} walks, ${s.simulation.steps} steps\n`;
  if (e.pairs.length === 0) out += "  ✓ no findings\n";
  for (const [f, d] of e.pairs) {
    out += withoutSummary(renderDiagnostics([d], "text", sources));
    if (!("trace" in f)) continue;
    const n = f.trace.steps.length;
    const where = n <= t.TRACE_LONG ? "" : traceOut !== undefined ? `, all of them in ${traceOut}` : ", all of them with --trace-out <file>";
    out += `  trace (${n} steps${where}):\n` + t.renderTrace(f.trace, "    ", true);
  }
  const summary = e.diagnostics.find((d) => d.code === "IC8024");
  if (summary !== undefined) out += `  ${summary.message}\n`;
  return out;
}

export function flowToJson(e: ExploredFlow, t: TraceText): unknown {
  return {
    flow: `${e.flow.domain}.${e.flow.name}`,
    participants: (e.slots ?? []).map((x) => ({ name: x.name, machine: `${x.model.machine.domain}.${x.model.machine.name}` })),
    stats: e.result?.stats,
    ...(e.model !== undefined && e.result !== undefined ? { coverage: t.coverageOf(e.model, e.result) } : {}),
    findings: e.pairs.map(([f, d]) => ({ kind: f.kind, diagnostic: d, ...("trace" in f ? { trace: t.traceToJson(f.trace) } : {}) })),
  };
}
