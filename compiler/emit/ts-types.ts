/** Emitter: contracts/<domain>/types.ts. */
import { defineEmitter } from "./emitter.js";

export const tsTypesEmitter = defineEmitter({
  name: "ts-types",
  description: "contracts/<domain>/types.ts",
  emit() {
    return new Map();
  },
});
