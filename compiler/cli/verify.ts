/** `intentc verify` (not built yet: owned by its issue). */
import type { Command } from "commander";
import type { CliIO, ExitState } from "./shared.js";

/** Register the `verify` command. */
export function registerVerify(program: Command, io: CliIO, exit: ExitState): void {
  program
    .command("verify")
    .description("(not available yet)")
    .allowUnknownOption()
    .action(() => {
      io.err("intentc verify: not available in this build yet.\n");
      exit.code = 2;
    });
}
