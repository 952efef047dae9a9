/**
 * The module specifier generated code imports its runtime from: the `@intentc/runtime` package
 * (runtime/ in this repository). Every emitter that writes an import of the runtime uses this
 * one constant; generated tests import their helpers from `intentc/testing` (the CLI package).
 */
export const RUNTIME_IMPORT = "@intentc/runtime";

/** The package generated tests import their helpers (fast-check arbitraries, model runs) from. */
export const TESTING_IMPORT = "intentc/testing";

/**
 * The version ranges generated/package.json declares: the runtime's (runtime/package.json
 * "version") and xstate's (runtime/package.json peerDependencies). test/package checks both.
 */
export const RUNTIME_RANGE = "^0.1.1";
export const XSTATE_RANGE = "^5.33.3";
