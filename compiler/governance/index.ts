/**
 * intentc/governance — the governance runtime the CLI drives: scope checks, gates, the sandbox,
 * evidence, approval and promotion. Explicit named re-exports only.
 */
export type {
  SlicePack,
  PackGate,
  SandboxLimits,
  FileChange,
  Violation,
  ViolationRule,
  GateResult,
  PropertyResult,
} from "./types.js";
export type { Evidence, Approval } from "./evidence.js";
export type { RunOptions, RunResult } from "./run.js";
export type { VerifyOptions, VerifyResult } from "./verify.js";
export { loadPack, checkSlicePack } from "./pack.js";
export { createScopeMatcher, controlFileReason, writeRootsOf } from "./scope.js";
export { takeManifest, diffManifests } from "./manifest.js";
export { checkChanges } from "./policy.js";
export { probeSandbox, sandboxArgv, bwrapArgs, DEFAULT_LIMITS } from "./sandbox.js";
export { runGates, orderGates } from "./gates.js";
export { renderEvidenceMarkdown } from "./evidence.js";
export { verifySlice } from "./verify.js";
export { runSlice } from "./run.js";
export { approveRun, promoteRun } from "./promote.js";
export { sliceSchema } from "./schemas/slice.schema.js";
export { evidenceSchema } from "./schemas/evidence.schema.js";
export { claudeSettingsSchema } from "./schemas/claude-settings.schema.js";
export { srtSettingsSchema } from "./schemas/srt-settings.schema.js";
