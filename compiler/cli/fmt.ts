/**
 * `intentc fmt [--check] [-d, --dir <path>] [files…]`: format intent files (fmt/format.ts) in
 * place, or with `--check` only list the ones that would change. A file that does not load is
 * refused with its diagnostics and left as it is. Files are written atomically (temp file, then
 * rename) inside the project only; a symlinked file or directory is refused, never followed.
 * Exit codes: 0 every file formatted (or already formatted), 1 a file would change (`--check`)
 * or was refused, 2 usage (no files, a file outside the project, a file that is not an intent file).
 */
import type { Command } from "commander";
import type { Diagnostic } from "../diagnostic.js";
import { createCollector } from "../diagnostics.js";
import { createNodeHost, MAX_FILE_BYTES } from "../host.js";
import { renderDiagnostics } from "../report/index.js";
import { writeOutputFile } from "../write/file.js";
import {
  DIR_RULE,
  dirOption,
  EXIT_FAILURE,
  EXIT_USAGE,
  insideRoot,
  intentDir,
  type CliIO,
  type ExitState,
} from "./shared.js";

interface FmtFlags {
  readonly dir: string;
  readonly check?: boolean;
}

const HELP = `
Files are formatted in place: 2-space indentation, comments and key order kept, strings plain
where YAML reads them back as the same string and double-quoted otherwise, expressions (guards,
set/init values, holds, when) keep their quotes. A file is never rewritten to a different value;
one that does not load is refused with its diagnostics.

Output: the files changed (or, with --check, that would change) on stdout, one per line;
diagnostics and the summary on stderr.

Exit codes:
  0  every file is formatted (with --check: nothing would change)
  1  --check: some file would change; or some file was refused (it does not load)
  2  usage: no intent files, a file outside the project or not named *.intent.yaml

Examples:
  intentc fmt
  intentc fmt --check
  intentc fmt intent/orders.intent.yaml
${DIR_RULE.replace("it is only read.", "files are written only inside the project (the current directory).")}`;

/** Register the `fmt` command. */
export function registerFmt(program: Command, io: CliIO, exit: ExitState): void {
  program
    .command("fmt")
    .description(
      "Format *.intent.yaml files (indentation, quoting; comments and key order kept); --check lists files that would change.",
    )
    .argument("[files...]", "intent files to format (default: every *.intent.yaml under --dir)")
    .addOption(dirOption())
    .option(
      "--check",
      "write nothing; list the files that would change and exit 1 if there are any",
    )
    .addHelpText("after", HELP)
    .action(async (files: string[], flags: FmtFlags) => {
      const { formatIntent } = await import("../fmt/format.js");
      const root = io.cwd;
      const host = createNodeHost(root);
      const check = flags.check === true;
      let paths: string[];
      if (files.length > 0) {
        paths = [];
        for (const f of files) {
          const rel = insideRoot(root, f);
          if (rel === undefined || !f.endsWith(".intent.yaml")) {
            io.err(
              `intentc fmt: ${f}: ${rel === undefined ? "outside the project (the current directory)" : "not an intent file (*.intent.yaml)"}.\n`,
            );
            exit.code = EXIT_USAGE;
            return;
          }
          paths.push(rel);
        }
      } else {
        const dir = intentDir(root, flags.dir);
        if (!check && insideRoot(root, dir) === undefined) {
          io.err(
            `intentc fmt: ${dir} is outside the project (the current directory); files are written only inside it.\n`,
          );
          exit.code = EXIT_USAGE;
          return;
        }
        paths = host.listIntentFiles(dir);
        if (paths.length === 0) {
          io.err(`intentc fmt: no *.intent.yaml files under ${dir}.\n`);
          exit.code = EXIT_USAGE;
          return;
        }
      }
      const diagnostics: Diagnostic[] = [];
      const sources = new Map<string, string>();
      const changed: string[] = [];
      const refused: string[] = [];
      for (const path of paths) {
        const size = host.fileSize(path);
        const text = size > MAX_FILE_BYTES ? undefined : host.readFile(path);
        if (text === undefined) {
          const diags = createCollector();
          const at = { file: path, line: 1, column: 1, endLine: 1, endColumn: 1 };
          if (size > MAX_FILE_BYTES)
            diags.report("file-too-large", { size, limit: MAX_FILE_BYTES }, at);
          diagnostics.push(...diags.diagnostics);
          if (size <= MAX_FILE_BYTES)
            io.err(
              `intentc fmt: ${path}: cannot read the file (missing, not a regular file, or a link).\n`,
            );
          refused.push(path);
          continue;
        }
        sources.set(path, text);
        const r = formatIntent(path, text);
        if (!r.ok) {
          diagnostics.push(...r.diagnostics);
          if (r.reason !== undefined) io.err(`intentc fmt: ${path}: not formatted: ${r.reason}.\n`);
          refused.push(path);
          continue;
        }
        if (!r.changed) continue;
        if (!check) {
          try {
            writeOutputFile(root, path, r.text);
          } catch (e) {
            io.err(
              `intentc fmt: ${path}: cannot write: ${e instanceof Error ? e.message : String(e)}\n`,
            );
            refused.push(path);
            continue;
          }
        }
        changed.push(path);
        io.out(`${path}\n`);
      }
      if (diagnostics.length > 0) io.err(renderDiagnostics(diagnostics, "text", sources));
      const n = (k: number) => `${k} file${k === 1 ? "" : "s"}`;
      const refusal =
        refused.length > 0
          ? `; ${n(refused.length)} refused (fix the errors above, then run it again)`
          : "";
      if (check && changed.length > 0) {
        io.err(
          `intentc fmt --check: ${changed.length} of ${n(paths.length)} would be reformatted${refusal}; run \`intentc fmt\` to format.\n`,
        );
      } else if (check) {
        io.err(
          `${refused.length > 0 ? "✗" : "✓"} ${n(paths.length - refused.length)} already formatted${refusal}.\n`,
        );
      } else {
        io.err(
          `${refused.length > 0 ? "✗" : "✓"} ${n(changed.length)} formatted, ${n(paths.length - changed.length - refused.length)} unchanged${refusal}.\n`,
        );
      }
      if (refused.length > 0 || (check && changed.length > 0)) exit.code = EXIT_FAILURE;
    });
}
