/** The whitelist walk's tables (parse.ts): denied globals, reserved properties, operators, helpers. */

/** Names that always mean a global and are rejected even when a field has that name. */
export const DENIED_NAMES: ReadonlySet<string> = new Set([
  "globalThis",
  "global",
  "window",
  "self",
  "process",
  "require",
  "module",
  "exports",
  "eval",
  "Function",
  "arguments",
  "Reflect",
  "Proxy",
  "Object",
  "Buffer",
  "console",
  "fetch",
  "import",
]);
export const RESERVED_PROPERTIES: ReadonlySet<string> = new Set([
  "constructor",
  "prototype",
  "__proto__",
]);
export const PARAM_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export const BINARY_OPS: ReadonlySet<string> = new Set([
  "+",
  "-",
  "*",
  "/",
  "%",
  "==",
  "!=",
  "===",
  "!==",
  "<",
  "<=",
  ">",
  ">=",
  "&&",
  "||",
]);
export const ASSIGNMENTS: ReadonlySet<string> = new Set([
  "=",
  "+=",
  "-=",
  "*=",
  "/=",
  "%=",
  "**=",
  "<<=",
  ">>=",
  ">>>=",
  "&=",
  "|=",
  "^=",
  "&&=",
  "||=",
  "??=",
]);

/** Arity rules of the callable helpers: [min, max, whether the first argument is an arrow]. */
export const HELPER_ARITY: Readonly<Record<string, readonly [number, number, boolean, string]>> = {
  every: [1, 1, true, "one arrow function"],
  some: [1, 1, true, "one arrow function"],
  filter: [1, 1, true, "one arrow function"],
  map: [1, 1, true, "one arrow function"],
  find: [1, 1, true, "one arrow function"],
  findIndex: [1, 1, true, "one arrow function"],
  reduce: [2, 2, true, "an arrow function and an initial value"],
  includes: [1, 1, false, "one value"],
};
