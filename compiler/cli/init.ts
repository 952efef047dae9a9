/** `intentc init` (in progress). */
import type { Command } from "commander";
import type { CliIO, ExitState } from "./shared.js";

/** Register the `init` command. */
export function registerInit(program: Command, io: CliIO, exit: ExitState): void {
  program
    .command("init")
    .description("(in progress)")
    .action(() => {
      io.err("intentc init: in progress.\n");
      exit.code = 2;
    });
}
