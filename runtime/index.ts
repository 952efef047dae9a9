/**
 * intentc/runtime — what generated code imports (validation results, invariant checks, model
 * helpers, monitors) and the governance runtime (scope checks, gates, sandbox, evidence).
 * Explicit named re-exports only. Each area keeps its own section below.
 */

// --- contracts (validation, issues, invariants) ---

// --- machines (reference models, monitors) ---

// --- governance (scope, gates, sandbox, evidence, promotion) ---

export {};
