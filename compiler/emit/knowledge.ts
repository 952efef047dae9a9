/** Emitter: docs/*.md and docs/diagrams/*.mmd. */
import { defineEmitter } from "./emitter.js";

export const knowledgeEmitter = defineEmitter({
  name: "knowledge",
  description: "docs/*.md and docs/diagrams/*.mmd",
  emit() {
    return new Map();
  },
});
