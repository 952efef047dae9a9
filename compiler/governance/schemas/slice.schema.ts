/** JSON Schema (2020-12) of a slice pack's `slice.json`, published as generated/slices/slice.schema.json. */

const relPath = { type: "string", minLength: 1, maxLength: 256, pattern: "^(?!/)(?!.*(^|/)\\.\\.?(/|$))[^\\\\\\u0000]+$" } as const;

/** The slice.json schema. */
export const sliceSchema = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  $id: "https://intentc.dev/schemas/slice.schema.json",
  title: "intentc slice pack",
  type: "object",
  additionalProperties: false,
  required: ["format", "id", "domain", "says", "intentVersions", "packHash", "implements", "uses", "writes", "writeRoots", "reads", "hide", "tools", "network", "risk", "contracts", "invariants", "native", "budget", "limits"],
  properties: {
    $schema: { type: "string" },
    format: { const: 1 },
    id: { type: "string", pattern: "^[A-Za-z][A-Za-z0-9_-]*$" },
    domain: { type: "string", pattern: "^[a-z][a-z0-9_]*$" },
    says: { type: "string" },
    intentVersions: {
      type: "object",
      additionalProperties: false,
      required: ["system", "domains"],
      properties: { system: { type: "string" }, domains: { type: "object", additionalProperties: { type: "string" } } },
    },
    packHash: { type: "string", pattern: "^[0-9a-f]{64}$" },
    implements: { type: "array", items: { type: "string" } },
    uses: { type: "array", items: { type: "string" } },
    writes: { type: "array", items: relPath, minItems: 1 },
    writeRoots: { type: "array", items: relPath, minItems: 1 },
    reads: { type: "array", items: relPath },
    hide: { type: "array", items: relPath },
    tools: { type: "array", items: { type: "string" } },
    network: { type: "array", items: { type: "string" } },
    risk: {
      type: "object",
      additionalProperties: false,
      required: ["tier", "approvals", "retries", "gates"],
      properties: {
        tier: { type: "string" },
        approvals: { type: "integer", minimum: 0 },
        retries: { type: "integer", minimum: 0, maximum: 10 },
        exercise: { enum: ["none", "critical", "all"] },
        mustExercise: { type: "array", items: { type: "string" } },
        gates: {
          type: "array",
          items: {
            type: "object",
            additionalProperties: false,
            required: ["name", "stage", "command"],
            properties: {
              name: { type: "string" },
              stage: { enum: ["static", "test"] },
              command: { type: "array", items: { type: "string" }, minItems: 1 },
            },
          },
        },
      },
    },
    agent: {
      type: "object",
      additionalProperties: false,
      required: ["profile", "env"],
      properties: {
        profile: { enum: ["claude", "codex", "cursor-agent", "generic"] },
        env: { type: "array", items: { type: "string", pattern: "^[A-Z_][A-Z0-9_]{0,63}$" } },
      },
    },
    contracts: { type: "array", items: relPath },
    invariants: { type: "array", items: { type: "string" } },
    native: { type: "object", additionalProperties: relPath },
    budget: {
      type: "object",
      additionalProperties: false,
      required: ["tokens", "totalBytes", "totalTokens", "files"],
      properties: {
        tokens: { type: "integer", minimum: 0 },
        totalBytes: { type: "integer", minimum: 0 },
        totalTokens: { type: "integer", minimum: 0 },
        files: {
          type: "array",
          items: {
            type: "object",
            additionalProperties: false,
            required: ["path", "bytes", "tokens"],
            properties: { path: relPath, bytes: { type: "integer", minimum: 0 }, tokens: { type: "integer", minimum: 0 } },
          },
        },
      },
    },
    limits: {
      type: "object",
      additionalProperties: false,
      required: ["timeoutSeconds", "fileSizeBytes", "openFiles", "cpuSeconds", "tmpBytes"],
      properties: {
        timeoutSeconds: { type: "integer", minimum: 1 },
        fileSizeBytes: { type: "integer", minimum: 1 },
        openFiles: { type: "integer", minimum: 16 },
        cpuSeconds: { type: "integer", minimum: 1 },
        tmpBytes: { type: "integer", minimum: 1 },
      },
    },
  },
} as const;
