/** Semantic checks on the bound Program, one rule family per file, run in a fixed order. */
import type { Diagnostic } from "../diagnostic.js";
import type { Program } from "../ir/types.js";

/** Run every semantic rule family. */
export function checkProgram(_program: Program): Diagnostic[] {
  return [];
}
