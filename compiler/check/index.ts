/** Semantic checks on the bound Program, one rule family per file, run in a fixed order. */
import type { Diagnostic } from "../diagnostic.js";
import { createCollector, type DiagnosticCollector } from "../diagnostics.js";
import type { Program } from "../ir/types.js";
import type { LoadedFile } from "../load/yaml.js";
import { createLocator, type Locator } from "./locate.js";
import { checkTypes } from "./types.rule.js";
import { checkMachines } from "./machines.rule.js";
import { checkSlices } from "./slices.rule.js";
import { checkGates } from "./gates.rule.js";
import { checkNames } from "./names.rule.js";
import { checkFlows } from "./flows.rule.js";
import { checkInitValues } from "./init.rule.js";

/** A rule family: reads the Program, reports into the collector. */
export type RuleFamily = (program: Program, diags: DiagnosticCollector, locator: Locator) => void;

/** The rule families, in the order they run. */
export const ruleFamilies: readonly { readonly name: string; readonly run: RuleFamily }[] = [
  { name: "types", run: checkTypes },
  { name: "machines", run: checkMachines },
  { name: "init", run: checkInitValues },
  { name: "slices", run: checkSlices },
  { name: "gates", run: checkGates },
  { name: "names", run: checkNames },
  { name: "flows", run: checkFlows },
];

/**
 * Codes of the rules that compare every domain with every other: overlapping write scopes
 * (slices.rule.ts), names that alias across domains and slice ids used twice (names.rule.ts).
 * They read only what a file shows other files (declarations, slices), so a check of a subset of
 * the domains (the language server's quick check) cannot find them and keeps the last full
 * check's. A new rule of that kind adds its code here.
 */
export const ACROSS_DOMAIN_CODES: ReadonlySet<string> = new Set(["IC3205", "IC3224", "IC3225"]);

/**
 * Run every semantic rule family. With the loaded `files`, diagnostics point at the exact YAML
 * node (a glob, a pattern); without them, at the declaration.
 */
export function checkProgram(program: Program, files: readonly LoadedFile[] = []): Diagnostic[] {
  const diags = createCollector();
  const locator = createLocator(files);
  for (const family of ruleFamilies) family.run(program, diags, locator);
  return [...diags.diagnostics];
}
