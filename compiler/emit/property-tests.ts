/** Emitter: tests/<domain>/*.test.ts. */
import { defineEmitter } from "./emitter.js";

export const propertyTestsEmitter = defineEmitter({
  name: "property-tests",
  description: "tests/<domain>/*.test.ts",
  emit() {
    return new Map();
  },
});
