/** `intentc docs` (not built yet: owned by its issue). */
import type { Command } from "commander";
import type { CliIO, ExitState } from "./shared.js";

/** Register the `docs` command. */
export function registerDocs(program: Command, io: CliIO, exit: ExitState): void {
  program
    .command("docs")
    .description("(not available yet)")
    .allowUnknownOption()
    .action(() => {
      io.err("intentc docs: not available in this build yet.\n");
      exit.code = 2;
    });
}
