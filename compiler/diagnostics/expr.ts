/** IC4xxx: expressions (guards, effects, invariants). */
import { msg, type DiagnosticDef } from "../diagnostic.js";

export const exprDiagnostics = {
  "expr-syntax": {
    code: "IC4001",
    severity: "error",
    message: msg`Expression syntax error: ${"detail"}`,
  },
} as const satisfies Record<string, DiagnosticDef>;
