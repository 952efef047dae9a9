/** JSON Schema (2020-12) of `evidence.json`. */

const gate = {
  type: "object",
  additionalProperties: false,
  required: [
    "name",
    "stage",
    "command",
    "attempt",
    "status",
    "exitCode",
    "durationMs",
    "logSha256",
    "logTail",
  ],
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

const suite = {
  type: "object",
  additionalProperties: false,
  required: ["gate", "kind", "suite", "subject", "runs", "seed", "invariants", "result"],
  properties: {
    gate: { type: "string" },
    kind: { const: "model-based" },
    suite: { type: "string" },
    subject: { enum: ["implementation", "reference"] },
    runs: { type: "integer", minimum: 0 },
    seed: { type: "integer" },
    invariants: { type: "array", items: { type: "string" } },
    result: { enum: ["passed", "failed"] },
    counterexample: { type: "string" },
  },
} as const;

const decision = {
  type: "object",
  additionalProperties: false,
  required: ["kind", "host", "port", "allowed"],
  properties: {
    kind: { enum: ["connect", "request"] },
    host: { type: "string" },
    port: { type: "integer", minimum: 0, maximum: 65535 },
    allowed: { type: "boolean" },
    reason: { type: "string" },
    error: { type: "string" },
  },
} as const;

const stream = {
  type: "object",
  additionalProperties: false,
  required: ["file", "bytes", "truncated", "tail"],
  properties: {
    file: { type: "string" },
    bytes: { type: "integer", minimum: 0 },
    truncated: { type: "boolean" },
    tail: { type: "string" },
  },
} as const;

/** The evidence schema. */
export const evidenceSchema = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  $id: "https://intentc.dev/schemas/evidence.schema.json",
  title: "intentc evidence package",
  type: "object",
  additionalProperties: false,
  required: [
    "format",
    "kind",
    "slice",
    "packHash",
    "intentVersions",
    "base",
    "head",
    "result",
    "reason",
    "risk",
    "attempts",
    "sandbox",
    "files",
    "violations",
    "gates",
    "properties",
    "approvals",
    "untrusted",
  ],
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
      properties: {
        system: { type: "string" },
        domains: { type: "object", additionalProperties: { type: "string" } },
      },
    },
    base: { type: "string", pattern: "^[0-9a-f]{40,64}$" },
    head: { type: "string", minLength: 1 },
    result: { enum: ["passed", "failed", "rejected"] },
    reason: { type: "string" },
    risk: {
      type: "object",
      additionalProperties: false,
      required: ["tier", "approvals", "retries"],
      properties: {
        tier: { type: "string" },
        approvals: { type: "integer", minimum: 0 },
        retries: { type: "integer", minimum: 0 },
      },
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
          rule: {
            enum: [
              "outside-scope",
              "control-file",
              "symlink",
              "special-file",
              "setuid",
              "exec-bit",
              "nested-git",
              "gitlink",
              "rename-from-outside",
              "hidden-by-ignore",
              "too-large",
              "alias-name",
              "limit",
              "secret-value",
            ],
          },
          message: { type: "string" },
          blocked: { type: "boolean" },
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
        properties: {
          name: { type: "string" },
          status: { enum: ["passed", "failed", "not-exercised"] },
          suite: { type: "string" },
          runs: { type: "integer", minimum: 0 },
          seed: { type: "integer" },
          counterexample: { type: "string" },
        },
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
          items: {
            type: "object",
            additionalProperties: false,
            required: ["by", "at"],
            properties: { by: { type: "string" }, at: { type: "string" } },
          },
        },
      },
    },
    agent: {
      type: "object",
      additionalProperties: false,
      required: ["name", "command"],
      properties: {
        name: { type: "string" },
        command: { type: "array", items: { type: "string" } },
        profile: { enum: ["claude", "codex", "cursor-agent", "generic"] },
        env: { type: "array", items: { type: "string", pattern: "^[A-Z_][A-Z0-9_]{0,63}$" } },
      },
    },
    blockedAttempts: { type: "integer", minimum: 0 },
    suites: { type: "array", items: suite },
    exercise: {
      type: "object",
      additionalProperties: false,
      required: ["required", "missing"],
      properties: {
        required: { type: "array", items: { type: "string" } },
        missing: { type: "array", items: { type: "string" } },
      },
    },
    explorer: {
      type: "array",
      items: {
        type: "object",
        additionalProperties: false,
        required: ["machine", "verdict", "states", "complete", "findings"],
        properties: {
          machine: { type: "string" },
          verdict: { enum: ["clean", "findings", "not-run"] },
          states: { type: "integer", minimum: 0 },
          complete: { type: "boolean" },
          findings: { type: "array", items: { type: "string" } },
        },
      },
    },
    network: {
      type: "object",
      additionalProperties: false,
      required: ["enforced", "allow", "refused", "allowed"],
      properties: {
        enforced: { type: "boolean" },
        allow: { type: "array", items: { type: "string" } },
        refused: { type: "array", items: decision },
        allowed: { type: "array", items: decision },
      },
    },
    agentOutput: {
      type: "array",
      items: {
        type: "object",
        additionalProperties: false,
        required: ["attempt", "exitCode", "timedOut", "durationMs", "stdout", "stderr"],
        properties: {
          attempt: { type: "integer", minimum: 1 },
          exitCode: { type: ["integer", "null"] },
          timedOut: { type: "boolean" },
          durationMs: { type: "integer", minimum: 0 },
          stdout: stream,
          stderr: stream,
        },
      },
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
      properties: {
        note: { type: "string" },
        files: { $ref: "#/properties/files" },
        violations: { $ref: "#/properties/violations" },
      },
    },
  },
} as const;
