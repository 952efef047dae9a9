/**
 * Package build step, after tsc and meta-validator.js (`npm install` runs both through
 * `prepare`): replaces each compiled re-export module of compiler/vendor/ with a minified
 * single-file bundle of the same exports, made by rolldown from the packages' ES module builds,
 * and minifies the generated meta-schema validator. Start-up is most of a small command's time
 * (`intentc explore` on DieHard: ~165 ms before this step, ~140 ms after, of which Node itself
 * is ~55 ms), and resolving, reading and parsing many small or large files was much of the rest.
 *
 * Skipped when rolldown is not installed: the plain re-exports then work as they are.
 *   node dist/compiler/vendor/bundle.js
 */
import { renameSync, rmSync } from "node:fs";
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
] as const;

interface Rolldown {
  build(options: {
    input: string;
    platform: string;
    resolve: { conditionNames: string[] };
    external: RegExp[];
    output: { file: string; format: string; minify?: boolean };
    logLevel: string;
  }): Promise<unknown>;
}

/** Bundle every vendored module in `dir` in place; false when rolldown is unavailable. */
export async function bundleVendored(dir: string): Promise<boolean> {
  let rolldown: Rolldown;
  try {
    rolldown = (await import("rolldown" as string)) as Rolldown;
  } catch {
    return false;
  }
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

if (process.argv[1] !== undefined && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  const done = await bundleVendored(dirname(fileURLToPath(import.meta.url)));
  if (!done) process.stderr.write("intentc: rolldown is not installed; the vendored modules stay unbundled.\n");
}
