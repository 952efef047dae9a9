/**
 * The lock emitter normalizes the program once and reuses that copy for the hashes and the file;
 * the result must equal the straightforward definitions (hash of each part, stableJson of all).
 */
import { describe, expect, it } from "vitest";
import {
  elementHashes,
  hashNormalized,
  hashValue,
  normalizeProgram,
} from "../../compiler/ir/normalize.js";
import { lockEmitter } from "../../compiler/emit/lock.js";
import { stableJson } from "../../compiler/emit/code.js";
import { changelogHistory } from "../../compiler/diff/changelog.js";
import { analyzeSync } from "../../compiler/driver/analyze.js";
import { shopProgram } from "../emit/contracts/fixture.js";

describe("lock from one normalized copy", () => {
  it("hashes and text equal the unshared computation", () => {
    const program = shopProgram({ description: "Numbers 1, 10, 2 and </script>" });
    const normalized = normalizeProgram(program);
    expect(hashNormalized(normalized)).toBe(hashValue(program));
    const shared = elementHashes(normalized, true);
    expect(Object.keys(shared).length).toBeGreaterThan(3);
    expect(shared).toEqual(elementHashes(program));
    const text = lockEmitter
      .emit(program, { report() {}, options: {}, analysis: analyzeSync(program, 0) })
      .get("intent.lock.json");
    const plain = stableJson({
      lockVersion: 1,
      programHash: hashValue(normalized),
      elements: elementHashes(program),
      program: normalized,
      changelog: changelogHistory(program, undefined),
    });
    expect(text).toBe(plain);
  });
});
