/** IC1xxx: loading YAML and checking its shape against the intent meta-schema. */
import { msg, type DiagnosticDef } from "../diagnostic.js";

export const loadDiagnostics = {
  "yaml-syntax": {
    code: "IC1001",
    severity: "error",
    message: msg`YAML syntax error: ${"detail"}`,
    hint: "Fix the YAML syntax; intent files are YAML 1.2.",
  },
  "file-too-large": {
    code: "IC1002",
    severity: "error",
    message: msg`Intent file is ${"size"} bytes; the limit is ${"limit"} bytes.`,
    hint: "Split the domain into several files.",
  },
  "too-deep": {
    code: "IC1003",
    severity: "error",
    message: msg`Nesting is deeper than ${"limit"} levels.`,
    hint: "Intent files never need deep nesting; flatten the structure or name the nested type.",
  },
  "alias-not-allowed": {
    code: "IC1004",
    severity: "error",
    message: msg`YAML aliases and anchors are not allowed in intent files ('${"name"}').`,
    hint: "Write the value out, or declare a named type and reference it.",
  },
  "duplicate-key": {
    code: "IC1005",
    severity: "error",
    message: msg`Duplicate key '${"key"}'.`,
    hint: "Each key may appear once in a mapping; the later one would silently win.",
  },
  "reserved-key": {
    code: "IC1006",
    severity: "error",
    message: msg`'${"key"}' is a reserved name and cannot be used as a key.`,
    hint: "Names such as __proto__, constructor and prototype would corrupt generated objects; rename it.",
  },
  "too-many-nodes": {
    code: "IC1007",
    severity: "error",
    message: msg`Intent file has more than ${"limit"} YAML nodes.`,
    hint: "Split the domain into several files.",
  },
  "non-string-key": {
    code: "IC1008",
    severity: "error",
    message: msg`Mapping keys must be plain strings; ${"key"} is ${"kind"}.`,
    hint: "Use a name such as 'total' as a key; quote a key that YAML would read as a number or boolean.",
  },
  "multiple-documents": {
    code: "IC1009",
    severity: "error",
    message: msg`An intent file holds exactly one YAML document; found ${"count"}.`,
    hint: "Put each domain in its own file.",
  },
  "yaml-directive": {
    code: "IC1010",
    severity: "error",
    message: msg`YAML directives are not part of the intent format ('${"directive"}').`,
    hint: "Intent files are YAML 1.2 (core schema) without directives; delete the line and the '---' after it.",
  },
  "yaml-tag": {
    code: "IC1011",
    severity: "error",
    message: msg`YAML tags are not part of the intent format ('${"tag"}').`,
    hint: "Remove the tag: intent values are plain strings, numbers, booleans, null, lists and mappings.",
  },
  "inexact-number": {
    code: "IC1012",
    severity: "error",
    message: msg`The number '${"text"}' cannot be represented exactly: ${"why"}.`,
    hint: "Integers must lie within ±9007199254740991 and decimals have at most 15 significant digits; quote it if it is text.",
  },
  "invalid-character": {
    code: "IC1013",
    severity: "error",
    message: msg`Intent files cannot contain ${"what"}.`,
    hint: "Intent files are UTF-8 text with LF or CRLF line endings and no NUL or unpaired surrogate characters.",
  },
  "unknown-property": {
    code: "IC1101",
    severity: "error",
    message: msg`Unknown property '${"name"}' in ${"where"}.`,
  },
  "missing-property": {
    code: "IC1102",
    severity: "error",
    message: msg`Missing required property '${"name"}' in ${"where"}.`,
  },
  "wrong-type": {
    code: "IC1103",
    severity: "error",
    message: msg`Expected ${"expected"} at ${"where"}.`,
  },
  "invalid-value": {
    code: "IC1104",
    severity: "error",
    message: msg`Invalid value at ${"where"}: ${"detail"}.`,
  },
  "invalid-name": {
    code: "IC1105",
    severity: "error",
    message: msg`'${"name"}' is not a valid ${"what"} name.`,
    hint: "Names start with a letter and contain letters, digits and '_' (slice and invariant ids may also contain '-').",
  },
  "unsupported-intent-version": {
    code: "IC1106",
    severity: "error",
    message: msg`Unsupported intent format version '${"version"}'; this intentc reads version 1.`,
  },
  "no-intent-files": {
    code: "IC1107",
    severity: "error",
    message: msg`No intent files (*.intent.yaml) found in '${"dir"}'.`,
    hint: "Run `intentc init` to scaffold an example, or pass the directory that holds your intent.",
  },
  "intent-dir-outside": {
    code: "IC1050",
    severity: "error",
    message: msg`The intent directory '${"dir"}' leads outside the project (to '${"target"}'); nothing in it is read.`,
    hint: "intentc reads intent only inside the project: replace the link with the directory itself, or run intentc from the project that holds it.",
  },
  "special-file": {
    code: "IC1051",
    severity: "error",
    message: msg`'${"path"}' is ${"what"}, not a regular file; it is not read.`,
    hint: "Intent files are regular files; delete this entry (a FIFO or device would block or feed endless data).",
  },
  "symlink-outside": {
    code: "IC1052",
    severity: "error",
    message: msg`'${"path"}' is ${"what"} ('${"target"}') that ${"where"}; it is not followed.`,
    hint: "intentc never reads outside the intent directory through a link: copy the file into it, or delete the link.",
  },
  "symlink-inside": {
    code: "IC1053",
    severity: "error",
    message: msg`'${"path"}' is ${"what"} ('${"target"}') inside the intent directory; links are not followed.`,
    hint: "The target is compiled on its own; a link would compile it twice under a second name. Delete the link, or move the file to this path.",
  },
  "dedented-key": {
    code: "IC1108",
    severity: "error",
    message: msg`'${"key"}' is indented at the level of ${"what"} names, but it is a property of ${"what"} '${"owner"}' above it.`,
    hint: "Indent it further than the line above it (for example 2 more spaces), like the other properties of that entry.",
  },
} as const satisfies Record<string, DiagnosticDef>;
