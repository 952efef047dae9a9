/** The text and JSON reports of `intentc explore` (compiler/cli/explore.ts): one block per machine. */
import type { Diagnostic } from "../diagnostic.js";
import { renderDiagnostics, type ReportFormat } from "../report/index.js";
import { escapeText } from "../shared/escape.js";
import type { ExploredMachine } from "../explore/index.js";
import type {
  ExploreFinding,
  ExploreStats,
  Trace,
  renderTrace as renderTraceFn,
  traceToJson as traceToJsonFn,
} from "../explore/trace.js";
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

/** Where a long trace can be read whole. */
function longTraceNote(
  n: number,
  t: Pick<TraceText, "TRACE_LONG">,
  traceOut: string | undefined,
  command: string,
): string {
  if (n <= t.TRACE_LONG) return "";
  return traceOut !== undefined
    ? `, all of them in ${traceOut}`
    : `, all of them with ${command}--trace-out <file>`;
}

/** The trace block printed under a finding: `  trace (6 steps):` and one line per state. */
export function traceBlock(
  trace: Trace,
  t: Pick<TraceText, "renderTrace" | "TRACE_LONG">,
  traceOut?: string,
  command = "",
): string {
  const n = trace.steps.length;
  // Trace values are user data: each line goes through the terminal sink.
  return (
    `  trace (${n} steps${longTraceNote(n, t, traceOut, command)}):\n` +
    t.renderTrace(trace, "    ", true).split("\n").map(escapeText).join("\n")
  );
}

/**
 * Diagnostics as text, each exploration finding followed by the states of its trace exactly as
 * `intentc explore` prints them (for `build` and `check` failures), and one summary line.
 */
export function renderWithTraces(
  diags: readonly Diagnostic[],
  sources: ReadonlyMap<string, string>,
  traces: ReadonlyMap<Diagnostic, Trace>,
  t: Pick<TraceText, "renderTrace" | "TRACE_LONG">,
): string {
  if (diags.length === 0) return "";
  let out = "";
  for (const d of diags) {
    out += withoutSummary(renderDiagnostics([d], "text", sources));
    const trace = traces.get(d);
    if (trace !== undefined) out += traceBlock(trace, t, undefined, "intentc explore ");
    out += "\n";
  }
  const errors = diags.filter((d) => d.severity === "error").length;
  const warnings = diags.filter((d) => d.severity === "warning").length;
  return (
    out +
    `Found ${errors} error${errors === 1 ? "" : "s"} and ${warnings} warning${warnings === 1 ? "" : "s"}.\n`
  );
}

export function pairs(e: ExploredMachine): [ExploreFinding, Diagnostic][] {
  return (e.result?.findings ?? []).map((f, i) => [f, e.diagnostics[i]]);
}

export function renderMachine(
  e: ExploredMachine,
  sources: ReadonlyMap<string, string>,
  t: TraceText,
  traceOut: string | undefined,
): string {
  const name = `${e.machine.domain}.${e.machine.name}`;
  if (e.result === undefined)
    return withoutSummary(renderDiagnostics(e.diagnostics, "text", sources));
  const s = e.result.stats;
  let out =
    `explore ${name}: ${s.distinct} distinct states, ${s.generated} generated, depth ${s.depth}, ` +
    `${(s.elapsedMs / 1000).toFixed(2)} s (${s.statesPerSecond} states/s), ${verdict(s)}\n`;
  if (s.completeness === "stopped")
    out += "  search stopped at the first error (--stop-at-first)\n";
  if (s.simulation !== undefined)
    out += `  search stopped at the budget or depth bound; random simulation (seed ${s.simulation.seed}) ran ${s.simulation.walks} walks, ${s.simulation.steps} steps\n`;
  const ps = pairs(e);
  if (ps.length === 0) out += "  ✓ no findings\n";
  for (const [f, d] of ps) {
    out += withoutSummary(renderDiagnostics([d], "text", sources));
    if (!("trace" in f)) continue;
    out += traceBlock(f.trace, t, traceOut);
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
  return f === undefined
    ? base
    : `${base} (fingerprinted: ${f.bits}-bit, collision probability ≤ ${f.collisionBound.toPrecision(2)})`;
}

export function toJson(e: ExploredMachine, t: TraceText): unknown {
  return {
    machine: `${e.machine.domain}.${e.machine.name}`,
    stats: e.result?.stats,
    ...(e.model !== undefined && e.result !== undefined
      ? { coverage: t.coverageOf(e.model, e.result) }
      : {}),
    findings: pairs(e).map(([f, d]) => ({
      kind: f.kind,
      diagnostic: d,
      ...("trace" in f ? { trace: t.traceToJson(f.trace) } : {}),
    })),
  };
}

/**
 * The diagnostics of a `build` or `check` report in `format`; in text, exploration findings
 * show their traces as in `intentc explore` (the trace printer is loaded only then).
 */
export async function reportText(
  r: {
    readonly diagnostics: readonly Diagnostic[];
    readonly sources: ReadonlyMap<string, string>;
    readonly traces?: ReadonlyMap<Diagnostic, Trace>;
  },
  format: ReportFormat,
): Promise<string> {
  if (format !== "text" || r.traces === undefined || !r.diagnostics.some((d) => r.traces!.has(d)))
    return renderDiagnostics(r.diagnostics, format, r.sources);
  const t = await import("../explore/trace.js");
  return renderWithTraces(r.diagnostics, r.sources, r.traces, t);
}
