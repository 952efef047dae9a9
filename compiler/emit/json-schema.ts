/** Emitter: contracts/<domain>/*.schema.json. */
import { defineEmitter } from "./emitter.js";

export const jsonSchemaEmitter = defineEmitter({
  name: "json-schema",
  description: "contracts/<domain>/*.schema.json",
  emit() {
    return new Map();
  },
});
