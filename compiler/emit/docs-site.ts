/** Emitter: docs/site/. */
import { defineEmitter } from "./emitter.js";

export const docsSiteEmitter = defineEmitter({
  name: "docs-site",
  description: "docs/site/",
  emit() {
    return new Map();
  },
});
