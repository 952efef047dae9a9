/** `intentc explore`: argv → driver (driver/explore.ts) → report of each machine's search; exit 1 on error findings. */
import type { Command } from "commander";
import { Option } from "../vendor/commander.js";
import type { Diagnostic } from "../diagnostic.js";
import { sortDiagnostics } from "../diagnostic.js";
import { renderDiagnostics } from "../report/index.js";
import type { ExploredMachine } from "../explore/index.js";
import type { ExploreFinding, ExploreStats, renderTrace as renderTraceFn, traceToJson as traceToJsonFn } from "../explore/trace.js";
import type { coverageOf as coverageOfFn } from "../explore/coverage.js";
import { writeOutputFile } from "../write/file.js";
import { count, DIR_RULE, dirOption, EXIT_FAILURE, EXIT_USAGE, intentDir, terminalProgress, type CliIO, type ExitState } from "./shared.js";

/** The trace printers, loaded with the search (not at start-up). */
interface TraceText {
  readonly renderTrace: typeof renderTraceFn;
  readonly traceToJson: typeof traceToJsonFn;
  readonly TRACE_LONG: number;
  readonly coverageOf: typeof coverageOfFn;
}

interface ExploreCliOptions {
  readonly dir: string;
  readonly machine?: string;
  readonly quiet?: boolean;
  readonly budget: string;
  readonly depth: string;
  readonly seed: string;
  readonly traceOut?: string;
  readonly stopAtFirst?: boolean;
  readonly format: "text" | "json";
}

/** Register the `explore` command. */
export function registerExplore(program: Command, io: CliIO, exit: ExitState): void {
  program
    .command("explore")
    .description("Search each machine's states (BFS, then random simulation past the budget) for invariant violations, deadlocks, unreachable states, never-enabled events, overlapping guards and effects that break a type; exit 1 on errors.")
    .addOption(dirOption())
    .option("-m, --machine <name>", "only this machine (`Name` or `domain.Name`)")
    .option("--budget <states>", "distinct states searched exhaustively before random simulation", "200000")
    .option("--depth <steps>", "deepest level searched", "50")
    .option("--seed <n>", "seed of the random simulation", "1")
    .option("--trace-out <file>", "write every finding's full trace as JSON (replayable by the generated tests)")
    .option("--stop-at-first", "stop each machine's search at its first error (violation, deadlock, type break, throw)")
    .option("-q, --quiet", "no progress line on a terminal")
    .addOption(new Option("--format <format>", "output format").choices(["text", "json"]).default("text"))
    .addHelpText("after", `\nExamples:\n  intentc explore\n  intentc explore --machine OrderLifecycle --budget 50000 --trace-out traces.json\n${DIR_RULE}`)
    .action(async (opts: ExploreCliOptions) => {
      const [budget, depth, seed] = [opts.budget, opts.depth, opts.seed].map(count);
      if (budget === undefined || depth === undefined || seed === undefined || budget < 1) {
        io.err("intentc explore: --budget, --depth and --seed take non-negative integers (budget ≥ 1).\n");
        exit.code = EXIT_USAGE;
        return;
      }
      // Loaded here, not at start-up: `intentc --help` and other commands need none of it.
      const { explore } = await import("../driver/explore.js");
      const t: TraceText = { ...(await import("../explore/trace.js")), ...(await import("../explore/coverage.js")) };
      const progress = terminalProgress(io, opts.quiet === true || opts.format !== "text");
      const req = { root: io.cwd, dir: intentDir(io.cwd, opts.dir), budget, depth, seed, ...(opts.machine ? { machine: opts.machine } : {}), ...(opts.stopAtFirst === true ? { stopAtFirst: true } : {}) };
      const r = explore(req, progress);
      progress.clear();
      if (r.status === "blocked") {
        io.out(renderDiagnostics(r.diagnostics, opts.format === "json" ? "json" : "text", r.sources));
        exit.code = EXIT_FAILURE;
        return;
      }
      if (r.status === "unknown-machine") {
        io.err(`intentc explore: no machine named '${opts.machine}'.\n`);
        exit.code = EXIT_USAGE;
        return;
      }
      const all = sortDiagnostics([...r.diagnostics, ...r.explored.flatMap((e) => e.diagnostics)]);
      if (opts.format === "json") io.out(JSON.stringify({ machines: r.explored.map((e) => toJson(e, t)), diagnostics: all }, null, 2) + "\n");
      else {
        if (r.diagnostics.length > 0) io.out(withoutSummary(renderDiagnostics(r.diagnostics, "text", r.sources)));
        for (const e of r.explored) io.out(renderMachine(e, r.sources, t, opts.traceOut));
        const errors = all.filter((d) => d.severity === "error").length;
        const warnings = all.filter((d) => d.severity === "warning").length;
        io.out(`Found ${errors} error${errors === 1 ? "" : "s"} and ${warnings} warning${warnings === 1 ? "" : "s"}.\n`);
      }
      if (opts.traceOut !== undefined) {
        const traces = r.explored.flatMap((e) => pairs(e).flatMap(([f, d]) => ("trace" in f ? [{ code: d.code, kind: f.kind, trace: t.traceToJson(f.trace) }] : [])));
        try {
          writeOutputFile(io.cwd, opts.traceOut, JSON.stringify({ version: 1, traces }, null, 2) + "\n");
        } catch (e) {
          io.err(`intentc explore: cannot write the trace to '${opts.traceOut}': ${(e as Error).message}\n`);
          exit.code = EXIT_USAGE;
          return;
        }
      }
      if (all.some((d) => d.severity === "error")) exit.code = EXIT_FAILURE;
    });
}

/** One summary line is printed at the end, so per-finding renders drop theirs. */
function withoutSummary(text: string): string {
  return text.replace(/\n*Found \d+ errors? and \d+ warnings?\.\n$/, "\n");
}

function pairs(e: ExploredMachine): [ExploreFinding, Diagnostic][] {
  return (e.result?.findings ?? []).map((f, i) => [f, e.diagnostics[i]]);
}

function renderMachine(e: ExploredMachine, sources: ReadonlyMap<string, string>, t: TraceText, traceOut: string | undefined): string {
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

/** `complete`, `sampled (a, b)` or `budget exhausted` (with what was sampled, if anything). */
function verdict(s: ExploreStats): string {
  const fields = s.sampled.length > 0 ? ` (sampled: ${s.sampled.join(", ")})` : "";
  if (s.completeness === "budget exhausted") return `budget exhausted${fields}`;
  if (s.completeness === "stopped") return `stopped at the first error${fields}`;
  return s.completeness === "sampled" ? `sampled, not complete${fields}` : "complete";
}

function toJson(e: ExploredMachine, t: TraceText): unknown {
  return {
    machine: `${e.machine.domain}.${e.machine.name}`,
    stats: e.result?.stats,
    ...(e.model !== undefined && e.result !== undefined ? { coverage: t.coverageOf(e.model, e.result) } : {}),
    findings: pairs(e).map(([f, d]) => ({ kind: f.kind, diagnostic: d, ...("trace" in f ? { trace: t.traceToJson(f.trace) } : {}) })),
  };
}
