/** `intentc explore`: argv → driver (driver/explore.ts) → report of each machine's search; exit 1 on error findings. */
import type { Command } from "commander";
import { Option } from "../vendor/commander.js";
import { renderDiagnostics } from "../report/index.js";
import { writeOutputFile } from "../write/file.js";
import type { TraceText } from "./explore-report.js";
import { allDiagnostics, exploreOutput, traceFile } from "./explore-system-report.js";
import {
  count,
  DIR_RULE,
  dirOption,
  EXIT_FAILURE,
  EXIT_USAGE,
  intentDir,
  terminalProgress,
  type CliIO,
  type ExitState,
} from "./shared.js";

interface ExploreCliOptions {
  readonly dir: string;
  readonly machine?: string;
  readonly flow?: string;
  readonly quiet?: boolean;
  readonly budget: string;
  readonly depth: string;
  readonly seed: string;
  readonly traceOut?: string;
  readonly stopAtFirst?: boolean;
  /** --fingerprint (true) / --no-fingerprint (false); unset: fingerprints for wide keys only. */
  readonly fingerprint?: boolean;
  readonly format: "text" | "json";
}

/** Register the `explore` command. */
export function registerExplore(program: Command, io: CliIO, exit: ExitState): void {
  program
    .command("explore")
    .description(
      "Search each machine's states (BFS, then random simulation past the budget) for invariant violations, deadlocks, unreachable states, never-enabled events, overlapping guards and effects that break a type, and each flow that connects machines as one system (flow invariants, conserved value); exit 1 on errors.",
    )
    .addOption(dirOption())
    .option("-m, --machine <name>", "only this machine (`Name` or `domain.Name`)")
    .option("--flow <name>", "only this flow, explored as one system (`name` or `domain.name`)")
    .option(
      "--budget <states>",
      "distinct states searched exhaustively before random simulation",
      "200000",
    )
    .option("--depth <steps>", "deepest level searched", "50")
    .option("--seed <n>", "seed of the random simulation", "1")
    .option(
      "--trace-out <file>",
      "write every finding's full trace as JSON (replayable by the generated tests)",
    )
    .option(
      "--stop-at-first",
      "stop each machine's search at its first error (violation, deadlock, type break, throw)",
    )
    .option(
      "--fingerprint",
      "keep 64-bit fingerprints of visited states instead of whole keys (less memory; the verdict states the collision bound); default: only for keys wider than 12 ids",
    )
    .option("--no-fingerprint", "keep whole keys of visited states, however wide")
    .option("-q, --quiet", "no progress line on a terminal")
    .addOption(
      new Option("--format <format>", "output format").choices(["text", "json"]).default("text"),
    )
    .addHelpText(
      "after",
      `\nExamples:\n  intentc explore\n  intentc explore --machine OrderLifecycle --budget 50000 --trace-out traces.json\n  intentc explore --flow checkout\n  intentc explore --machine OrderLifecycle --budget 1000000 --fingerprint\n${DIR_RULE}`,
    )
    .action(async (opts: ExploreCliOptions) => {
      const [budget, depth, seed] = [opts.budget, opts.depth, opts.seed].map(count);
      if (budget === undefined || depth === undefined || seed === undefined || budget < 1) {
        io.err(
          "intentc explore: --budget, --depth and --seed take non-negative integers (budget ≥ 1).\n",
        );
        exit.code = EXIT_USAGE;
        return;
      }
      // Loaded here, not at start-up: `intentc --help` and other commands need none of it.
      const { explore } = await import("../driver/explore.js");
      const t: TraceText = {
        ...(await import("../explore/trace.js")),
        ...(await import("../explore/coverage.js")),
      };
      const progress = terminalProgress(io, opts.quiet === true || opts.format !== "text");
      const req = {
        ...{ root: io.cwd, dir: intentDir(io.cwd, opts.dir), budget, depth, seed },
        ...(opts.machine ? { machine: opts.machine } : {}),
        ...(opts.flow ? { flow: opts.flow } : {}),
        ...(opts.stopAtFirst === true ? { stopAtFirst: true } : {}),
        ...(typeof opts.fingerprint === "boolean" ? { fingerprint: opts.fingerprint } : {}),
      };
      const r = await explore(req, progress);
      progress.clear();
      if (r.status === "blocked") {
        io.out(
          renderDiagnostics(r.diagnostics, opts.format === "json" ? "json" : "text", r.sources),
        );
        exit.code = EXIT_FAILURE;
        return;
      }
      if (r.status === "unknown-machine" || r.status === "unknown-flow") {
        io.err(
          r.status === "unknown-flow"
            ? `intentc explore: no flow named '${opts.flow}' connects machines.\n`
            : `intentc explore: no machine named '${opts.machine}'.\n`,
        );
        exit.code = EXIT_USAGE;
        return;
      }
      const all = allDiagnostics(r);
      io.out(exploreOutput(r, all, t, opts.format, opts.traceOut));
      if (opts.traceOut !== undefined) {
        try {
          writeOutputFile(io.cwd, opts.traceOut, traceFile(r, t));
        } catch (e) {
          io.err(
            `intentc explore: cannot write the trace to '${opts.traceOut}': ${(e as Error).message}\n`,
          );
          exit.code = EXIT_USAGE;
          return;
        }
      }
      if (all.some((d) => d.severity === "error")) exit.code = EXIT_FAILURE;
    });
}
