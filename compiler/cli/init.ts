/**
 * `intentc init [dir]`: scaffold a project that works: the example intent in `dir`, and in the
 * current directory package.json (merged into an existing one, never clobbering a key; refused
 * on conflicts), tsconfig.json, vitest.config.ts and a small implementation of the example's
 * slice that passes the generated model-based suite. Then `npm install && npx intentc build &&
 * npm test` passes, and so do the system file's gates.
 */
import type { Command } from "commander";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { writeFileInside } from "../governance/store.js";
import { intentcVersion, packageRoot } from "../version.js";
import { Option } from "../vendor/commander.js";
import {
  DIR_RULE,
  EXIT_FAILURE,
  EXIT_USAGE,
  insideRoot,
  type CliIO,
  type ExitState,
} from "./shared.js";
import {
  INIT_FILES,
  PROJECT_FILES,
  mergePackageJson,
  packageNameFor,
  wantedPackageJson,
  type ScaffoldVersions,
} from "./init-template.js";

/** The ranges the scaffold asks for: intentc's own version, its dev tools' ranges. */
function scaffoldVersions(): ScaffoldVersions {
  let dev: Record<string, string> = {};
  try {
    const pkg = JSON.parse(readFileSync(join(packageRoot(), "package.json"), "utf8")) as {
      devDependencies?: Record<string, string>;
    };
    dev = pkg.devDependencies ?? {};
  } catch {
    dev = {};
  }
  return {
    intentc: `^${intentcVersion()}`,
    typescript: dev.typescript ?? "^5.9.0",
    vitest: dev.vitest ?? "^4.0.0",
    typesNode: dev["@types/node"] ?? "^20.0.0",
  };
}

/** Register the `init` command. */
export function registerInit(program: Command, io: CliIO, exit: ExitState): void {
  program
    .command("init")
    .description(
      "Scaffold a working project: example intent, package.json, tsconfig, vitest config and an implementation.",
    )
    .addOption(
      new Option(
        "-d, --dir <path>",
        "intent directory to create, inside the current directory",
      ).default("intent"),
    )
    .option(
      "--force",
      "write the intent files even if the directory already holds intent files",
      false,
    )
    .option(
      "--intent-only",
      "write only the intent files (no package.json, configs or implementation)",
      false,
    )
    .addHelpText(
      "after",
      "\nThen run:\n  npm install\n  npx intentc build\n  npm test\n" +
        DIR_RULE.replace("it is only read", "init creates it"),
    )
    .action((opts: { dir: string; force: boolean; intentOnly: boolean }) => {
      const dir = opts.dir;
      const rel = insideRoot(io.cwd, dir);
      if (rel === undefined) {
        io.err(`intentc init: '${dir}' is outside the current directory.\n`);
        exit.code = EXIT_USAGE;
        return;
      }
      const abs = join(io.cwd, rel);
      const existing = existsSync(abs)
        ? readdirSync(abs).filter((f) => f.endsWith(".intent.yaml"))
        : [];
      if (existing.length > 0 && !opts.force) {
        io.err(
          `intentc init: '${rel}' already holds intent files (${existing.join(", ")}); use --force to overwrite.\n`,
        );
        exit.code = EXIT_FAILURE;
        return;
      }
      let pkgText: string | undefined;
      if (!opts.intentOnly) {
        const pkgPath = join(io.cwd, "package.json");
        const before = existsSync(pkgPath) ? readFileSync(pkgPath, "utf8") : undefined;
        const wanted = wantedPackageJson(packageNameFor(basename(io.cwd)), rel, scaffoldVersions());
        const merged = mergePackageJson(before, wanted);
        if (!merged.ok) {
          io.err(`intentc init: package.json conflicts with the scaffold; nothing was written:\n`);
          for (const c of merged.conflicts) io.err(`  - ${c}\n`);
          io.err(
            `Fix these keys (or run 'intentc init --intent-only' for the intent files alone).\n`,
          );
          exit.code = EXIT_FAILURE;
          return;
        }
        if (merged.text !== before) pkgText = merged.text;
        if (before !== undefined && merged.added.length > 0)
          io.err(`  package.json: added ${merged.added.join(", ")}\n`);
      }
      // Never through a symlink: every component under the project is a real directory, and
      // each file is written to a temp name and renamed (a planted link is replaced, not followed).
      const under = rel === "." || rel === "" ? "" : `${rel}/`;
      try {
        for (const [name, text] of Object.entries(INIT_FILES)) {
          writeFileInside(io.cwd, `${under}${name}`, text, 0o644);
          io.err(`  created ${rel}/${name}\n`);
        }
        if (opts.intentOnly) {
          io.err(
            `✓ Scaffolded ${Object.keys(INIT_FILES).length} intent files in ${rel}/. Next: intentc check && intentc build\n`,
          );
          return;
        }
        if (pkgText !== undefined) {
          writeFileInside(io.cwd, "package.json", pkgText, 0o644);
          io.err(`  wrote package.json\n`);
        }
        for (const [name, text] of Object.entries(PROJECT_FILES)) {
          if (existsSync(join(io.cwd, name))) {
            io.err(`  kept ${name} (it exists)\n`);
            continue;
          }
          writeFileInside(io.cwd, name, text, 0o644);
          io.err(`  created ${name}\n`);
        }
      } catch (e) {
        io.err(`intentc init: cannot write into '${rel}': ${(e as Error).message}\n`);
        exit.code = EXIT_FAILURE;
        return;
      }
      io.err(`✓ Scaffolded a project. Next: npm install && npx intentc build && npm test\n`);
    });
}
