/** `intentc diff` (not built yet: owned by its issue). */
import type { Command } from "commander";
import type { CliIO, ExitState } from "./shared.js";

/** Register the `diff` command. */
export function registerDiff(program: Command, io: CliIO, exit: ExitState): void {
  program
    .command("diff")
    .description("(not available yet)")
    .allowUnknownOption()
    .action(() => {
      io.err("intentc diff: not available in this build yet.\n");
      exit.code = 2;
    });
}
