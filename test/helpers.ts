/** Shared test helpers: compile in-memory intent and assert diagnostics exactly. */
import { expect } from "vitest";
import { createMemoryHost } from "../compiler/host.js";
import { compile, type CompileResult } from "../compiler/program.js";
import type { Diagnostic } from "../compiler/diagnostic.js";
import { main } from "../compiler/cli.js";
import type { CliIO } from "../compiler/cli/shared.js";

/** Compile in-memory files (`{ "intent/x.intent.yaml": "…" }`) from the `intent` dir. */
export function compileMemory(files: Record<string, string>, dir = "intent"): CompileResult {
  return compile(createMemoryHost(files), { dir });
}

/** Expected diagnostic: code plus optional exact position/file/message fragment. */
export interface ExpectedDiagnostic {
  readonly code: string;
  readonly line?: number;
  readonly column?: number;
  readonly file?: string;
  readonly message?: string | RegExp;
}

/** Assert the diagnostics match exactly (same count, same order after sorting). */
export function expectDiagnostics(
  actual: readonly Diagnostic[],
  expected: readonly ExpectedDiagnostic[],
): void {
  const simplify = (d: Diagnostic, e?: ExpectedDiagnostic) => ({
    code: d.code,
    ...(e?.line !== undefined ? { line: d.line } : {}),
    ...(e?.column !== undefined ? { column: d.column } : {}),
    ...(e?.file !== undefined ? { file: d.file } : {}),
  });
  const got = actual.map((d, i) => simplify(d, expected[i]));
  const want = expected.map((e) => ({
    code: e.code,
    ...(e.line !== undefined ? { line: e.line } : {}),
    ...(e.column !== undefined ? { column: e.column } : {}),
    ...(e.file !== undefined ? { file: e.file } : {}),
  }));
  expect(
    got,
    actual.map((d) => `${d.file}:${d.line}:${d.column} ${d.code} ${d.message}`).join("\n"),
  ).toEqual(want);
  expected.forEach((e, i) => {
    if (e.message !== undefined) expect(actual[i].message).toMatch(e.message);
  });
}

/** A minimal valid domain file header, for fixtures. */
export const HEADER = "intent: 1\ndomain: shop\nversion: 1.0.0\n";

/** Run the CLI in-process from `cwd`; collects stdout and stderr. */
export async function runCli(
  argv: readonly string[],
  cwd: string,
): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const io: CliIO = { out: (t) => (out += t), err: (t) => (err += t), cwd, isTTY: false };
  const code = await main(argv, io);
  return { code, out, err };
}

/**
 * test/fixtures/explore/system-bank's bank file widened to 8 accounts of 4 states each: more
 * combined states than a flow explored as one system may have (IC8025).
 */
export function wideBank(bank: string): string {
  return bank
    .replace("instances: 3", "instances: 8")
    .replace(
      "    states:\n      open:",
      "    states:\n      a: { on: { deposit: open } }\n      b: { on: { deposit: open } }\n      c: { on: { deposit: open } }\n      open:",
    )
    .replace(
      "Index: { type: integer, minimum: 0, maximum: 2 }",
      "Index: { type: integer, minimum: 0, maximum: 7 }",
    );
}
