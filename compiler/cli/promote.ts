/** `intentc promote` (not built yet: owned by its issue). */
import type { Command } from "commander";
import type { CliIO, ExitState } from "./shared.js";

/** Register the `promote` command. */
export function registerPromote(program: Command, io: CliIO, exit: ExitState): void {
  program
    .command("promote")
    .description("(not available yet)")
    .allowUnknownOption()
    .action(() => {
      io.err("intentc promote: not available in this build yet.\n");
      exit.code = 2;
    });
}
