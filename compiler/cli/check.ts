/** `intentc check [dir]`: load and check intent, print diagnostics, exit 1 on errors. */
import type { Command } from "commander";
import { createNodeHost } from "../host.js";
import type { compile as compileFn } from "../compile.js";
import { renderDiagnostics, setReportToolVersion } from "../report/index.js";
import { EXIT_FAILURE, EXIT_USAGE, formatOption, insideRoot, type CliIO, type ExitState, type OutputFormat } from "./shared.js";
import { intentcVersion } from "../version.js";

/** Register the `check` command. */
export function registerCheck(program: Command, io: CliIO, exit: ExitState): void {
  program
    .command("check")
    .description("Load and check the intent files (no output written); exit 1 on errors.")
    .argument("[dir]", "directory holding *.intent.yaml files", "intent")
    .addOption(formatOption())
    .addHelpText("after", "\nExamples:\n  intentc check\n  intentc check intent --format sarif > intentc.sarif\n")
    .action(async (dir: string, opts: { format: OutputFormat }) => {
      const rel = insideRoot(io.cwd, dir);
      if (rel === undefined) {
        io.err(`intentc check: '${dir}' is outside the current directory.\n`);
        exit.code = EXIT_USAGE;
        return;
      }
      setReportToolVersion(intentcVersion());
      // Loaded here, not at start-up: `intentc --help` and other commands need none of it.
      const compile: typeof compileFn = (await import("../compile.js")).compile;
      const started = performance.now();
      const result = compile(createNodeHost(io.cwd), { dir: rel });
      const ms = Math.round(performance.now() - started);
      const text = renderDiagnostics(result.diagnostics, opts.format, result.sources);
      if (text !== "" || opts.format !== "text") io.out(text);
      const errors = result.diagnostics.filter((d) => d.severity === "error").length;
      if (errors > 0) exit.code = EXIT_FAILURE;
      if (opts.format === "text" && errors === 0) {
        const p = result.program;
        const count = (k: "entities" | "machines" | "invariants" | "slices") =>
          p ? p.domains.reduce((n, d) => n + d[k].length, 0) : 0;
        const n = (k: number, word: string) => `${k} ${word}${k === 1 ? "" : "s"}`;
        io.err(
          `✓ ${rel}: ${n(p?.domains.length ?? 0, "domain")}, ${n(count("entities"), "entity").replace("entitys", "entities")}, ` +
            `${n(count("machines"), "machine")}, ${n(count("invariants"), "invariant")}, ${n(count("slices"), "slice")} ` +
            `checked in ${ms} ms.\n`,
        );
      }
    });
}
