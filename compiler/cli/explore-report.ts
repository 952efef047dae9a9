/** The text and JSON reports of `intentc explore` (compiler/cli/explore.ts): one block per machine. */
import type { Diagnostic } from "../diagnostic.js";
import { renderDiagnostics } from "../report/index.js";
import type { ExploredMachine } from "../explore/index.js";
import type { ExploreFinding, ExploreStats, renderTrace as renderTraceFn, traceToJson as traceToJsonFn } from "../explore/trace.js";
import type { coverageOf as coverageOfFn } from "../explore/coverage.js";

/** The trace printers, loaded with the search (not at start-up). */
export interface TraceText {
  readonly renderTrace: typeof renderTraceFn;
  readonly traceToJson: typeof traceToJsonFn;
  readonly TRACE_LONG: number;
  readonly coverageOf: typeof coverageOfFn;
}
/** One summary line is printed at the end, so per-finding renders drop theirs. */
export function withoutSummary(text: string): string {
  return text.replace(/\n*Found \d+ errors? and \d+ warnings?\.\n$/, "\n");
}

export function pairs(e: ExploredMachine): [ExploreFinding, Diagnostic][] {
  return (e.result?.findings ?? []).map((f, i) => [f, e.diagnostics[i]]);
}

export function renderMachine(e: ExploredMachine, sources: ReadonlyMap<string, string>, t: TraceText, traceOut: string | undefined): string {
  const name = `${e.machine.domain}.${e.machine.name}`;
  if (e.result === undefined) return withoutSummary(renderDiagnostics(e.diagnostics, "text", sources));
  const s = e.result.stats;
  let out =
    `explore ${name}: ${s.distinct} distinct states, ${s.generated} generated, depth ${s.depth}, ` +
    `${(s.elapsedMs / 1000).toFixed(2)} s (${s.statesPerSecond} states/s), ${verdict(s)}\n`;
  if (s.completeness === "stopped") out += "  search stopped at the first error (--stop-at-first)\n";
  if (s.simulation !== undefined)
    out += `  search stopped at the budget or depth bound; random simulation (seed ${s.simulation.seed}) ran ${s.simulation.walks} walks, ${s.simulation.steps} steps\n`;
  const ps = pairs(e);
  if (ps.length === 0) out += "  ✓ no findings\n";
  for (const [f, d] of ps) {
    out += withoutSummary(renderDiagnostics([d], "text", sources));
    if (!("trace" in f)) continue;
    const n = f.trace.steps.length;
    const where = n <= t.TRACE_LONG ? "" : traceOut !== undefined ? `, all of them in ${traceOut}` : ", all of them with --trace-out <file>";
    out += `  trace (${n} steps${where}):\n` + t.renderTrace(f.trace, "    ", true);
  }
  return out;
}

/**
 * `complete`, `sampled (a, b)` or `budget exhausted` (with what was sampled, if anything); when the
 * visited set kept fingerprints, with their collision bound.
 */
function verdict(s: ExploreStats): string {
  const fields = s.sampled.length > 0 ? ` (sampled: ${s.sampled.join(", ")})` : "";
  const base =
    s.completeness === "budget exhausted"
      ? `budget exhausted${fields}`
      : s.completeness === "stopped"
        ? `stopped at the first error${fields}`
        : s.completeness === "sampled"
          ? `sampled, not complete${fields}`
          : "complete";
  const f = s.fingerprints;
  return f === undefined ? base : `${base} (fingerprinted: ${f.bits}-bit, collision probability ≤ ${f.collisionBound.toPrecision(2)})`;
}

export function toJson(e: ExploredMachine, t: TraceText): unknown {
  return {
    machine: `${e.machine.domain}.${e.machine.name}`,
    stats: e.result?.stats,
    ...(e.model !== undefined && e.result !== undefined ? { coverage: t.coverageOf(e.model, e.result) } : {}),
    findings: pairs(e).map(([f, d]) => ({ kind: f.kind, diagnostic: d, ...("trace" in f ? { trace: t.traceToJson(f.trace) } : {}) })),
  };
}
