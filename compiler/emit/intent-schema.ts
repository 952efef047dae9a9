/** Emitter: intent.schema.json — the JSON Schema of the intent format. */
import { defineEmitter } from "./emitter.js";

export const intentSchemaEmitter = defineEmitter({
  name: "intent-schema",
  description: "intent.schema.json — the JSON Schema of the intent format",
  emit() {
    return new Map();
  },
});
