/** IC8xxx: state-space exploration of machines (`intentc explore`, and `build`). */
import { msg, type DiagnosticDef } from "../diagnostic.js";

export const exploreDiagnostics = {
  "invariant-violated": {
    code: "IC8001",
    severity: "error",
    message: msg`Invariant '${"id"}' is violated after ${"steps"} steps: ${"says"}`,
  },
} as const satisfies Record<string, DiagnosticDef>;
