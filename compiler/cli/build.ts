/** `intentc build` (in progress). */
import type { Command } from "commander";
import type { CliIO, ExitState } from "./shared.js";

/** Register the `build` command. */
export function registerBuild(program: Command, io: CliIO, exit: ExitState): void {
  program
    .command("build")
    .description("(in progress)")
    .action(() => {
      io.err("intentc build: in progress.\n");
      exit.code = 2;
    });
}
