#!/usr/bin/env node
// Thin launcher: the CLI is compiled to dist/ by `npm install` (the `prepare` script), which also
// bundles it into dist/bundle/ (fewer files to load at start-up). The bundle is used only when it
// is at least as new as the compiled CLI, so a plain `tsc` rebuild never runs stale code.
import { statSync } from "node:fs";
import { setFlagsFromString } from "node:v8";

const mtime = (rel) => {
  try {
    return statSync(new URL(rel, import.meta.url)).mtimeMs;
  } catch {
    return undefined;
  }
};
const compiled = mtime("../dist/compiler/cli.js");
if (compiled === undefined) {
  process.stderr.write(
    "intentc: the CLI is not built yet. Run `npm install` (or `npm run build:ts`) in the intentc package.\n",
  );
  process.exit(2);
}
const bundled = mtime("../dist/bundle/cli.js");
const entry =
  bundled !== undefined && bundled >= compiled
    ? "../dist/bundle/cli.js"
    : "../dist/compiler/cli.js";
// Node 22.1+ can cache compiled bytecode between runs; older Node versions simply skip this.
const nodeModule = await import("node:module");
nodeModule.enableCompileCache?.();

/**
 * V8 settings for a build or a check, applied once it has decided to compile (a no-op build and
 * `explore` never change V8's flags): a lower heap growth factor for the emitters' short-lived
 * garbage, and a larger tier-up budget for a short run of code that runs a few times. Why and how
 * much: bench/RESULTS.md, "V8 flags".
 */
let tuned = false;
const beforeCompile = () => {
  if (tuned) return;
  tuned = true;
  setFlagsFromString("--heap-growing-percent=50");
  setFlagsFromString("--interrupt-budget=600000");
};

const { main } = await import(new URL(entry, import.meta.url).href);
process.exitCode = await main(process.argv.slice(2), undefined, { beforeCompile });
