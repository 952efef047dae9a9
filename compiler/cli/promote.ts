/** `intentc promote <run>`: branch + commit from a passed, approved run (never by the agent). */
import type { Command } from "commander";
import { promoteRun } from "../governance/promote.js";
import { EXIT_FAILURE, EXIT_OK, type CliIO, type ExitState } from "./shared.js";

/** Register the `promote` command. */
export function registerPromote(program: Command, io: CliIO, exit: ExitState): void {
  program
    .command("promote")
    .description(
      "Create a branch and commit from a run's change when gates passed, scope is clean and approvals are met.",
    )
    .argument("<run>", "run id (see .intentc/runs/)")
    .option("--branch <name>", "branch to create (default intentc/<slice>/<run>)")
    .action((runId: string, opts: { branch?: string }) => {
      const r = promoteRun(io.cwd, runId, opts.branch ? { branch: opts.branch } : {});
      if (!r.ok) {
        io.err(`promote refused: ${r.error}\n`);
        return void (exit.code = EXIT_FAILURE);
      }
      io.out(`promoted ${runId}: branch ${r.value.branch} at ${r.value.commit}\n`);
      exit.code = EXIT_OK;
    });
}
