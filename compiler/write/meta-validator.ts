/**
 * Package build step, run after tsc (`npm run prepare`): write the precompiled intent meta-schema
 * validator (ajv standalone code) next to dist/compiler/load/shape-validator.js. The shape check
 * uses it only when it matches the meta-schema, ajv options and ajv version it was generated
 * from; otherwise it compiles the schema at run time (slower: bench/RESULTS.md, "Incremental
 * builds").
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { VALIDATOR_FILE, validatorDir, validatorSource } from "../load/shape-validator.js";

/** Write the precompiled validator; returns its path. */
export function writeMetaValidator(): string {
  const path = join(validatorDir(), VALIDATOR_FILE);
  writeFileSync(path, validatorSource());
  return path;
}

if (
  process.argv[1] !== undefined &&
  import.meta.url === new URL(`file://${process.argv[1]}`).href
) {
  process.stdout.write(`intentc: wrote ${writeMetaValidator()}\n`);
}
