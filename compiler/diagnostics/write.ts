/** IC55xx: the writer and build output (IC50xx–IC54xx belong to emitters in emit.ts). */
import { msg, type DiagnosticDef } from "../diagnostic.js";

export const writeDiagnostics = {
  "output-symlink": {
    code: "IC5501",
    severity: "error",
    message: msg`Output path '${"path"}' is a symbolic link; intentc never writes through links.`,
    hint: "Remove the link and build again.",
  },
  "output-outside-root": {
    code: "IC5502",
    severity: "error",
    message: msg`Path '${"path"}' resolves outside the project root '${"root"}'.`,
    hint: "Pass a directory inside the project, e.g. '--out generated'.",
  },
  "output-unsafe-path": {
    code: "IC5503",
    severity: "error",
    message: msg`Refusing to write '${"path"}': ${"reason"}.`,
    hint: "Generated paths must be relative, use '/' separators and contain no '.' or '..' segments.",
  },
  "output-not-directory": {
    code: "IC5504",
    severity: "error",
    message: msg`Output path '${"path"}' exists and is not a directory.`,
    hint: "Move the file away or choose another '--out'.",
  },
  "build-locked": {
    code: "IC5505",
    severity: "error",
    message: msg`Another build holds the lock '${"path"}' (pid ${"pid"}).`,
    hint: "Wait for the other build to finish. If no build is running, delete the lock file.",
  },
  "output-write-failed": {
    code: "IC5506",
    severity: "error",
    message: msg`Could not write the output: ${"reason"}. The previous output was left unchanged.`,
  },
  "output-drifted": {
    code: "IC5507",
    severity: "error",
    message: msg`Generated file '${"path"}' differs from what the intent produces.`,
    hint: "Run 'intentc build' and commit the result; never edit generated files by hand.",
  },
  "output-missing": {
    code: "IC5508",
    severity: "error",
    message: msg`Generated file '${"path"}' is missing.`,
    hint: "Run 'intentc build' and commit the result.",
  },
  "output-extra": {
    code: "IC5509",
    severity: "error",
    message: msg`File '${"path"}' in the output is not produced by the intent.`,
    hint: "Run 'intentc build' (it removes stale files) and commit the result.",
  },
  "output-not-generated": {
    code: "IC5510",
    severity: "error",
    message: msg`Output directory '${"path"}' already holds files but no intent.lock.json, so intentc did not create it; refusing to replace it.`,
    hint: "Choose an empty or new '--out' directory, or delete this one if it really is stale output.",
  },
  "output-overlaps-intent": {
    code: "IC5511",
    severity: "error",
    message: msg`Output directory '${"out"}' would replace the intent directory '${"dir"}'.`,
    hint: "Write the output to a separate directory, e.g. '--out generated'.",
  },
} as const satisfies Record<string, DiagnosticDef>;
