/** `intentc verify <slice> --base <ref>`: scope check + gates on a change → evidence package. */
import type { Command } from "commander";
import { join } from "node:path";
import { renderEvidenceMarkdown } from "../governance/evidence.js";
import { ensureDirInside, newRunId, runsDir, writeFileInside } from "../governance/store.js";
import { verifySlice } from "../governance/verify.js";
import { escapeText } from "../shared/escape.js";
import { loadCheckedPack } from "./slice.js";
import {
  dirOption,
  DIR_RULE,
  EXIT_FAILURE,
  EXIT_OK,
  type CliIO,
  type ExitState,
} from "./shared.js";

/** Register the `verify` command. */
export function registerVerify(program: Command, io: CliIO, exit: ExitState): void {
  program
    .command("verify")
    .description(
      "Check the change between two commits (--base, --head; read from git objects) against a slice, then run its gates. The working tree is reported only as a labelled extra.",
    )
    .argument("<slice>", "slice id")
    .requiredOption("--base <ref>", "base commit of the change")
    .option("--head <ref>", "head commit of the change", "HEAD")
    .option("--no-gates", "only check the scope")
    .option("--json", "print evidence.json")
    .addOption(dirOption())
    .addHelpText("after", DIR_RULE)
    .action(
      (
        sliceId: string,
        opts: { dir: string; base: string; head: string; gates: boolean; json?: boolean },
      ) => {
        const pack = loadCheckedPack(io, sliceId, opts.base, opts.dir);
        if (pack === undefined) return void (exit.code = EXIT_FAILURE);
        const env: Record<string, string> = {};
        for (const k of ["PATH", "HOME", "LANG", "NODE_OPTIONS"])
          if (process.env[k] !== undefined) env[k] = process.env[k] as string;
        const r = verifySlice({
          repo: io.cwd,
          pack,
          base: opts.base,
          head: opts.head,
          gates: opts.gates,
          env,
        });
        if (!r.ok) {
          io.err(`${r.error}\n`);
          return void (exit.code = EXIT_FAILURE);
        }
        const e = r.evidence;
        const dir = ensureDirInside(runsDir(io.cwd), `verify-${newRunId(sliceId)}`);
        writeFileInside(dir, "evidence.json", JSON.stringify(e, null, 2) + "\n");
        writeFileInside(dir, "EVIDENCE.md", renderEvidenceMarkdown(e));
        if (opts.json) io.out(JSON.stringify(e, null, 2) + "\n");
        else {
          io.out(`verify ${sliceId}: ${e.result.toUpperCase()} — ${e.reason}\n`);
          for (const v of e.violations) io.out(`  ${v.rule}: ${escapeText(v.message)}\n`);
          for (const g of e.gates)
            io.out(
              `  gate ${g.name}: ${g.status} (exit ${g.exitCode ?? "-"}, ${g.durationMs} ms)\n`,
            );
          const extra = e.worktreeExtra;
          if (extra && extra.files.length > 0) {
            io.out(
              `  working tree (extra, NOT verified): ${extra.files.length} path(s) differ from the head commit\n`,
            );
            for (const v of extra.violations) io.out(`    ${v.rule}: ${v.message}\n`);
          }
          io.out(`evidence: ${join(dir, "EVIDENCE.md")}\n`);
        }
        exit.code = e.result === "passed" ? EXIT_OK : EXIT_FAILURE;
      },
    );
}
