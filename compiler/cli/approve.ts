/** `intentc approve <run> --by <name>`: record a person's approval of a run. */
import type { Command } from "commander";
import { approveRun } from "../governance/promote.js";
import { EXIT_FAILURE, EXIT_OK, type CliIO, type ExitState } from "./shared.js";

/** Register the `approve` command. */
export function registerApprove(program: Command, io: CliIO, exit: ExitState): void {
  program
    .command("approve")
    .description("Record an approval of a run by a person (never the agent).")
    .argument("<run>", "run id (see .intentc/runs/)")
    .requiredOption("--by <name>", "who approves")
    .action((runId: string, opts: { by: string }) => {
      const r = approveRun(io.cwd, runId, opts.by);
      if (!r.ok) {
        io.err(`${r.error}\n`);
        return void (exit.code = EXIT_FAILURE);
      }
      io.out(
        `approved ${runId} by ${opts.by.trim()}: ${r.value.approvals.length} of ${r.value.required} required approval(s)\n`,
      );
      exit.code = EXIT_OK;
    });
}
