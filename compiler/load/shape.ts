/** Shape check: the loaded value against the intent meta-schema (ajv); errors → YAML positions. */
import type { Diagnostic } from "../diagnostic.js";
import type { LoadedFile } from "./yaml.js";

/** Check one loaded file's shape. Returns diagnostics at exact YAML positions. */
export function checkShape(_file: LoadedFile): Diagnostic[] {
  return [];
}
