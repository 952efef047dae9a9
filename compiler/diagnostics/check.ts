/** IC3xxx: semantic checks on the bound Program. */
import { msg, type DiagnosticDef } from "../diagnostic.js";

export const checkDiagnostics = {
  "type-cycle": {
    code: "IC3001",
    severity: "error",
    message: msg`Type '${"name"}' refers to itself through ${"path"}.`,
    hint: "Recursive types cannot be validated or generated; break the cycle with an id reference.",
  },
} as const satisfies Record<string, DiagnosticDef>;
