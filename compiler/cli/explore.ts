/** `intentc explore [machine]`: search the machines' state spaces for spec bugs; exit 1 on error findings. */
import { mkdirSync } from "node:fs";
import { basename, dirname, isAbsolute, relative, resolve, sep } from "node:path";
import { writeFileInside } from "../governance/store.js";
import type { Command } from "commander";
import { Option } from "../vendor/commander.js";
import type { Diagnostic } from "../diagnostic.js";
import { sortDiagnostics } from "../diagnostic.js";
import { createNodeHost } from "../host.js";
import type { compile as compileFn } from "../compile.js";
import { renderDiagnostics } from "../report/index.js";
import type { ExploredMachine } from "../explore/index.js";
import type { ExploreFinding, renderTrace as renderTraceFn, traceToJson as traceToJsonFn } from "../explore/trace.js";
import { EXIT_FAILURE, EXIT_USAGE, insideRoot, type CliIO, type ExitState } from "./shared.js";

/** The trace printers, loaded with the search (not at start-up). */
interface TraceText {
  readonly renderTrace: typeof renderTraceFn;
  readonly traceToJson: typeof traceToJsonFn;
}

interface ExploreCliOptions {
  readonly dir: string;
  readonly budget: string;
  readonly depth: string;
  readonly seed: string;
  readonly traceOut?: string;
  readonly format: "text" | "json";
}

/** Register the `explore` command. */
export function registerExplore(program: Command, io: CliIO, exit: ExitState): void {
  program
    .command("explore")
    .description("Search each machine's states (BFS, then random simulation past the budget) for invariant violations, deadlocks, unreachable states, never-enabled events, overlapping guards and effects that break a type; exit 1 on errors.")
    .argument("[machine]", "only this machine (`Name` or `domain.Name`)")
    .option("--dir <dir>", "directory holding *.intent.yaml files", "intent")
    .option("--budget <states>", "distinct states searched exhaustively before random simulation", "200000")
    .option("--depth <steps>", "deepest level searched", "50")
    .option("--seed <n>", "seed of the random simulation", "1")
    .option("--trace-out <file>", "write every finding's trace as JSON (replayable by the generated tests)")
    .addOption(new Option("--format <format>", "output format").choices(["text", "json"]).default("text"))
    .addHelpText("after", "\nExamples:\n  intentc explore\n  intentc explore OrderLifecycle --budget 50000 --trace-out traces.json\n")
    .action(async (only: string | undefined, opts: ExploreCliOptions) => {
      const nums = [opts.budget, opts.depth, opts.seed].map((s) => Number(s));
      if (nums.some((n) => !Number.isInteger(n) || n < 0) || nums[0] < 1) {
        io.err("intentc explore: --budget, --depth and --seed take non-negative integers (budget ≥ 1).\n");
        exit.code = EXIT_USAGE;
        return;
      }
      const [budget, depth, seed] = nums;
      const rel = insideRoot(io.cwd, opts.dir);
      if (rel === undefined) {
        io.err(`intentc explore: '${opts.dir}' is outside the current directory.\n`);
        exit.code = EXIT_USAGE;
        return;
      }
      // Loaded here, not at start-up: `intentc --help` and other commands need none of it.
      const compile: typeof compileFn = (await import("../compile.js")).compile;
      const { exploreMachine, machinesOf } = await import("../explore/index.js");
      const t: TraceText = await import("../explore/trace.js");
      const compiled = compile(createNodeHost(io.cwd), { dir: rel });
      const sources = compiled.sources;
      const blocking = compiled.diagnostics.some((d) => d.severity === "error" && !d.code.startsWith("IC3"));
      if (compiled.program === undefined || blocking) {
        io.out(renderDiagnostics(compiled.diagnostics, opts.format === "json" ? "json" : "text", sources));
        exit.code = EXIT_FAILURE;
        return;
      }
      const machines = machinesOf(compiled.program, only);
      if (only !== undefined && machines.length === 0) {
        io.err(`intentc explore: no machine named '${only}'.\n`);
        exit.code = EXIT_USAGE;
        return;
      }
      const explored = machines.map((m) => exploreMachine(compiled.program!, m, { budget, depth, seed, now: () => performance.now() }));
      const all = sortDiagnostics([...compiled.diagnostics, ...explored.flatMap((e) => e.diagnostics)]);
      if (opts.format === "json") io.out(JSON.stringify({ machines: explored.map((e) => toJson(e, t)), diagnostics: all }, null, 2) + "\n");
      else {
        if (compiled.diagnostics.length > 0) io.out(withoutSummary(renderDiagnostics(compiled.diagnostics, "text", sources)));
        for (const e of explored) io.out(renderMachine(e, sources, t));
        const errors = all.filter((d) => d.severity === "error").length;
        const warnings = all.filter((d) => d.severity === "warning").length;
        io.out(`Found ${errors} error${errors === 1 ? "" : "s"} and ${warnings} warning${warnings === 1 ? "" : "s"}.\n`);
      }
      if (opts.traceOut !== undefined) {
        const traces = explored.flatMap((e) => pairs(e).flatMap(([f, d]) => ("trace" in f ? [{ code: d.code, kind: f.kind, trace: t.traceToJson(f.trace) }] : [])));
        const target = resolve(io.cwd, opts.traceOut);
        const text = JSON.stringify({ version: 1, traces }, null, 2) + "\n";
        const rel = relative(io.cwd, target).split(sep).join("/");
        try {
          // Inside the project no component may be a symlink; outside it (an explicit path) the
          // file itself is replaced by rename, never written through a link.
          if (rel !== "" && !rel.startsWith("..") && !isAbsolute(rel)) writeFileInside(io.cwd, rel, text);
          else {
            mkdirSync(dirname(target), { recursive: true });
            writeFileInside(dirname(target), basename(target), text);
          }
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

function renderMachine(e: ExploredMachine, sources: ReadonlyMap<string, string>, t: TraceText): string {
  const name = `${e.machine.domain}.${e.machine.name}`;
  if (e.result === undefined) return withoutSummary(renderDiagnostics(e.diagnostics, "text", sources));
  const s = e.result.stats;
  let out =
    `explore ${name}: ${s.distinct} distinct states, ${s.generated} generated, depth ${s.depth}, ` +
    `${(s.elapsedMs / 1000).toFixed(2)} s (${s.statesPerSecond} states/s)` +
    (s.complete ? ", complete\n" : "\n");
  if (s.simulation !== undefined)
    out += `  search stopped at the budget or depth bound; random simulation (seed ${s.simulation.seed}) ran ${s.simulation.walks} walks, ${s.simulation.steps} steps\n`;
  const ps = pairs(e);
  if (ps.length === 0) out += "  ✓ no findings\n";
  for (const [f, d] of ps) {
    out += withoutSummary(renderDiagnostics([d], "text", sources));
    if ("trace" in f) out += `  trace (${f.trace.steps.length} steps):\n` + t.renderTrace(f.trace);
  }
  return out;
}

function toJson(e: ExploredMachine, t: TraceText): unknown {
  return {
    machine: `${e.machine.domain}.${e.machine.name}`,
    stats: e.result?.stats,
    findings: pairs(e).map(([f, d]) => ({ kind: f.kind, diagnostic: d, ...("trace" in f ? { trace: t.traceToJson(f.trace) } : {}) })),
  };
}
