/** IC6xxx: versions, breaking changes and approvals. */
import { msg, type DiagnosticDef } from "../diagnostic.js";

export const diffDiagnostics = {
  "invalid-semver": {
    code: "IC6001",
    severity: "error",
    message: msg`'${"version"}' is not a valid semantic version.`,
    hint: "Use MAJOR.MINOR.PATCH, for example 1.2.0.",
  },
} as const satisfies Record<string, DiagnosticDef>;
