/** Emitter: tests/<domain>/<Machine>.model.test.ts — model-based tests per machine. */
import { defineEmitter } from "./emitter.js";

export const modelTestsEmitter = defineEmitter({
  name: "model-tests",
  description: "tests/<domain>/<Machine>.model.test.ts",
  emit() {
    return new Map();
  },
});
