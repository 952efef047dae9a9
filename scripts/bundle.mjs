/**
 * Package build step, after tsc and scripts/meta-validator.mjs (`npm install` runs them through
 * `prepare`, package.json "build:ts"): replaces each compiled re-export module of compiler/vendor/ with a minified
 * single-file bundle of the same exports, made by rolldown from the packages' ES module builds,
 * and minifies the generated meta-schema validator. Start-up is most of a small command's time
 * (`intentc explore` on DieHard: ~165 ms before this step, ~140 ms after, of which Node itself
 * is ~55 ms), and resolving, reading and parsing many small or large files was much of the rest.
 *
 * Skipped when rolldown is not installed: the plain re-exports then work as they are.
 *   node scripts/bundle.mjs
 */
import { readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The vendored modules, by compiled file name, with the platform to bundle for: "neutral" makes
 * rolldown pick yaml's ES module build (under "node" it would take the CommonJS one); the others
 * are CommonJS either way and need "node" to reach Node's built-in modules.
 */
export const VENDORED = [
  { name: "yaml.js", platform: "neutral", format: "esm" },
  { name: "commander.js", platform: "node", format: "esm" },
  { name: "handlebars.js", platform: "node", format: "esm" },
  { name: "semver.js", platform: "node", format: "esm" },
  // The meta-schema validator that the package build generates (ajv standalone code): minified.
  { name: "../load/meta-schema.validator.cjs", platform: "node", format: "cjs" },
];

/** rolldown (a dev dependency), or undefined when it is not installed. */
async function loadRolldown() {
  try {
    return await import("rolldown");
  } catch {
    return undefined;
  }
}

/**
 * Bundle every vendored module in `dir` in place; false when rolldown is unavailable.
 * @param {string} dir
 */
export async function bundleVendored(dir) {
  const rolldown = await loadRolldown();
  if (rolldown === undefined) return false;
  for (const { name, platform, format } of VENDORED) {
    const file = join(dir, name);
    const tmp = join(dirname(file), `.bundle-${basename(name)}.tmp`);
    try {
      await rolldown.build({
        input: file,
        platform,
        resolve: { conditionNames: ["import", "module", "default"] },
        external: [/^node:/],
        output: { file: tmp, format, minify: true },
        logLevel: "warn",
      });
      renameSync(tmp, file);
    } finally {
      rmSync(tmp, { force: true });
    }
  }
  return true;
}

/** The compiled modules of the front end, grouped into one chunk of the CLI bundle. */
const FRONT_END =
  /[\\/]compiler[\\/]((load|bind|check|expr|ir)[\\/].*|vendor[\\/]yaml|driver[\\/]front-end)\.js$/;

const DIAGNOSTIC = /[\\/]compiler[\\/]diagnostic\.js$/;
/**
 * What the front end shares with the light paths (a no-op build, reporting diagnostics): the
 * diagnostics table, compiler/shared/, the host. Kept out of the front end's chunk.
 */
const COMMON = /[\\/]compiler[\\/]((diagnostics|shared|host)[\\/].*|diagnostics|host)\.js$/;

/** Where the CLI bundle goes, relative to dist/compiler/ (bin/intentc.js loads it from there). */
export const CLI_BUNDLE_DIR = "../bundle";

/**
 * Bundle the compiled CLI (dist/compiler/cli.js and the two worker entries, which must sit next
 * to the code that starts them) into dist/bundle/, split at the CLI's dynamic imports so that a
 * command still loads only its own code: about forty modules become a few files, which saved
 * ~17 ms of `intentc explore`'s start-up (node resolves, reads and links each module file).
 * The meta-schema validator is copied beside it (it is found next to the code that loads it).
 * Built into a temporary folder and renamed into place; false when rolldown is unavailable.
 * @param {string} compilerDir
 */
export async function bundleCli(compilerDir) {
  const rolldown = await loadRolldown();
  if (rolldown === undefined) return false;
  const out = join(compilerDir, CLI_BUNDLE_DIR);
  const tmp = `${out}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  try {
    await rolldown.build({
      input: {
        cli: join(compilerDir, "cli.js"),
        "io-worker": join(compilerDir, "write/io-worker.js"),
        "explore-worker": join(compilerDir, "driver/explore-worker.js"),
      },
      platform: "node",
      // Loaded at run time through createRequire or by path, as in the unbundled code.
      external: [/^node:/, /\.cjs$/, /^ajv(\/|$)/, /^typescript(\/|$)/, /^ts-morph(\/|$)/],
      output: {
        dir: tmp,
        format: "esm",
        chunkFileNames: "[name]-[hash].js",
        // The front end (load → shape → bind → check, expressions, the IR helpers, yaml) in one
        // chunk: every command that compiles loads all of it, and split at each of its importers
        // it made ~10 module files more to resolve, read and link (`intentc explore` on DieHard:
        // 29 → 19 files; bench/RESULTS.md, "CLI bundle"). What the light paths share with it
        // (COMMON) and compiler/diagnostic.js, which the CLI's entry imports, have chunks of
        // their own: a group takes its modules' dependencies with it, so without them a no-op
        // build or `intentc --version` would load the front end.
        codeSplitting: {
          groups: [
            { name: "diagnostic", test: (id) => DIAGNOSTIC.test(id), priority: 3 },
            { name: "common", test: (id) => COMMON.test(id), priority: 2 },
            { name: "front", test: (id) => FRONT_END.test(id), priority: 1 },
          ],
        },
      },
      logLevel: "warn",
    });
    // Marked as made by the same package build as the bundle beside it (compiler/load/
    // shape-validator.ts loadPrecompiledValidator trusts such a copy without rehashing).
    const validator = readFileSync(join(compilerDir, "load/meta-schema.validator.cjs"), "utf8");
    writeFileSync(
      join(tmp, "meta-schema.validator.cjs"),
      `${validator}\nmodule.exports.sameBuild = true;\n`,
    );
    rmSync(out, { recursive: true, force: true });
    renameSync(tmp, out);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return true;
}

const compilerDir = join(dirname(fileURLToPath(import.meta.url)), "..", "dist", "compiler");
const done = (await bundleVendored(join(compilerDir, "vendor"))) && (await bundleCli(compilerDir));
if (!done) process.stderr.write("intentc: rolldown is not installed; the CLI runs unbundled.\n");
