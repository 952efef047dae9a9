/** IC50xx–IC54xx: emitters (IC55xx, the writer, lives in write.ts). */
import { msg, type DiagnosticDef } from "../diagnostic.js";

export const emitDiagnostics = {
  "unsupported-pattern": {
    code: "IC5001",
    severity: "error",
    message: msg`Pattern '${"pattern"}' cannot run on the linear-time regex engine: ${"detail"}.`,
    hint: "Patterns use RE2 syntax: no backreferences or lookaround.",
  },
} as const satisfies Record<string, DiagnosticDef>;
