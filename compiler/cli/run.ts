/** `intentc run` (not built yet: owned by its issue). */
import type { Command } from "commander";
import type { CliIO, ExitState } from "./shared.js";

/** Register the `run` command. */
export function registerRun(program: Command, io: CliIO, exit: ExitState): void {
  program
    .command("run")
    .description("(not available yet)")
    .allowUnknownOption()
    .action(() => {
      io.err("intentc run: not available in this build yet.\n");
      exit.code = 2;
    });
}
