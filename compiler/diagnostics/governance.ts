/** IC7xxx: slice packs and the governance runtime. */
import { msg, type DiagnosticDef } from "../diagnostic.js";

export const governanceDiagnostics = {
  "pack-over-budget": {
    code: "IC7001",
    severity: "error",
    message: msg`Slice pack '${"slice"}' is about ${"tokens"} tokens; its budget is ${"budget"}.`,
    hint: "Raise the slice's `budget`, or split the slice so each agent gets less context.",
  },
  "agents-md-too-large": {
    code: "IC7002",
    severity: "warning",
    message: msg`AGENTS.md of slice '${"slice"}' is ${"bytes"} bytes; agents truncate it past ${"limit"}.`,
    hint: "Codex truncates AGENTS.md at 32 KiB. Shorten descriptions or split the slice.",
  },
  "slice-no-write-root": {
    code: "IC7003",
    severity: "error",
    message: msg`Write scope '${"glob"}' of slice '${"slice"}' has no directory the sandbox can bind read-write.`,
    hint: "Start each write glob with a directory, e.g. 'services/orders/**'.",
  },
} as const satisfies Record<string, DiagnosticDef>;
