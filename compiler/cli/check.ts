/**
 * `intentc check`: argv → driver (driver/index.ts check) → report. Runs the front end and the
 * same analyses as `build` (explore, version enforcement), so the two never disagree; writes
 * nothing. Exit 1 on errors.
 */
import type { Command } from "commander";
import type { Program } from "../ir/types.js";
import { reportText } from "./explore-report.js";
import {
  count,
  DIR_RULE,
  dirOption,
  EXIT_FAILURE,
  EXIT_USAGE,
  fingerprintOptions,
  formatOption,
  intentDir,
  keysFlag,
  printTimings,
  terminalProgress,
  type CliIO,
  type ExitState,
  type OutputFormat,
} from "./shared.js";

interface CheckFlags {
  readonly dir: string;
  readonly out: string;
  readonly format: OutputFormat;
  readonly explore: boolean;
  readonly exploreBudget: string;
  readonly fingerprint?: boolean;
  readonly timings?: boolean;
  readonly quiet?: boolean;
}

/** Register the `check` command. */
export function registerCheck(program: Command, io: CliIO, exit: ExitState): void {
  program
    .command("check")
    .description(
      "Check the intent with every analysis a build runs (machines explored, versions enforced); writes nothing; exit 1 on errors.",
    )
    .addOption(dirOption())
    .option(
      "--out <dir>",
      "output directory whose intent.lock.json is the base for version checks",
      "generated",
    )
    .option("--explore-budget <n>", "state budget per machine for exploring", "20000")
    .option("--no-explore", "skip exploring machines (front end and version checks only)")
    .addOption(fingerprintOptions()[0])
    .addOption(fingerprintOptions()[1])
    .option("--timings", "print how long each phase took (to stderr)")
    .option("-q, --quiet", "no progress line on a terminal")
    .addOption(formatOption())
    .addHelpText(
      "after",
      `\nExamples:\n  intentc check\n  intentc check --dir intent --format sarif > intentc.sarif\n  intentc check --no-explore\n${DIR_RULE}`,
    )
    .action(async (flags: CheckFlags) => {
      const budget = flags.explore ? count(flags.exploreBudget) : 0;
      if (budget === undefined) {
        io.err("intentc check: --explore-budget takes a non-negative integer.\n");
        exit.code = EXIT_USAGE;
        return;
      }
      // Loaded here, not at start-up: `intentc --help` and other commands need none of it.
      const { check } = await import("../driver/index.js");
      const dir = intentDir(io.cwd, flags.dir);
      const progress = terminalProgress(io, flags.quiet === true || flags.format !== "text");
      const r = await check(
        { root: io.cwd, dir, out: flags.out, exploreBudget: budget, ...keysFlag(flags) },
        { progress, ...(io.beforeCompile ? { beforeCompile: io.beforeCompile } : {}) },
      );
      progress.clear();
      for (const note of r.notes) io.err(`${note}\n`);
      const text = await reportText(r, flags.format);
      if (text !== "" || flags.format !== "text") io.out(text);
      if (flags.timings) printTimings(io, r.timings);
      if (!r.ok) exit.code = EXIT_FAILURE;
      else if (flags.format === "text")
        io.err(
          `✓ ${dir}: ${counts(r.program)} checked in ${Math.round(r.timings.ended - r.timings.started)} ms.\n`,
        );
    });
}

/** "1 domain, 2 entities, …" */
function counts(p: Program | undefined): string {
  const total = (k: "entities" | "machines" | "invariants" | "slices") =>
    p ? p.domains.reduce((n, d) => n + d[k].length, 0) : 0;
  const n = (k: number, one: string, many = `${one}s`) => `${k} ${k === 1 ? one : many}`;
  return [
    n(p?.domains.length ?? 0, "domain"),
    n(total("entities"), "entity", "entities"),
    n(total("machines"), "machine"),
    n(total("invariants"), "invariant"),
    n(total("slices"), "slice"),
  ].join(", ");
}
