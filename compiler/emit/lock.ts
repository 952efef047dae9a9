/** Emitter: intent.lock.json — the normalized Program with a hash per element (base for diff). */
import { defineEmitter } from "./emitter.js";
import { sortKeys } from "./code.js";
import { elementHashes, hashNormalized, normalizeProgram } from "../ir/normalize.js";
import { LOCK_FILE, type LockFile } from "../diff/lock-file.js";
import { escapeJsonText } from "../shared/escape.js";

export const lockEmitter = defineEmitter({
  name: "lock",
  description: "intent.lock.json: the normalized program and a content hash per element",
  emit(program, ctx) {
    // Normalize once; the hashes and the file reuse that copy (the lock is the largest output).
    const normalized = normalizeProgram(program);
    const lock: LockFile = {
      lockVersion: 1,
      programHash: hashNormalized(normalized),
      elements: elementHashes(normalized, true),
      program: normalized,
      changelog: ctx.analysis.changelog,
    };
    return new Map([[LOCK_FILE, lockJson(lock)]]);
  },
});

/**
 * `stableJson(lock)` without sorting the program's keys again: the normalized program already
 * has sorted keys and no undefined values, so only the rest of the lock goes through `sortKeys`.
 */
function lockJson(lock: LockFile): string {
  const doc = sortKeys({ ...lock, program: null }) as Record<string, unknown>;
  doc.program = lock.program; // replaces the placeholder in place: key order is unchanged
  return escapeJsonText(JSON.stringify(doc, null, 2)) + "\n";
}
