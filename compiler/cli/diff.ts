/** `intentc diff`: argv → driver (driver/diff.ts) → the breaking-change report. */
import { Option, type Command } from "../vendor/commander.js";
import { renderDiagnostics } from "../report/index.js";
import { standing } from "../diff/verdict.js";
import { renderFindings, type FindingsFormat } from "../diff/format.js";
import {
  DIR_RULE,
  dirOption,
  EXIT_FAILURE,
  EXIT_OK,
  EXIT_USAGE,
  intentDir,
  type CliIO,
  type ExitState,
} from "./shared.js";

/** Register the `diff` command. */
export function registerDiff(program: Command, io: CliIO, exit: ExitState): void {
  program
    .command("diff")
    .description(
      "List every contract change against the lock (or a lock file / git ref) and classify it.",
    )
    .addOption(dirOption())
    .option(
      "--against <base>",
      "lock file path (*.json) or git ref; default generated/intent.lock.json",
    )
    .addOption(
      new Option("--format <format>", "output format")
        .choices(["text", "json", "sarif"])
        .default("text"),
    )
    .addHelpText(
      "after",
      `\nExamples:\n  intentc diff\n  intentc diff --against main --format sarif\n${DIR_RULE}`,
    )
    .action(async (opts: { against?: string; dir: string; format: FindingsFormat }) => {
      const { diff } = await import("../driver/diff.js");
      const r = diff({
        root: io.cwd,
        dir: intentDir(io.cwd, opts.dir),
        ...(opts.against ? { against: opts.against } : {}),
      });
      if (r.status === "blocked") {
        io.err(renderDiagnostics(r.diagnostics, "text", r.sources));
        exit.code = EXIT_FAILURE;
      } else if (r.status === "no-base") {
        io.err(`intentc diff: ${r.message}\n`);
        exit.code = EXIT_USAGE;
      } else {
        io.out(renderFindings(r.findings, opts.format, r.versions));
        // Exit 1 exactly when `intentc build` would refuse the versions (IC6002).
        exit.code = r.findings.some((f) => standing(f, r.versions) === "blocking")
          ? EXIT_FAILURE
          : EXIT_OK;
      }
    });
}
