/** `intentc init [dir]`: scaffold a small, working intent example. */
import type { Command } from "commander";
import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { EXIT_FAILURE, EXIT_USAGE, insideRoot, type CliIO, type ExitState } from "./shared.js";
import { INIT_FILES } from "./init-template.js";

/** Register the `init` command. */
export function registerInit(program: Command, io: CliIO, exit: ExitState): void {
  program
    .command("init")
    .description("Scaffold a small working intent example (a system file and one domain).")
    .argument("[dir]", "directory to create the intent files in", "intent")
    .option("--force", "write even if the directory already holds intent files", false)
    .addHelpText("after", "\nThen run:\n  intentc check\n  intentc build\n")
    .action((dir: string, opts: { force: boolean }) => {
      const rel = insideRoot(io.cwd, dir);
      if (rel === undefined) {
        io.err(`intentc init: '${dir}' is outside the current directory.\n`);
        exit.code = EXIT_USAGE;
        return;
      }
      const abs = join(io.cwd, rel);
      const existing = existsSync(abs) ? readdirSync(abs).filter((f) => f.endsWith(".intent.yaml")) : [];
      if (existing.length > 0 && !opts.force) {
        io.err(`intentc init: '${rel}' already holds intent files (${existing.join(", ")}); use --force to overwrite.\n`);
        exit.code = EXIT_FAILURE;
        return;
      }
      mkdirSync(abs, { recursive: true });
      for (const [name, text] of Object.entries(INIT_FILES)) {
        writeFileSync(join(abs, name), text, { mode: 0o644 });
        io.err(`  created ${rel}/${name}\n`);
      }
      io.err(`✓ Scaffolded ${Object.keys(INIT_FILES).length} intent files in ${rel}/. Next: intentc check && intentc build\n`);
    });
}
