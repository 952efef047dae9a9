/**
 * intentc/runtime — what generated code imports (validation results, invariant checks, model
 * helpers, monitors). The governance runtime (scope, sandbox, evidence) is `intentc/governance`.
 * Explicit named re-exports only. Each area keeps its own section below.
 */

// --- contracts (validation, issues, invariants) ---
export type { IssueCode, IssuePath, Issue } from "./issues.js";
export { issueMessages, issueMessage, formatPath, formatIssues } from "./issues.js";
export type { Result } from "./result.js";
export { ok, fail, ContractError, unwrap } from "./result.js";
export type { AjvErrorLike, AjvValidateLike, Validator, IssueTemplate } from "./validate.js";
export type { ContractCheck, ContractModule, ContractNode, Walk } from "./walk.js";
export { contractValidator, contractWalk, ownKeysConform } from "./walk.js";
export { createValidator, toIssues, pointerToPath, ajvUcs2length, ajvEqual } from "./validate.js";
export { issueTemplate, addIssue, addUnknownKey, addDuplicateItems } from "./validate.js";
export type { RegExpLike } from "./re2.js";
export { re2RegExp, re2Unsupported, simpleMatcher } from "./re2.js";
export type { InvariantSeverity, InvariantDef, InvariantViolation } from "./invariants.js";
export { checkInvariants, createInvariantChecker, formatViolations } from "./invariants.js";
export type { MapValue } from "./collections.js";
export { collections } from "./collections.js";

// --- machines (reference models, monitors) ---
export type {
  ModelSnapshot,
  ModelEventObject,
  ModelTransition,
  ModelDefinition,
  TransitionResult,
} from "./model.js";
export {
  defineModel,
  initialSnapshot,
  enabledTransitions,
  applyTransition,
  modelTransition,
  replay,
  withoutUndefined,
  canonicalJson,
} from "./model.js";
export type { MonitorEvent, MonitorOptions, InvariantMonitor } from "./monitor.js";
export { createInvariantMonitor, createGuardedSend } from "./monitor.js";

export {};
