/** Emitter: machines/<domain>/<Machine>.machine.ts. */
import { defineEmitter } from "./emitter.js";

export const xstateEmitter = defineEmitter({
  name: "xstate",
  description: "machines/<domain>/<Machine>.machine.ts",
  emit() {
    return new Map();
  },
});
