/** `intentc run <slice> -- <agent…>`: run an agent in the sandbox with capped retries → evidence. */
import type { Command } from "commander";
import { join } from "node:path";
import { runSlice } from "../governance/run.js";
import { getProfile, PROFILE_NAMES } from "../governance/profiles.js";
import { escapeText } from "../shared/escape.js";
import { explorerVerdicts } from "./run-explorer.js";
import { secretPatternsAtCommit } from "./pack-integrity.js";
import { resolveCommit } from "../governance/git.js";
import { removeTree } from "../write/fs.js";
import { loadCheckedPack } from "./slice.js";
import {
  dirOption,
  DIR_RULE,
  EXIT_FAILURE,
  EXIT_OK,
  intentDir,
  type CliIO,
  type ExitState,
} from "./shared.js";

/** Register the `run` command. */
export function registerRun(program: Command, io: CliIO, exit: ExitState): void {
  program
    .command("run")
    .description(
      "Run an agent on a slice inside the bubblewrap sandbox; check scope, run gates, retry, write evidence.",
    )
    .argument("<slice>", "slice id")
    .argument(
      "[agent...]",
      "generic profile: the agent command and arguments (after --); other profiles: extra arguments",
    )
    .option("--base <ref>", "base commit for the fresh worktree", "HEAD")
    .option("--agent-name <name>", "name the agent acts under (it can never approve)")
    .option("--unsafe-no-sandbox", "run the agent WITHOUT any sandbox (only for trusted agents)")
    .option(
      "--explore-budget <states>",
      "states the explorer searches per implemented machine for the evidence (0: skip)",
      "20000",
    )
    .option(
      "--keep-worktree",
      "keep the run's checkout under .intentc/runs/<run>/worktree (removed by default: the evidence holds every changed file)",
    )
    .addHelpText(
      "after",
      "\nAgent profiles (set `agent:` and `env:` on the slice or the system in intent):\n" +
        PROFILE_NAMES.map((n) => `  ${n.padEnd(13)} ${getProfile(n)!.example}`).join("\n") +
        "\n",
    )
    .addOption(dirOption())
    .action(
      async (
        sliceId: string,
        agent: string[],
        opts: {
          dir: string;
          base: string;
          agentName?: string;
          unsafeNoSandbox?: boolean;
          keepWorktree?: boolean;
          exploreBudget: string;
        },
      ) => {
        const pack = loadCheckedPack(io, sliceId, opts.base, opts.dir);
        if (pack === undefined) return void (exit.code = EXIT_FAILURE);
        if (opts.unsafeNoSandbox)
          io.err("warning: --unsafe-no-sandbox: the agent runs unconfined.\n");
        const budget = Number(opts.exploreBudget);
        const explorer =
          Number.isInteger(budget) && budget > 0
            ? await explorerVerdicts(io.cwd, pack, budget)
            : undefined;
        const r = runSlice({
          repo: io.cwd,
          pack,
          base: opts.base,
          agent,
          ...(opts.agentName ? { agentName: opts.agentName } : {}),
          unsafeNoSandbox: opts.unsafeNoSandbox === true,
          ...(explorer !== undefined ? { explorer } : {}),
          secretPatterns: secretPatternsAtCommit(
            io.cwd,
            resolveCommit(io.cwd, opts.base) ?? opts.base,
            intentDir(io.cwd, opts.dir),
          ),
          log: (l) => io.err(`${l}\n`),
        });
        if (!r.ok) {
          io.err(`${r.error}\n`);
          return void (exit.code = EXIT_FAILURE);
        }
        const e = r.evidence;
        // A run's checkout is a whole copy of the repository; promotion reads only the recorded files.
        if (opts.keepWorktree) io.err(`worktree kept: ${r.worktree}\n`);
        else removeTree(r.worktree);
        io.out(`run ${r.runId}: ${e.result.toUpperCase()} — ${e.reason}\n`);
        for (const v of e.violations) io.out(`  ${v.rule}: ${escapeText(v.message)}\n`);
        for (const d of e.network?.refused ?? [])
          io.out(`  network refused: ${escapeText(`${d.host}:${d.port}`)}\n`);
        const exercised = e.properties.filter((p) => p.status === "passed").length;
        if (e.properties.length > 0)
          io.out(
            `  invariants exercised on the implementation: ${exercised} of ${e.properties.length}\n`,
          );
        io.out(`evidence: ${join(r.runDir, "EVIDENCE.md")}\n`);
        if (e.result === "passed")
          io.out(`next: intentc approve ${r.runId} --by <name>; intentc promote ${r.runId}\n`);
        exit.code = e.result === "passed" ? EXIT_OK : EXIT_FAILURE;
      },
    );
}
