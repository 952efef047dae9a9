/** Test helpers: compile a fixture, emit everything into test-artifacts/, type-check and run generated tests. */
import { expect } from "vitest";
import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { createNodeHost } from "../../../compiler/host.js";
import { compile, emitProgram } from "../../../compiler/program.js";
import type { Program } from "../../../compiler/ir/types.js";

/** Compile the intent under `root/intent` (must compile without errors). */
export function compileDir(root: string): Program {
  const r = compile(createNodeHost(root), { dir: "intent" });
  const errors = r.diagnostics.filter((d) => d.severity === "error");
  if (r.program === undefined || errors.length > 0)
    throw new Error(
      errors.map((d) => `${d.file}:${d.line}:${d.column} ${d.code} ${d.message}`).join("\n"),
    );
  return r.program;
}

/** Emit a program into `test-artifacts/<name>/` (inside the repo so `@intentc/runtime` resolves); returns that dir. */
export function emitTo(program: Program, name: string): string {
  const out = join("test-artifacts", name);
  rmSync(out, { recursive: true, force: true });
  for (const [path, text] of emitProgram(program).files) {
    mkdirSync(dirname(join(out, path)), { recursive: true });
    writeFileSync(join(out, path), text);
  }
  return out;
}

/** Native tsc on a generated tree; returns its output ("" when clean). */
export function typeCheck(dir: string): string {
  try {
    execFileSync("node_modules/.bin/tsc", ["-p", join(dir, "tsconfig.json")], {
      encoding: "utf8",
      stdio: "pipe",
    });
    return "";
  } catch (e) {
    return String((e as { stdout?: string }).stdout ?? e);
  }
}

/** The lines of the suite's `<name>: [` block (a suite's embedded data). */
export function block(text: string, name: string): string[] {
  const lines = text.split("\n");
  const start = lines.findIndex((l) => l.trim() === `${name}: [`);
  expect(start).toBeGreaterThanOrEqual(0);
  const indent = lines[start].length - lines[start].trimStart().length;
  const end = lines.findIndex((l, i) => i > start && l === `${" ".repeat(indent)}],`);
  return lines.slice(start + 1, end);
}
