/**
 * `intentc build`: argv → driver (driver/index.ts build) → report. `--check` reports drift
 * instead of writing; `--watch` rebuilds after every change in the intent directory.
 */
import { resolve } from "node:path";
import type { Command } from "commander";
import type { Report } from "../driver/index.js";
import { reportText } from "./explore-report.js";
import {
  count,
  DIR_RULE,
  dirOption,
  EXIT_FAILURE,
  EXIT_OK,
  EXIT_USAGE,
  fingerprintOptions,
  formatOption,
  keysFlag,
  printTimings,
  terminalProgress,
  type CliIO,
  type ExitState,
  type OutputFormat,
  watchForever,
} from "./shared.js";

interface BuildFlags {
  readonly dir: string;
  readonly out: string;
  readonly allowOutside?: boolean;
  readonly check?: boolean;
  readonly watch?: boolean;
  readonly force?: boolean;
  readonly format: OutputFormat;
  readonly explore: boolean;
  readonly exploreBudget: string;
  readonly fingerprint?: boolean;
  readonly lockTimeout: string;
  readonly timings?: boolean;
  readonly fsync?: boolean;
  readonly quiet?: boolean;
}

/** Register the `build` command. */
export function registerBuild(program: Command, io: CliIO, exit: ExitState): void {
  program
    .command("build")
    .description(
      "Compile, analyze (explore machines, check versions) and write the generated tree atomically; --check reports drift instead.",
    )
    .addOption(dirOption())
    .option("--out <dir>", "output directory", "generated")
    .option("--allow-outside", "let --out name a directory outside the project (never by default)")
    .option("--check", "write nothing; exit 1 listing every drifted, missing or extra file")
    .option("--watch", "rebuild after every change in the intent directory")
    .option("--force", "ignore the incremental-build cache")
    .option(
      "--explore-budget <n>",
      "state budget per machine for exploring during the build",
      "20000",
    )
    .option("--no-explore", "skip exploring machines (same as --explore-budget 0)")
    .addOption(fingerprintOptions()[0])
    .addOption(fingerprintOptions()[1])
    .option("--lock-timeout <ms>", "how long to wait for another running build", "10000")
    .option("--timings", "print how long each phase took (to stderr)")
    .option(
      "--fsync",
      "also flush every written file to disk before the swap (survives power loss; slower)",
    )
    .option("-q, --quiet", "no progress line on a terminal")
    .addOption(formatOption())
    .addHelpText(
      "after",
      `\nExamples:\n  intentc build\n  intentc build --check --format github\n  intentc build --dir intent --out generated --watch\n${DIR_RULE}The intent directory of a build must lie inside the project.\n`,
    )
    .action(async (flags: BuildFlags) => {
      const budget = flags.explore ? count(flags.exploreBudget) : 0;
      const timeout = count(flags.lockTimeout);
      if (budget === undefined || timeout === undefined) {
        io.err("intentc build: --explore-budget and --lock-timeout take a non-negative integer.\n");
        exit.code = EXIT_USAGE;
        return;
      }
      const { build } = await import("../driver/index.js");
      const request = {
        root: io.cwd,
        dir: flags.dir,
        out: flags.out,
        outsideAllowed: flags.allowOutside === true,
        exploreBudget: budget,
        ...keysFlag(flags),
        drift: flags.check === true,
        force: flags.force === true,
        fsync: flags.fsync === true,
        lockTimeoutMs: timeout,
      };
      const once = async () => {
        const progress = terminalProgress(io, flags.quiet === true || flags.format !== "text");
        const services = {
          progress,
          ...(io.beforeCompile ? { beforeCompile: io.beforeCompile } : {}),
        };
        const report = await build(request, services);
        progress.clear();
        return await show(io, report, flags);
      };
      if (!flags.watch) {
        exit.code = await once();
        return;
      }
      await watchForever(io, resolve(io.cwd, flags.dir), once);
    });
}

/** Print a build's report; its exit code. */
async function show(io: CliIO, r: Report, flags: BuildFlags): Promise<number> {
  for (const note of r.notes) io.err(`${note}\n`);
  const text = await reportText(r, flags.format);
  if (text !== "" || flags.format !== "text") io.out(text);
  if (flags.timings) printTimings(io, r.timings);
  if (r.summary !== "")
    io.err(`${r.summary} (${Math.round(r.timings.ended - r.timings.started)} ms)\n`);
  return r.ok ? EXIT_OK : EXIT_FAILURE;
}
