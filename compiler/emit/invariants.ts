/** Emitter: contracts/<domain>/invariants.ts. */
import { defineEmitter } from "./emitter.js";

export const invariantsEmitter = defineEmitter({
  name: "invariants",
  description: "contracts/<domain>/invariants.ts",
  emit() {
    return new Map();
  },
});
