/**
 * `intentc` command line: argv → subcommand. No logic of its own; each command lives in cli/.
 * Exit codes: 0 ok, 1 diagnostics / drift / failed gate, 2 usage or internal error.
 */
import { Command, CommanderError } from "./vendor/commander.js";
import { intentcVersion } from "./version.js";
import { CompilerBugError } from "./diagnostic.js";
import { EXIT_USAGE, type CliIO, type ExitState } from "./cli/shared.js";

type Register = (program: Command, io: CliIO, exit: ExitState) => void;

/**
 * Every command, loaded on demand: a run of one command imports only that command's module, so
 * `intentc explore` never pays for the emitters, ajv or Handlebars. Order is the help order.
 */
const COMMANDS: Readonly<Record<string, () => Promise<Register>>> = {
  check: async () => (await import("./cli/check.js")).registerCheck,
  build: async () => (await import("./cli/build.js")).registerBuild,
  init: async () => (await import("./cli/init.js")).registerInit,
  explore: async () => (await import("./cli/explore.js")).registerExplore,
  diff: async () => (await import("./cli/diff.js")).registerDiff,
  docs: async () => (await import("./cli/docs.js")).registerDocs,
  slice: async () => (await import("./cli/slice.js")).registerSlice,
  verify: async () => (await import("./cli/verify.js")).registerVerify,
  run: async () => (await import("./cli/run.js")).registerRun,
  approve: async () => (await import("./cli/approve.js")).registerApprove,
  promote: async () => (await import("./cli/promote.js")).registerPromote,
  queue: async () => (await import("./cli/queue.js")).registerQueue,
  worker: async () => (await import("./cli/worker.js")).registerWorker,
  review: async () => (await import("./cli/review.js")).registerReview,
  fmt: async () => (await import("./cli/fmt.js")).registerFmt,
  lsp: async () => (await import("./cli/lsp.js")).registerLsp,
};

export { intentcVersion };

/** What the launcher (bin/intentc.js) may hand the CLI. */
export interface LauncherHooks {
  /** Run once when a build decides to compile (e.g. V8 flags for a long compile). */
  readonly beforeCompile?: () => void;
}

/** Run the CLI with the given arguments; resolves to the exit code. */
export async function main(
  argv: readonly string[],
  io: CliIO = nodeIO(),
  hooks: LauncherHooks = {},
): Promise<number> {
  if (hooks.beforeCompile !== undefined) io = { ...io, beforeCompile: hooks.beforeCompile };
  const exit: ExitState = { code: 0 };
  const program = new Command("intentc")
    .description(
      "Contract-first intent compiler: intent YAML → contracts, models, tests, slice packs and docs.",
    )
    .version(intentcVersion(), "-v, --version")
    .showHelpAfterError("(run with --help for usage)")
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) })
    .exitOverride();
  // The first word that is not an option names the command; anything else (help, a typo, no
  // command) registers them all so help and "unknown command" stay complete.
  const first = argv.find((a) => !a.startsWith("-"));
  // `intentc --version` alone needs no command at all.
  const versionOnly =
    first === undefined && argv.length > 0 && argv.every((a) => a === "-v" || a === "--version");
  const wanted = versionOnly
    ? []
    : first !== undefined && Object.prototype.hasOwnProperty.call(COMMANDS, first)
      ? [first]
      : Object.keys(COMMANDS);
  for (const name of wanted) (await COMMANDS[name]())(program, io, exit);
  for (const c of program.commands)
    c.exitOverride().configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) });
  try {
    await program.parseAsync(["node", "intentc", ...argv]);
    return exit.code;
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version exit 0; anything else commander rejects is a usage error.
      return e.exitCode === 0 ? 0 : EXIT_USAGE;
    }
    if (e instanceof CompilerBugError) {
      io.err(
        `${e.message}\nThis is a bug in intentc; please report it with the intent that triggered it.\n`,
      );
      return EXIT_USAGE;
    }
    io.err(`intentc: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return EXIT_USAGE;
  }
}

function nodeIO(): CliIO {
  // A reader that goes away early (`intentc explore | head`) is not an error: the rest of the
  // output is dropped and the command still ends with its own exit code.
  const open = { out: true, err: true };
  const closedBy = (which: keyof typeof open) => (e: NodeJS.ErrnoException) => {
    if (e.code !== "EPIPE" && e.code !== "ERR_STREAM_DESTROYED") throw e;
    open[which] = false;
  };
  process.stdout.on("error", closedBy("out"));
  process.stderr.on("error", closedBy("err"));
  return {
    out: (s) => void (open.out && process.stdout.write(s)),
    err: (s) => void (open.err && process.stderr.write(s)),
    cwd: process.cwd(),
    isTTY: Boolean(process.stderr.isTTY),
  };
}
