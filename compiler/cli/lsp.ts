/**
 * `intentc lsp --stdio`: the language server for `*.intent.yaml` (lsp/server.ts). The server and
 * its protocol library are loaded only when this command runs.
 */
import type { Command } from "commander";
import { EXIT_USAGE, type CliIO, type ExitState } from "./shared.js";

interface LspFlags {
  readonly stdio?: boolean;
}

/** Register the `lsp` command. */
export function registerLsp(program: Command, io: CliIO, exit: ExitState): void {
  program
    .command("lsp")
    .description(
      "Run the language server for *.intent.yaml (diagnostics, completion, hover, definition, rename) over stdio.",
    )
    .option("--stdio", "speak the Language Server Protocol on stdin/stdout (the only transport)")
    .addHelpText(
      "after",
      "\nExamples:\n  intentc lsp --stdio\n\nEditors start this command themselves; see the README (VS Code, Neovim).\n",
    )
    .action(async (flags: LspFlags) => {
      if (flags.stdio !== true) {
        io.err("intentc lsp: pass --stdio (the server speaks LSP on stdin/stdout).\n");
        exit.code = EXIT_USAGE;
        return;
      }
      const { startServer } = await import("../lsp/server.js");
      const connection = startServer();
      // The command ends when the client closes the connection (exit notification or EOF).
      await new Promise<void>((done) => connection.onExit(() => done()));
    });
}
