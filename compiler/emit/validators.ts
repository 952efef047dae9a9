/** Emitter: contracts/<domain>/validators.js + .d.ts. */
import { defineEmitter } from "./emitter.js";

export const validatorsEmitter = defineEmitter({
  name: "validators",
  description: "contracts/<domain>/validators.js + .d.ts",
  emit() {
    return new Map();
  },
});
