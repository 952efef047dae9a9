/**
 * `intentc review [--serve] [--port N] [--config file] [--remote r]`: the runs awaiting review in
 * the shared remote; with --serve, the review web app on 127.0.0.1 (approve, reject, promote).
 */
import type { Command } from "commander";
import { resolve } from "node:path";
import { openQueueOrSay } from "../fleet/open.js";
import { defaultRemote, resolveTarget } from "../fleet/remote.js";
import { loadIdentities } from "../review/auth.js";
import { listRuns } from "../review/runs.js";
import { startReviewServer } from "../review/server.js";
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, type CliIO, type ExitState } from "./shared.js";

interface ReviewOptions {
  serve?: boolean;
  port: string;
  config: string;
  remote?: string;
}

/** Register the `review` command. */
export function registerReview(program: Command, io: CliIO, exit: ExitState): void {
  program
    .command("review")
    .description(
      "List runs awaiting review in the shared remote; --serve starts the review web app on 127.0.0.1.",
    )
    .option("--serve", "serve the review app until interrupted")
    .option("--port <n>", "port on 127.0.0.1 (0: any free port)", "8787")
    .option(
      "--config <file>",
      'reviewer identities: {"reviewers":[{"name","token"|"tokenSha256","agent"}]}',
      ".intentc/reviewers.json",
    )
    .option(
      "--remote <name|url>",
      "git remote holding refs/intentc/runs/* (default: origin if any, else this repository)",
    )
    .action(async (opts: ReviewOptions) => {
      const target = resolveTarget(io.cwd, opts.remote ?? defaultRemote(io.cwd));
      if (!opts.serve) {
        for (const r of listRuns(io.cwd, target))
          if (r.status === "awaiting review" || r.status === "approved")
            io.out(
              `${r.runId}\t${r.status}\t${r.slice}\tapprovals ${r.review.approvals.length}/${r.review.required}\n`,
            );
        return void (exit.code = EXIT_OK);
      }
      const port = Number(opts.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) {
        io.err("--port must be a port number.\n");
        return void (exit.code = EXIT_USAGE);
      }
      const identities = loadIdentities(resolve(io.cwd, opts.config));
      if (typeof identities === "string") {
        io.err(`${identities}\n`);
        return void (exit.code = EXIT_FAILURE);
      }
      const queue = await openQueueOrSay(io.cwd, io.err);
      const log = (l: string) => io.err(`${new Date().toISOString()} review: ${l}\n`);
      const { server, url } = await startReviewServer({
        repo: io.cwd,
        target,
        identities,
        port,
        ...(queue ? { queue } : {}),
        log,
      });
      io.out(`review app: ${url}\n`);
      await new Promise<void>((done) => {
        const stop = () => {
          server.close(() => done());
          server.closeAllConnections();
        };
        process.once("SIGINT", stop);
        process.once("SIGTERM", stop);
      });
      await queue?.close();
      exit.code = EXIT_OK;
    });
}
