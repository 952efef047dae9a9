/** Emitter: slices/<slice>/. */
import { defineEmitter } from "./emitter.js";

export const slicePacksEmitter = defineEmitter({
  name: "slice-packs",
  description: "slices/<slice>/",
  emit() {
    return new Map();
  },
});
