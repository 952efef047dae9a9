/** `intentc init [dir]`: scaffold a small, working intent example. */
import type { Command } from "commander";
import { existsSync, readdirSync } from "node:fs";
import { writeFileInside } from "../governance/store.js";
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
      // Never through a symlink: every component under the project is a real directory, and
      // each file is written to a temp name and renamed (a planted link is replaced, not followed).
      const under = rel === "." || rel === "" ? "" : `${rel}/`;
      try {
        for (const [name, text] of Object.entries(INIT_FILES)) {
          writeFileInside(io.cwd, `${under}${name}`, text, 0o644);
          io.err(`  created ${rel}/${name}\n`);
        }
      } catch (e) {
        io.err(`intentc init: cannot write into '${rel}': ${(e as Error).message}\n`);
        exit.code = EXIT_FAILURE;
        return;
      }
      io.err(`✓ Scaffolded ${Object.keys(INIT_FILES).length} intent files in ${rel}/. Next: intentc check && intentc build\n`);
    });
}
