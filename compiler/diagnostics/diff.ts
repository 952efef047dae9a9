/** IC6xxx: versions, breaking changes and approvals. */
import { msg, type DiagnosticDef } from "../diagnostic.js";

export const diffDiagnostics = {
  "invalid-semver": {
    code: "IC6001",
    severity: "error",
    message: msg`'${"version"}' is not a valid semantic version.`,
    hint: "Use MAJOR.MINOR.PATCH, for example 1.2.0.",
  },
  "breaking-change-without-major": {
    code: "IC6002",
    severity: "error",
    message: msg`Breaking change '${"rule"}' in domain '${"domain"}' needs a major version bump (${"from"} → ${"to"}): ${"detail"}`,
    hint: "Bump the major version, or approve it next to the element: approvedBreaking: [{ rule, reason, expires }] (a removed declaration: at the top of its domain file, with element: <name>).",
  },
  "version-decreased": {
    code: "IC6003",
    severity: "error",
    message: msg`Version of domain '${"domain"}' decreased from ${"from"} to ${"to"}.`,
  },
  "released-version-changed": {
    code: "IC6004",
    severity: "error",
    message: msg`Domain '${"domain"}' changed (${"count"} change(s)) but kept the released version ${"version"}.`,
    hint: "Bump the version (patch for compatible fixes, minor for additions), or use a prerelease such as 1.3.0-dev while editing.",
  },
  "unknown-approval-rule": {
    code: "IC6005",
    severity: "error",
    message: msg`Approval names unknown rule '${"rule"}'.`,
  },
  "unused-approval": {
    code: "IC6006",
    severity: "error",
    message: msg`Approval for '${"rule"}' on '${"element"}' matches no change.`,
    hint: "Remove the approval, or check the rule id reported by `intentc diff`.",
  },
  "expired-approval": {
    code: "IC6007",
    severity: "error",
    message: msg`Approval for '${"rule"}' on '${"element"}' expired on ${"expires"}.`,
    hint: "Remove the approval once the change has shipped, or renew it with a new date and reason.",
  },
  "stale-lock": {
    code: "IC6008",
    severity: "error",
    message: msg`The lock file does not match its own element hashes (${"detail"}); it was edited or merged by hand.`,
    hint: "Restore generated/intent.lock.json from version control (or delete it to start a new baseline).",
  },
} as const satisfies Record<string, DiagnosticDef>;
