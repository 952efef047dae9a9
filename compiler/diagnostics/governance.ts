/** IC7xxx: slice packs and the governance runtime. */
import { msg, type DiagnosticDef } from "../diagnostic.js";

export const governanceDiagnostics = {
  "pack-over-budget": {
    code: "IC7001",
    severity: "error",
    message: msg`Slice pack '${"slice"}' is about ${"tokens"} tokens; its budget is ${"budget"}.`,
    hint: "Raise the slice's `budget`, or split the slice so each agent gets less context.",
  },
} as const satisfies Record<string, DiagnosticDef>;
