/**
 * `intentc` command line: argv → subcommand. No logic of its own; each command lives in cli/.
 * Exit codes: 0 ok, 1 diagnostics / drift / failed gate, 2 usage or internal error.
 */
import { Command, CommanderError } from "commander";
import { intentcVersion } from "./version.js";
import { CompilerBugError } from "./diagnostic.js";
import { EXIT_USAGE, type CliIO, type ExitState } from "./cli/shared.js";
import { registerCheck } from "./cli/check.js";
import { registerBuild } from "./cli/build.js";
import { registerInit } from "./cli/init.js";
import { registerExplore } from "./cli/explore.js";
import { registerDiff } from "./cli/diff.js";
import { registerDocs } from "./cli/docs.js";
import { registerSlice } from "./cli/slice.js";
import { registerVerify } from "./cli/verify.js";
import { registerRun } from "./cli/run.js";
import { registerApprove } from "./cli/approve.js";
import { registerPromote } from "./cli/promote.js";

export { intentcVersion };

/** Run the CLI with the given arguments; resolves to the exit code. */
export async function main(argv: readonly string[], io: CliIO = nodeIO()): Promise<number> {
  const exit: ExitState = { code: 0 };
  const program = new Command("intentc")
    .description("Contract-first intent compiler: intent YAML → contracts, models, tests, slice packs and docs.")
    .version(intentcVersion(), "-v, --version")
    .showHelpAfterError("(run with --help for usage)")
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) })
    .exitOverride();
  registerCheck(program, io, exit);
  registerBuild(program, io, exit);
  registerInit(program, io, exit);
  registerExplore(program, io, exit);
  registerDiff(program, io, exit);
  registerDocs(program, io, exit);
  registerSlice(program, io, exit);
  registerVerify(program, io, exit);
  registerRun(program, io, exit);
  registerApprove(program, io, exit);
  registerPromote(program, io, exit);
  for (const c of program.commands) c.exitOverride().configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) });
  try {
    await program.parseAsync(["node", "intentc", ...argv]);
    return exit.code;
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version exit 0; anything else commander rejects is a usage error.
      return e.exitCode === 0 ? 0 : EXIT_USAGE;
    }
    if (e instanceof CompilerBugError) {
      io.err(`${e.message}\nThis is a bug in intentc; please report it with the intent that triggered it.\n`);
      return EXIT_USAGE;
    }
    io.err(`intentc: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return EXIT_USAGE;
  }
}

function nodeIO(): CliIO {
  return {
    out: (s) => process.stdout.write(s),
    err: (s) => process.stderr.write(s),
    cwd: process.cwd(),
    isTTY: Boolean(process.stderr.isTTY),
  };
}
