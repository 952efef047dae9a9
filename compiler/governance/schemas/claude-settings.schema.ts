/**
 * JSON Schema of the subset of Claude Code's `.claude/settings.json` that slice packs emit:
 * `permissions.{allow,deny,ask,defaultMode}` with `Tool(specifier)` rules and `sandbox` settings
 * (enabled, failIfUnavailable, autoAllowBashIfSandboxed, allowUnsandboxedCommands,
 * network.allowedDomains), following the documented settings shape.
 */

const rule = {
  type: "string",
  pattern:
    "^(Bash|Read|Edit|Write|WebFetch|WebSearch|Glob|Grep|NotebookEdit|Task|TodoWrite)(\\(.+\\))?$",
} as const;

/** The Claude Code settings schema (subset). */
export const claudeSettingsSchema = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  $id: "https://intentc.dev/schemas/claude-settings.schema.json",
  type: "object",
  additionalProperties: false,
  required: ["permissions", "sandbox"],
  properties: {
    $schema: { type: "string" },
    permissions: {
      type: "object",
      additionalProperties: false,
      required: ["allow", "deny"],
      properties: {
        allow: { type: "array", items: rule, uniqueItems: true },
        deny: { type: "array", items: rule, uniqueItems: true },
        ask: { type: "array", items: rule, uniqueItems: true },
        defaultMode: { enum: ["default", "acceptEdits", "plan", "dontAsk", "bypassPermissions"] },
        disableBypassPermissionsMode: { const: "disable" },
      },
    },
    sandbox: {
      type: "object",
      additionalProperties: false,
      required: ["enabled"],
      properties: {
        enabled: { type: "boolean" },
        failIfUnavailable: { type: "boolean" },
        autoAllowBashIfSandboxed: { type: "boolean" },
        allowUnsandboxedCommands: { type: "boolean" },
        network: {
          type: "object",
          additionalProperties: false,
          properties: {
            allowedDomains: { type: "array", items: { type: "string" } },
            allowLocalBinding: { type: "boolean" },
          },
        },
      },
    },
    env: { type: "object", additionalProperties: { type: "string" } },
    includeCoAuthoredBy: { type: "boolean" },
    enableAllProjectMcpServers: { type: "boolean" },
    disableAllHooks: { type: "boolean" },
  },
} as const;
