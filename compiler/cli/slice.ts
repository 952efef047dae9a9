/** `intentc slice` (not built yet: owned by its issue). */
import type { Command } from "commander";
import type { CliIO, ExitState } from "./shared.js";

/** Register the `slice` command. */
export function registerSlice(program: Command, io: CliIO, exit: ExitState): void {
  program
    .command("slice")
    .description("(not available yet)")
    .allowUnknownOption()
    .action(() => {
      io.err("intentc slice: not available in this build yet.\n");
      exit.code = 2;
    });
}
