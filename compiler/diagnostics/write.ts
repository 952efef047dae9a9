/** IC55xx: the writer and build output (IC50xx–IC54xx belong to emitters in emit.ts). */
import { msg, type DiagnosticDef } from "../diagnostic.js";

export const writeDiagnostics = {
  "output-symlink": {
    code: "IC5501",
    severity: "error",
    message: msg`Output path '${"path"}' is a symbolic link; intentc never writes through links.`,
    hint: "Remove the link and build again.",
  },
} as const satisfies Record<string, DiagnosticDef>;
