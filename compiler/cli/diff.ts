/** `intentc diff [--against <lock file | git ref>] [--format text|json|sarif]`: breaking-change report. */
import { Option, type Command } from "../vendor/commander.js";
import { compile } from "../program.js";
import { createNodeHost } from "../host.js";
import { hasErrors } from "../diagnostic.js";
import { renderDiagnostics } from "../report/index.js";
import { resolveBase } from "../diff/base.js";
import { computeFindings, isBreaking } from "../diff/findings.js";
import { renderFindings, type FindingsFormat } from "../diff/format.js";
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, type CliIO, type ExitState } from "./shared.js";

/** Register the `diff` command. */
export function registerDiff(program: Command, io: CliIO, exit: ExitState): void {
  program
    .command("diff")
    .description("List every contract change against the lock (or a lock file / git ref) and classify it.")
    .option("--against <base>", "lock file path (*.json) or git ref; default generated/intent.lock.json")
    .option("--dir <dir>", "intent directory", "intent")
    .addOption(new Option("--format <format>", "output format").choices(["text", "json", "sarif"]).default("text"))
    .action((opts: { against?: string; dir: string; format: FindingsFormat }) => {
      const result = compile(createNodeHost(io.cwd), { dir: opts.dir });
      if (result.program === undefined || hasErrors(result.diagnostics)) {
        io.err(renderDiagnostics(result.diagnostics, "text"));
        exit.code = EXIT_FAILURE;
        return;
      }
      const base = resolveBase(io.cwd, opts.against);
      if (!base.ok) {
        io.err(`intentc diff: ${base.message}\n`);
        exit.code = EXIT_USAGE;
        return;
      }
      const findings = computeFindings(base.lock.program, result.program);
      io.out(renderFindings(findings, opts.format));
      exit.code = findings.some(isBreaking) ? EXIT_FAILURE : EXIT_OK;
    });
}
