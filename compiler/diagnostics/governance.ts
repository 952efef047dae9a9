/** IC7xxx: slices, packs and the governance runtime. */
import { msg, type DiagnosticDef } from "../diagnostic.js";

export const governanceDiagnostics = {
  "scope-escapes-repo": {
    code: "IC7001",
    severity: "error",
    message: msg`Write scope '${"glob"}' of slice '${"slice"}' escapes the repository.`,
    hint: "Scopes are repo-relative globs without '..' segments or leading '/'.",
  },
} as const satisfies Record<string, DiagnosticDef>;
