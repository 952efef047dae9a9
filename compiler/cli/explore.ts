/** `intentc explore` (not built yet: owned by its issue). */
import type { Command } from "commander";
import type { CliIO, ExitState } from "./shared.js";

/** Register the `explore` command. */
export function registerExplore(program: Command, io: CliIO, exit: ExitState): void {
  program
    .command("explore")
    .description("(not available yet)")
    .allowUnknownOption()
    .action(() => {
      io.err("intentc explore: not available in this build yet.\n");
      exit.code = 2;
    });
}
