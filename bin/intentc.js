#!/usr/bin/env node
// Thin launcher: the CLI is compiled to dist/ by `npm install` (the `prepare` script).
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const entry = new URL("../dist/compiler/cli.js", import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write("intentc: the CLI is not built yet. Run `npm install` (or `npm run build:ts`) in the intentc package.\n");
  process.exit(2);
}
// Node 22.1+ can cache compiled bytecode between runs; older Node versions simply skip this.
const nodeModule = await import("node:module");
nodeModule.enableCompileCache?.();
const { main } = await import(entry.href);
process.exitCode = await main(process.argv.slice(2));
