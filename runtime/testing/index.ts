/**
 * intentc/testing — helpers generated tests import (fast-check arbitraries, model-based runs).
 * Explicit named re-exports only; each area keeps its own section.
 */

// --- arbitraries ---

// --- model-based ---

export {};
