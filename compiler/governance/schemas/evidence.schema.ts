/** JSON Schema (2020-12) of `evidence.json`. */

const gate = {
  type: "object",
  additionalProperties: false,
  required: ["name", "stage", "command", "attempt", "status", "exitCode", "durationMs", "logSha256", "logTail"],
  properties: {
    name: { type: "string" },
    stage: { enum: ["static", "test"] },
    command: { type: "array", items: { type: "string" }, minItems: 1 },
    attempt: { type: "integer", minimum: 1 },
    status: { enum: ["passed", "failed", "timeout", "skipped"] },
    exitCode: { type: ["integer", "null"] },
    durationMs: { type: "integer", minimum: 0 },
    logSha256: { type: "string", pattern: "^([0-9a-f]{64})?$" },
    logTail: { type: "string" },
  },
} as const;

/** The evidence schema. */
export const evidenceSchema = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  $id: "https://intentc.dev/schemas/evidence.schema.json",
  title: "intentc evidence package",
  type: "object",
  additionalProperties: false,
  required: ["format", "kind", "slice", "packHash", "intentVersions", "base", "head", "result", "reason", "risk", "attempts", "sandbox", "files", "violations", "gates", "properties", "approvals", "untrusted"],
  properties: {
    format: { const: 1 },
    kind: { enum: ["run", "verify"] },
    slice: { type: "string", minLength: 1 },
    runId: { type: "string", pattern: "^[A-Za-z0-9._-]+$" },
    packHash: { type: "string", pattern: "^[0-9a-f]{64}$" },
    intentVersions: {
      type: "object",
      additionalProperties: false,
      required: ["system", "domains"],
      properties: { system: { type: "string" }, domains: { type: "object", additionalProperties: { type: "string" } } },
    },
    base: { type: "string", pattern: "^[0-9a-f]{40,64}$" },
    head: { type: "string", minLength: 1 },
    result: { enum: ["passed", "failed", "rejected"] },
    reason: { type: "string" },
    risk: {
      type: "object",
      additionalProperties: false,
      required: ["tier", "approvals", "retries"],
      properties: { tier: { type: "string" }, approvals: { type: "integer", minimum: 0 }, retries: { type: "integer", minimum: 0 } },
    },
    attempts: { type: "integer", minimum: 0 },
    sandbox: { enum: ["bwrap", "none"] },
    files: {
      type: "array",
      items: {
        type: "object",
        additionalProperties: false,
        required: ["path", "status", "type", "inScope"],
        properties: {
          path: { type: "string" },
          status: { enum: ["added", "modified", "deleted", "type-changed", "mode-changed"] },
          type: { enum: ["file", "dir", "symlink", "fifo", "socket", "char", "block", "gitlink"] },
          inScope: { type: "boolean" },
          hidden: { type: "boolean" },
          renamedFrom: { type: "string" },
        },
      },
    },
    violations: {
      type: "array",
      items: {
        type: "object",
        additionalProperties: false,
        required: ["path", "rule", "message"],
        properties: {
          path: { type: "string" },
          rule: { enum: ["outside-scope", "control-file", "symlink", "special-file", "setuid", "exec-bit", "nested-git", "gitlink", "rename-from-outside", "hidden-by-ignore", "too-large", "alias-name", "limit"] },
          message: { type: "string" },
        },
      },
    },
    sandboxLimits: { type: "array", items: { type: "string" } },
    masked: { type: "array", items: { type: "string" } },
    gates: { type: "array", items: gate },
    properties: {
      type: "array",
      items: {
        type: "object",
        additionalProperties: false,
        required: ["name", "status"],
        properties: { name: { type: "string" }, status: { enum: ["passed", "failed", "not-run"] }, counterexample: { type: "string" } },
      },
    },
    approvals: {
      type: "object",
      additionalProperties: false,
      required: ["required", "recorded"],
      properties: {
        required: { type: "integer", minimum: 0 },
        recorded: {
          type: "array",
          items: { type: "object", additionalProperties: false, required: ["by", "at"], properties: { by: { type: "string" }, at: { type: "string" } } },
        },
      },
    },
    agent: {
      type: "object",
      additionalProperties: false,
      required: ["name", "command"],
      properties: { name: { type: "string" }, command: { type: "array", items: { type: "string" } } },
    },
    untrusted: {
      type: "object",
      additionalProperties: false,
      properties: { notes: { type: "string" }, scopeRequest: { type: "string" } },
    },
    worktreeExtra: {
      type: "object",
      additionalProperties: false,
      required: ["note", "files", "violations"],
      properties: { note: { type: "string" }, files: { $ref: "#/properties/files" }, violations: { $ref: "#/properties/violations" } },
    },
  },
} as const;
