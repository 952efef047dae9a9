/** Emitter: machines/<domain>/<Machine>.model.ts. */
import { defineEmitter } from "./emitter.js";

export const referenceModelEmitter = defineEmitter({
  name: "reference-model",
  description: "machines/<domain>/<Machine>.model.ts",
  emit() {
    return new Map();
  },
});
