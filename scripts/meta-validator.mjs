/**
 * Package build step, run after tsc (package.json "build:ts", which `npm install` runs through
 * `prepare`): write the precompiled intent meta-schema validator (ajv standalone code) next to
 * dist/compiler/load/shape-validator.js. The shape check uses it only when it matches the
 * meta-schema, ajv options and ajv version it was generated from; otherwise it compiles the
 * schema at run time (slower: bench/RESULTS.md, "Incremental builds").
 *   node scripts/meta-validator.mjs
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  VALIDATOR_FILE,
  validatorDir,
  validatorSource,
} from "../dist/compiler/load/shape-validator.js";

const path = join(validatorDir(), VALIDATOR_FILE);
writeFileSync(path, validatorSource());
process.stdout.write(`intentc: wrote ${path}\n`);
