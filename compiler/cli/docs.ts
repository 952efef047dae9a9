/**
 * `intentc docs [--serve] [--port N]`: render the docs site to generated/docs/site and, with
 * --serve, serve it on 127.0.0.1. The site is static (inline SVG diagrams, a search index
 * loaded as a script): the server is a convenience, opening index.html from disk works as well.
 * The site is written through the build's writer (a complete new tree swapped in, never through
 * a symlink) while holding the build lock of generated/, so it cannot interleave with a build.
 */
import type { Command } from "commander";
import { compile } from "../program.js";
import { createNodeHost } from "../host.js";
import { hasErrors } from "../diagnostic.js";
import { renderDiagnostics } from "../report/index.js";
import { readLockFile } from "../host/lock.js";
import { changelogHistory } from "../diff/changelog.js";
import { renderSite } from "../emit/docs-site.js";
import { startDocsServer } from "../diff/serve.js";
import { recoverOutput, resolveOutputTarget, writeTree } from "../write.js";
import { acquireBuildLock } from "../write/lock.js";
import type { Diagnostic } from "../diagnostic.js";
import {
  dirOption,
  DIR_RULE,
  EXIT_FAILURE,
  EXIT_USAGE,
  intentDir,
  type CliIO,
  type ExitState,
} from "./shared.js";

/** Register the `docs` command. */
export function registerDocs(program: Command, io: CliIO, exit: ExitState): void {
  program
    .command("docs")
    .description(
      "Render the static docs site to generated/docs/site (--serve: serve it on 127.0.0.1).",
    )
    .addOption(dirOption())
    .addHelpText("after", DIR_RULE)
    .option("--serve", "serve the site on 127.0.0.1 until interrupted")
    .option("--port <port>", "port for --serve (0 = any free port)", "4173")
    .action(async (opts: { dir: string; serve?: boolean; port: string }) => {
      const result = compile(createNodeHost(io.cwd), { dir: intentDir(io.cwd, opts.dir) });
      if (result.program === undefined || hasErrors(result.diagnostics)) {
        io.err(renderDiagnostics(result.diagnostics, "text"));
        exit.code = EXIT_FAILURE;
        return;
      }
      const lock = readLockFile(io.cwd);
      if (lock !== undefined && !lock.ok) {
        io.err(`intentc docs: ${lock.message}\n`);
        exit.code = EXIT_FAILURE;
        return;
      }
      const files = renderSite(result.program, changelogHistory(result.program, lock?.lock));
      const failed = await writeSite(io.cwd, files);
      if (failed.length > 0) {
        io.err(renderDiagnostics(failed, "text"));
        exit.code = EXIT_FAILURE;
        return;
      }
      io.out(`Wrote ${files.size} files to generated/docs/site\n`);
      if (!opts.serve) return;
      const port = Number(opts.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) {
        io.err(`intentc docs: invalid port '${opts.port}'\n`);
        exit.code = EXIT_USAGE;
        return;
      }
      const server = await startDocsServer({ files }, port);
      io.out(`Serving the docs site at ${server.url} (Ctrl-C to stop)\n`);
      await new Promise<void>((resolve) => {
        process.once("SIGINT", () => void server.close().then(resolve));
        process.once("SIGTERM", () => void server.close().then(resolve));
      });
    });
}

/** Write the site to generated/docs/site under the build lock of generated/; diagnostics on failure. */
async function writeSite(
  root: string,
  files: ReadonlyMap<string, string>,
): Promise<readonly Diagnostic[]> {
  const [generated, genDiags] = resolveOutputTarget(root, "generated");
  if (!generated) return genDiags;
  const [site, siteDiags] = resolveOutputTarget(root, "generated/docs/site");
  if (!site) return siteDiags;
  const [lock, lockDiags] = await acquireBuildLock(generated);
  if (!lock) return lockDiags;
  try {
    recoverOutput(site);
    return writeTree(site, files)[1];
  } finally {
    lock.release();
  }
}
