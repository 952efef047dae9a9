/** Emitter: intent.schema.json — the JSON Schema of the intent format (the meta-schema). */
import { metaSchema } from "../load/meta-schema.js";
import { stableJson } from "./code.js";
import { defineEmitter } from "./emitter.js";

/** Path of the published meta-schema, relative to generated/. */
export const INTENT_SCHEMA_PATH = "intent.schema.json";

/** Publishes the meta-schema so editors (YAML language server) complete and validate intent files. */
export const intentSchemaEmitter = defineEmitter({
  name: "intent-schema",
  description: "intent.schema.json — the JSON Schema of the intent format",
  emit() {
    return new Map([[INTENT_SCHEMA_PATH, stableJson(metaSchema)]]);
  },
});
