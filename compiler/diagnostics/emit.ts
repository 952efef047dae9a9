/** IC50xx–IC54xx: emitters (IC55xx, the writer, lives in write.ts). */
import { msg, type DiagnosticDef } from "../diagnostic.js";

export const emitDiagnostics = {
  "unsupported-pattern": {
    code: "IC5001",
    severity: "error",
    message: msg`Pattern '${"pattern"}' cannot run on the linear-time regex engine: ${"detail"}.`,
    hint: "Patterns use RE2 syntax: no backreferences or lookaround.",
  },
  "contract-name-collision": {
    code: "IC5002",
    severity: "error",
    message: msg`The generated contract name '${"name"}' of this ${"kind"} is already used by a ${"other"}.`,
    hint: "Event payloads are named '<Event>Event', machine states '<Machine>State' and API operations '<Api><Op>Input'/'Output'; rename one of the two.",
  },
  "reserved-contract-name": {
    code: "IC5003",
    severity: "error",
    message: msg`'${"name"}' cannot name a generated TypeScript type: it is a reserved word.`,
    hint: "Rename the declaration (type names are usually PascalCase).",
  },
  "pattern-without-generator": {
    code: "IC5004",
    severity: "warning",
    message: msg`Pattern '${"pattern"}' is not JavaScript RegExp syntax, so test values are drawn at random and filtered: ${"detail"}.`,
    hint: "Write the pattern in the common subset of RE2 and JavaScript syntax so property tests can generate matching strings directly.",
  },
} as const satisfies Record<string, DiagnosticDef>;
