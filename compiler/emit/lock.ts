/** Emitter: intent.lock.json — the normalized Program with a hash per element (base for diff). */
import { defineEmitter } from "./emitter.js";
import { stableJson } from "./code.js";
import { elementHashes, hashValue, normalizeProgram } from "../ir/normalize.js";
import type { LockFile } from "./lock-types.js";
import { changelogHistory } from "../diff/changelog.js";

export const lockEmitter = defineEmitter({
  name: "lock",
  description: "intent.lock.json: the normalized program and a content hash per element",
  emit(program, ctx) {
    const normalized = normalizeProgram(program);
    const lock: LockFile = {
      lockVersion: 1,
      programHash: hashValue(normalized),
      elements: elementHashes(program),
      program: normalized,
      changelog: changelogHistory(program, ctx.previousLock),
    };
    return new Map([["intent.lock.json", stableJson(lock)]]);
  },
});
