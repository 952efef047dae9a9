/** Bind: loaded files → one Program (IN PROGRESS). */
import type { DiagnosticResult } from "../diagnostic.js";
import type { Program } from "../ir/types.js";
import type { LoadedFile } from "../load/yaml.js";

export function bindProgram(_files: readonly LoadedFile[]): DiagnosticResult<Program> {
  return [{ system: { name: "system", version: "0.0.0" }, domains: [], riskTiers: [], gates: [], files: [] }, []];
}
