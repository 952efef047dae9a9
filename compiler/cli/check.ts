/** `intentc check` (in progress). */
import type { Command } from "commander";
import type { CliIO, ExitState } from "./shared.js";

/** Register the `check` command. */
export function registerCheck(program: Command, io: CliIO, exit: ExitState): void {
  program
    .command("check")
    .description("(in progress)")
    .action(() => {
      io.err("intentc check: in progress.\n");
      exit.code = 2;
    });
}
