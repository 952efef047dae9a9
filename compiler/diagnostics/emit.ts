/** IC5xxx: emitters and the writer. */
import { msg, type DiagnosticDef } from "../diagnostic.js";

export const emitDiagnostics = {
  "output-symlink": {
    code: "IC5001",
    severity: "error",
    message: msg`Output path '${"path"}' is a symbolic link; intentc never writes through links.`,
    hint: "Remove the link and build again.",
  },
} as const satisfies Record<string, DiagnosticDef>;
