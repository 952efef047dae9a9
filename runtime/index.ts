/**
 * intentc/runtime — what generated code imports (validation results, invariant checks, model
 * helpers, monitors) and the governance runtime (scope checks, gates, sandbox, evidence).
 * Explicit named re-exports only. Each area keeps its own section below.
 */

// --- contracts (validation, issues, invariants) ---
export type { IssueCode, IssuePath, Issue } from "./issues.js";
export { issueMessages, issueMessage, formatPath, formatIssues } from "./issues.js";
export type { Result } from "./result.js";
export { ok, fail, ContractError, unwrap } from "./result.js";
export type { AjvErrorLike, AjvValidateLike, Validator } from "./validate.js";
export { createValidator, toIssues, pointerToPath, ajvUcs2length, ajvEqual } from "./validate.js";
export type { RegExpLike } from "./re2.js";
export { re2RegExp, re2Unsupported } from "./re2.js";
export type { InvariantSeverity, InvariantDef, InvariantViolation } from "./invariants.js";
export { checkInvariants, createInvariantChecker, formatViolations } from "./invariants.js";

// --- machines (reference models, monitors) ---
export type { ModelSnapshot, ModelEventObject, ModelTransition, ModelDefinition, TransitionResult } from "./model.js";
export { defineModel, initialSnapshot, enabledTransitions, applyTransition, modelTransition, replay, withoutUndefined, canonicalJson } from "./model.js";
export type { MonitorEvent, MonitorOptions, InvariantMonitor } from "./monitor.js";
export { createInvariantMonitor, createGuardedSend } from "./monitor.js";

// --- governance (scope, gates, sandbox, evidence, promotion) ---
export type { SlicePack, PackGate, SandboxLimits, FileChange, Violation, ViolationRule, GateResult, PropertyResult } from "./governance/types.js";
export type { Evidence, Approval } from "./governance/evidence.js";
export type { RunOptions, RunResult } from "./governance/run.js";
export type { VerifyOptions, VerifyResult } from "./governance/verify.js";
export { loadPack, checkSlicePack } from "./governance/pack.js";
export { createScopeMatcher, controlFileReason, writeRootsOf } from "./governance/scope.js";
export { takeManifest, diffManifests } from "./governance/manifest.js";
export { checkChanges } from "./governance/policy.js";
export { probeSandbox, sandboxArgv, bwrapArgs, DEFAULT_LIMITS } from "./governance/sandbox.js";
export { runGates, orderGates } from "./governance/gates.js";
export { renderEvidenceMarkdown } from "./governance/evidence.js";
export { verifySlice } from "./governance/verify.js";
export { runSlice } from "./governance/run.js";
export { approveRun, promoteRun } from "./governance/promote.js";
export { sliceSchema } from "./governance/schemas/slice.schema.js";
export { evidenceSchema } from "./governance/schemas/evidence.schema.js";
export { claudeSettingsSchema } from "./governance/schemas/claude-settings.schema.js";
export { srtSettingsSchema } from "./governance/schemas/srt-settings.schema.js";

export {};
