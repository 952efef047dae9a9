/**
 * JSON Schema of `@anthropic-ai/sandbox-runtime` settings (`srt --settings <file>`):
 * `network.{allowedDomains,deniedDomains,allowLocalBinding}` and
 * `filesystem.{denyRead,allowWrite,denyWrite}`, following the package's documented shape.
 */

const paths = { type: "array", items: { type: "string", minLength: 1 } } as const;

/** The sandbox-runtime settings schema. */
export const srtSettingsSchema = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  $id: "https://intentc.dev/schemas/srt-settings.schema.json",
  type: "object",
  additionalProperties: false,
  required: ["network", "filesystem"],
  properties: {
    network: {
      type: "object",
      additionalProperties: false,
      required: ["allowedDomains"],
      properties: {
        allowedDomains: {
          type: "array",
          items: { type: "string", pattern: "^(\\*\\.)?[A-Za-z0-9.-]+$" },
        },
        deniedDomains: { type: "array", items: { type: "string" } },
        allowLocalBinding: { type: "boolean" },
      },
    },
    filesystem: {
      type: "object",
      additionalProperties: false,
      required: ["denyRead", "allowWrite", "denyWrite"],
      properties: { denyRead: paths, allowWrite: paths, denyWrite: paths },
    },
  },
} as const;
