/** Helpers for the version tests: compile fixture versions and make lock files like a build does. */
import { expect } from "vitest";
import { analyzeSync } from "../../compiler/driver/analyze.js";
import { compile } from "../../compiler/program.js";
import { createMemoryHost, createNodeHost } from "../../compiler/host.js";
import type { Program } from "../../compiler/ir/types.js";
import { lockEmitter } from "../../compiler/emit/lock.js";
import type { LockFile } from "../../compiler/diff/lock-file.js";
import { changelogHistory, type LockWithChangelog } from "../../compiler/diff/changelog.js";

/** Compile test/fixtures/versions/<v>/intent; fails the test on any error. */
export function fixtureProgram(version: "v1" | "v2" | "v3"): Program {
  const r = compile(createNodeHost(`test/fixtures/versions/${version}`), { dir: "intent" });
  expect(
    r.diagnostics
      .filter((d) => d.severity === "error")
      .map((d) => `${d.file}:${d.line}:${d.column} ${d.code} ${d.message}`),
  ).toEqual([]);
  return r.program!;
}

/** Compile in-memory intent; fails the test on any error. */
export function memoryProgram(files: Record<string, string>): Program {
  const r = compile(createMemoryHost(files), { dir: "intent" });
  expect(
    r.diagnostics
      .filter((d) => d.severity === "error")
      .map((d) => `${d.file}:${d.line}:${d.column} ${d.code} ${d.message}`),
  ).toEqual([]);
  return r.program!;
}

/** The lock a build of `program` writes on top of `previous` (lock emitter + accumulated change log). */
export function lockOf(program: Program, previous?: LockFile): LockWithChangelog {
  const text = lockEmitter
    .emit(program, { report: () => {}, options: {}, analysis: analyzeSync(program, 0, previous) })
    .get("intent.lock.json")!;
  const lock = JSON.parse(text) as LockWithChangelog;
  return lock.changelog !== undefined
    ? lock
    : JSON.parse(JSON.stringify({ ...lock, changelog: changelogHistory(program, previous) }));
}
