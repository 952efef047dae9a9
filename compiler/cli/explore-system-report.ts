/** The text and JSON reports of a flow explored as one system (`intentc explore`, explore/system.ts). */
import { renderDiagnostics } from "../report/index.js";
import type { ExploredFlow } from "../explore/index.js";
import { sortDiagnostics, type Diagnostic } from "../diagnostic.js";
import type { ExploreReport } from "../driver/explore.js";
import { pairs, renderMachine, toJson, withoutSummary, type TraceText } from "./explore-report.js";

export function renderFlow(
  e: ExploredFlow,
  sources: ReadonlyMap<string, string>,
  t: TraceText,
  traceOut: string | undefined,
): string {
  const name = `${e.flow.domain}.${e.flow.name}`;
  if (e.result === undefined)
    return withoutSummary(renderDiagnostics(e.diagnostics, "text", sources));
  const s = e.result.stats;
  const parts = (e.slots ?? [])
    .map((x) => `${x.name} = ${x.model.machine.domain}.${x.model.machine.name}`)
    .join(", ");
  const fields = s.sampled.length > 0 ? ` (sampled: ${s.sampled.join(", ")})` : "";
  const verdict =
    s.completeness === "complete"
      ? "complete"
      : s.completeness === "sampled"
        ? `sampled, not complete${fields}`
        : s.completeness === "stopped"
          ? `stopped at the first error${fields}`
          : `budget exhausted${fields}`;
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
    const where =
      n <= t.TRACE_LONG
        ? ""
        : traceOut !== undefined
          ? `, all of them in ${traceOut}`
          : ", all of them with --trace-out <file>";
    out += `  trace (${n} steps${where}):\n` + t.renderTrace(f.trace, "    ", true);
  }
  const summary = e.diagnostics.find((d) => d.code === "IC8024");
  if (summary !== undefined) out += `  ${summary.message}\n`;
  return out;
}

export function flowToJson(e: ExploredFlow, t: TraceText): unknown {
  return {
    flow: `${e.flow.domain}.${e.flow.name}`,
    participants: (e.slots ?? []).map((x) => ({
      name: x.name,
      machine: `${x.model.machine.domain}.${x.model.machine.name}`,
    })),
    stats: e.result?.stats,
    ...(e.conservation !== undefined ? { conservation: e.conservation } : {}),
    ...(e.model !== undefined && e.result !== undefined
      ? { coverage: t.coverageOf(e.model, e.result) }
      : {}),
    findings: e.pairs.map(([f, d]) => ({
      kind: f.kind,
      diagnostic: d,
      ...("trace" in f ? { trace: t.traceToJson(f.trace) } : {}),
    })),
  };
}

type Explored = ExploreReport;

/** Every diagnostic of an `intentc explore` run (front end, machines, flows), sorted. */
export function allDiagnostics(r: Explored): Diagnostic[] {
  return sortDiagnostics([
    ...r.diagnostics,
    ...r.explored.flatMap((e) => e.diagnostics),
    ...r.systems.flatMap((e) => e.diagnostics),
  ]);
}

/** The whole report of an `intentc explore` run: JSON, or text per machine and flow with a count. */
export function exploreOutput(
  r: Explored,
  all: readonly Diagnostic[],
  t: TraceText,
  format: "text" | "json",
  traceOut: string | undefined,
): string {
  if (format === "json") {
    const machines = r.explored.map((e) => toJson(e, t));
    const flows = r.systems.map((e) => flowToJson(e, t));
    return JSON.stringify({ machines, flows, diagnostics: all }, null, 2) + "\n";
  }
  let out = "";
  if (r.diagnostics.length > 0)
    out += withoutSummary(renderDiagnostics(r.diagnostics, "text", r.sources));
  for (const e of r.explored) out += renderMachine(e, r.sources, t, traceOut);
  for (const e of r.systems) out += renderFlow(e, r.sources, t, traceOut);
  const errors = all.filter((d) => d.severity === "error").length;
  const warnings = all.filter((d) => d.severity === "warning").length;
  return `${out}Found ${errors} error${errors === 1 ? "" : "s"} and ${warnings} warning${warnings === 1 ? "" : "s"}.\n`;
}

/** The `--trace-out` file: every finding's full trace, replayable by the generated tests. */
export function traceFile(r: Explored, t: TraceText): string {
  const traces = [
    ...r.explored.flatMap((e) => pairs(e)),
    ...r.systems.flatMap((e) => e.pairs),
  ].flatMap(([f, d]) =>
    "trace" in f ? [{ code: d.code, kind: f.kind, trace: t.traceToJson(f.trace) }] : [],
  );
  return JSON.stringify({ version: 1, traces }, null, 2) + "\n";
}
