/** `intentc approve` (not built yet: owned by its issue). */
import type { Command } from "commander";
import type { CliIO, ExitState } from "./shared.js";

/** Register the `approve` command. */
export function registerApprove(program: Command, io: CliIO, exit: ExitState): void {
  program
    .command("approve")
    .description("(not available yet)")
    .allowUnknownOption()
    .action(() => {
      io.err("intentc approve: not available in this build yet.\n");
      exit.code = 2;
    });
}
